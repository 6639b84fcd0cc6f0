package io.cacheobj.backend.memcached;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import io.cacheobj.backend.memcached.MemcachedCacheBackend.Builder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link MemcachedCacheBackend.Builder}'s checks, which need no server.
 */
class MemcachedCacheBackendTests {

	private final Builder builder = MemcachedCacheBackend.builder("sessions",
			List.of(InetSocketAddress.createUnresolved("localhost", 11211)));

	@Test
	void itemSizeFromTheSmallestToTheLargestIntIsAccepted() {
		assertThatNoException().isThrownBy(() -> this.builder.maxItemSize(MemcachedCacheBackend.MIN_ITEM_SIZE));
		assertThatNoException().isThrownBy(() -> this.builder.maxItemSize(Integer.MAX_VALUE));
	}

	@Test
	void itemSizeUnderTheSmallestIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.builder.maxItemSize(1023))
			.withMessage(
					"'maxItemSize' must be from 1024 bytes (memcached's smallest -I) to 2147483647 bytes, was 1023");
	}

	@Test
	void itemSizeOverTheLargestIntIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.builder.maxItemSize(Integer.MAX_VALUE + 1L))
			.withMessageContaining("was 2147483648");
	}

	@Test
	void timeoutMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.builder.timeout(Duration.ZERO))
			.withMessage("'timeout' must be positive, was PT0S");
	}

}
