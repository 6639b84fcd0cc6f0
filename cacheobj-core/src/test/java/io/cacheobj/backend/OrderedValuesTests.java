package io.cacheobj.backend;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link OrderedValues}.
 */
class OrderedValuesTests {

	private final List<String> keys = List.of("a", "b", "c");

	private final StoredValue[] values = { value("1"), null, value("3") };

	@Test
	void isAMapOfTheKeysFound() {
		OrderedValues ordered = OrderedValues.of(this.keys, this.values);
		assertThat(ordered).hasSize(2)
			.containsEntry("a", value("1"))
			.containsEntry("c", value("3"))
			.doesNotContainKey("b");
		assertThat(ordered.get("b")).isNull();
	}

	@Test
	void handsItsValuesByPositionOnlyToTheListOfKeysItAnswers() {
		OrderedValues ordered = OrderedValues.of(this.keys, this.values);
		assertThat(ordered.valuesOf(this.keys)).isSameAs(this.values);
		assertThat(ordered.valuesOf(new ArrayList<>(this.keys))).isNull();
	}

	@Test
	void needsOneValueOrNullPerKey() {
		assertThatIllegalArgumentException().isThrownBy(() -> OrderedValues.of(this.keys, new StoredValue[2]));
	}

	private static StoredValue value(String text) {
		return StoredValue.of(text.getBytes(StandardCharsets.UTF_8));
	}

}
