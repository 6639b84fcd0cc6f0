package io.cacheobj.binding;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cacheobj.CacheValueException;
import io.cacheobj.backend.StoredValue;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests that JSON values written by another version of their type, or by Python, are read
 * through {@link ValueCodec#tolerant(JsonMapper)}: missing fields as their defaults,
 * unknown fields ignored.
 */
class JsonEvolutionTests {

	private final JsonMapper jsonMapper = ValueCodec.tolerant(JsonMapper.builder().build());

	@Test
	void recordWrittenWithoutNewFieldsReadsThemAsDefaults() {
		AddressV2 read = decode(AddressV2.class, encode(AddressV1.class, new AddressV1("Main")));
		assertThat(read).isEqualTo(new AddressV2("Main", 0, false, List.of(), Map.of(), Optional.empty(), null));
	}

	@Test
	void recordWrittenWithMoreFieldsIsReadByTheOlderShape() {
		AddressV2 newer = new AddressV2("Main", 12, true, List.of("home"), Map.of("floor", 3), Optional.of("c/o"),
				"ZIP");
		assertThat(decode(AddressV1.class, encode(AddressV2.class, newer))).isEqualTo(new AddressV1("Main"));
	}

	@Test
	void classWrittenWithoutNewFieldsKeepsTheirInitialValues() {
		PlainV1 old = new PlainV1();
		old.street = "Main";
		PlainV2 read = decode(PlainV2.class, encode(PlainV1.class, old));
		assertThat(read.street).isEqualTo("Main");
		assertThat(read.number).isZero();
		assertThat(read.tags).isEmpty();
		assertThat(read.country).isEqualTo("NL");
		assertThat(read.note).isNull();
	}

	@Test
	void classWrittenWithMoreFieldsIsReadByTheOlderShape() {
		PlainV2 newer = new PlainV2();
		newer.street = "Main";
		newer.number = 3;
		newer.tags = List.of("a");
		assertThat(decode(PlainV1.class, encode(PlainV2.class, newer)).street).isEqualTo("Main");
	}

	@Test
	void pythonJsonObjectWithExtraKeysAndNullsIsRead() {
		byte[] python = "{\"street\": \"Main\", \"number\": 7, \"tags\": null, \"_py_version\": 3, \"more\": [1, 2]}"
			.getBytes(StandardCharsets.UTF_8);
		AddressV2 read = decode(AddressV2.class, python);
		assertThat(read.street()).isEqualTo("Main");
		assertThat(read.number()).isEqualTo(7);
		assertThat(read.tags()).isEmpty();
	}

	@Test
	void valueOfTheWrongShapeIsStillRefused() {
		ValueCodec<?> codec = ValueCodec.forType(AddressV2.class, this.jsonMapper);
		assertThatExceptionOfType(CacheValueException.class)
			.isThrownBy(() -> codec.decode("k", StoredValue.of("[1, 2]".getBytes(StandardCharsets.UTF_8))))
			.withMessageContaining("'k'");
	}

	@Test
	void applicationMapperKeepsItsOwnSettingsAndIsNotChanged() {
		JsonMapper application = JsonMapper.builder()
			.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();
		JsonMapper tolerant = ValueCodec.tolerant(application);
		byte[] json = "{\"street_name\": \"Main\", \"unknown\": 1}".getBytes(StandardCharsets.UTF_8);
		ValueCodec<?> codec = ValueCodec.forType(Snake.class, tolerant);
		assertThat(codec.decode("k", StoredValue.of(json))).isEqualTo(new Snake("Main", 0));
		assertThat(application.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)).isTrue();
		assertThat(application.isEnabled(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)).isTrue();
	}

	@Test
	void untolerantJacksonDefaultFailsOnAMissingPrimitive() {
		ValueCodec<?> codec = ValueCodec.forType(AddressV2.class, JsonMapper.builder().build());
		assertThatExceptionOfType(CacheValueException.class).isThrownBy(
				() -> codec.decode("k", StoredValue.of("{\"street\":\"Main\"}".getBytes(StandardCharsets.UTF_8))));
	}

	private <T> byte[] encode(Class<T> type, T value) {
		@SuppressWarnings("unchecked")
		ValueCodec<T> codec = (ValueCodec<T>) ValueCodec.forType(type, this.jsonMapper);
		return codec.encode("k", value).bytes();
	}

	private <T> T decode(Class<T> type, byte[] bytes) {
		return type.cast(ValueCodec.forType(type, this.jsonMapper).decode("k", StoredValue.of(bytes)));
	}

	record AddressV1(String street) {

	}

	record AddressV2(String street, int number, boolean verified, List<String> tags, Map<String, Integer> extra,
			Optional<String> careOf, String zip) {

	}

	record Snake(String streetName, int number) {

	}

	static class PlainV1 {

		public String street;

	}

	static class PlainV2 {

		public String street;

		public int number;

		public List<String> tags = new ArrayList<>();

		public String country = "NL";

		public String note;

	}

}
