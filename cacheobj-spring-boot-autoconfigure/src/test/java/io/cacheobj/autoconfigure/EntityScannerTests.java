package io.cacheobj.autoconfigure;

import java.util.List;

import io.cacheobj.autoconfigure.aot.AotProfile;
import io.cacheobj.autoconfigure.aot.AotUser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EntityScanner}.
 */
class EntityScannerTests {

	@Test
	void findsTheEntityTypesOfAPackageAndNothingElse() {
		assertThat(EntityScanner.scan(List.of("io.cacheobj.autoconfigure.aot"), getClass().getClassLoader()))
			.containsExactlyInAnyOrder(AotUser.class, AotProfile.class);
	}

}
