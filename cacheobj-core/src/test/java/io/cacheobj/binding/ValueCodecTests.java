package io.cacheobj.binding;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.cacheobj.CacheValueException;
import io.cacheobj.backend.StoredValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ValueCodec}.
 */
class ValueCodecTests {

	private static final String KEY = "UserCache.10.value";

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	@Test
	void stringIsStoredAsUtf8TextWithPythonTextFlag() {
		StoredValue stored = encode(String.class, "héllo ✓");
		assertThat(stored.bytes()).isEqualTo("héllo ✓".getBytes(StandardCharsets.UTF_8));
		assertThat(stored.flags()).isEqualTo(16);
		assertThat(decode(String.class, stored)).isEqualTo("héllo ✓");
	}

	@Test
	@SuppressWarnings("unchecked")
	void immutableValuesAreDecodedOncePerStoredValue() {
		ValueCodec<String> text = (ValueCodec<String>) ValueCodec.forType(String.class, this.jsonMapper);
		StoredValue once = text.encode(KEY, "once");
		assertThat(text.decode(KEY, once)).isSameAs(text.decode(KEY, once));
		ValueCodec<Long> number = (ValueCodec<Long>) ValueCodec.forType(Long.class, this.jsonMapper);
		StoredValue big = number.encode(KEY, 700_000L);
		assertThat(number.decode(KEY, big)).isSameAs(number.decode(KEY, big));
		assertThat(text.decode(KEY, big)).isEqualTo("700000");
		assertThat(number.decode(KEY, big)).isEqualTo(700_000L);
	}

	@Test
	@SuppressWarnings("unchecked")
	void mutableValuesAreDecodedAnewEachTime() {
		ValueCodec<Address> json = (ValueCodec<Address>) ValueCodec.forType(Address.class, this.jsonMapper);
		StoredValue address = json.encode(KEY, new Address("A", 1));
		assertThat(json.decode(KEY, address)).isEqualTo(new Address("A", 1)).isNotSameAs(json.decode(KEY, address));
	}

	@Test
	@SuppressWarnings("unchecked")
	void failedDecodingIsNotRemembered() {
		ValueCodec<Long> number = (ValueCodec<Long>) ValueCodec.forType(Long.class, this.jsonMapper);
		StoredValue bad = StoredValue.of("x".getBytes());
		assertThatExceptionOfType(CacheValueException.class).isThrownBy(() -> number.decode(KEY, bad));
		assertThat(bad.decodedBy(number)).isNull();
		StoredValue good = StoredValue.of("12".getBytes());
		number.decode(KEY, good);
		assertThat(good.decodedBy(number)).isEqualTo(12L);
	}

	@Test
	void stringThatIsNotValidUtf8IsRefusedNamingKeyAndType() {
		StoredValue stored = StoredValue.of(new byte[] { 'a', (byte) 0xC3, (byte) 0x28 });
		assertThatExceptionOfType(CacheValueException.class).isThrownBy(() -> decode(String.class, stored))
			.withMessageContaining(KEY)
			.withMessageContaining("java.lang.String")
			.withMessageContaining("not valid UTF-8");
	}

	@Test
	void stringThatGenuinelyContainsReplacementCharacterIsRead() {
		assertThat(decode(String.class, encode(String.class, "a\uFFFDb"))).isEqualTo("a\uFFFDb");
	}

	@Test
	void integralNumbersAreStoredAsDecimalTextWithPythonIntegerFlag() {
		assertStored(Long.class, 1234567890123L, "1234567890123", 2);
		assertStored(Integer.class, -42, "-42", 2);
		assertStored(Short.class, (short) 7, "7", 2);
		assertStored(Byte.class, (byte) -8, "-8", 2);
		assertStored(BigInteger.class, new BigInteger("123456789012345678901234567890"),
				"123456789012345678901234567890", 2);
	}

	@Test
	void primitiveTypesUseTheirWrappersCodec() {
		assertStored(long.class, 5L, "5", 2);
		assertStored(boolean.class, true, "true", 16);
	}

	@Test
	void decimalNumbersAndBooleansAreStoredAsText() {
		assertStored(Double.class, 1.5, "1.5", 16);
		assertStored(Float.class, -0.25f, "-0.25", 16);
		assertStored(BigDecimal.class, new BigDecimal("10.010"), "10.010", 16);
		assertStored(Boolean.class, false, "false", 16);
	}

	@Test
	void pythonIntegerWrittenByPythonMemcachedIsReadAsLong() {
		assertThat(decode(Long.class, new StoredValue("10".getBytes(StandardCharsets.US_ASCII), 2))).isEqualTo(10L);
		assertThat(decode(Long.class, new StoredValue("10".getBytes(StandardCharsets.US_ASCII), 4))).isEqualTo(10L);
	}

	@Test
	void pythonBooleansStoredAsIntegersAreRead() {
		assertThat(decode(Boolean.class, new StoredValue("1".getBytes(), 2))).isTrue();
		assertThat(decode(Boolean.class, new StoredValue("0".getBytes(), 2))).isFalse();
		assertThat(decode(Boolean.class, StoredValue.of("True".getBytes()))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "abc", "1.5", " 1", "99999999999999999999" })
	void textThatIsNotALongIsRefused(String text) {
		assertThatExceptionOfType(CacheValueException.class)
			.isThrownBy(() -> decode(Long.class, StoredValue.of(text.getBytes(StandardCharsets.UTF_8))))
			.withMessageContaining(KEY)
			.withMessageContaining("java.lang.Long");
	}

	@Test
	void booleanThatIsNeitherTrueNorFalseIsRefused() {
		assertThatExceptionOfType(CacheValueException.class)
			.isThrownBy(() -> decode(Boolean.class, StoredValue.of("yes".getBytes())))
			.withMessageContaining("neither 'true' nor 'false'");
	}

	@Test
	void enumIsStoredByName() {
		assertStored(Color.class, Color.GREEN, "GREEN", 16);
	}

	@Test
	void unknownEnumNameIsRefused() {
		assertThatExceptionOfType(CacheValueException.class)
			.isThrownBy(() -> decode(Color.class, StoredValue.of("PURPLE".getBytes())))
			.withMessageContaining("'PURPLE' is not a constant of Color");
	}

	@Test
	void bytesAreStoredRawAndCopied() {
		byte[] value = { 0, 1, (byte) 0xFF };
		StoredValue stored = encode(byte[].class, value);
		assertThat(stored.bytes()).isEqualTo(value).isNotSameAs(value);
		assertThat(stored.flags()).isZero();
		byte[] decoded = decode(byte[].class, stored);
		assertThat(decoded).isEqualTo(value).isNotSameAs(stored.bytes());
	}

	@Test
	void recordIsStoredAsJsonText() {
		StoredValue stored = encode(Address.class, new Address("Main St", 12));
		assertThat(new String(stored.bytes(), StandardCharsets.UTF_8))
			.isEqualTo("{\"street\":\"Main St\",\"number\":12}");
		assertThat(stored.flags()).isEqualTo(16);
		assertThat(decode(Address.class, stored)).isEqualTo(new Address("Main St", 12));
	}

	@Test
	void genericTypeIsReadBackAsDeclared() {
		Type type = new ParameterizedTypeReference<List<Address>>() {
		}.getType();
		@SuppressWarnings("unchecked")
		ValueCodec<Object> codec = (ValueCodec<Object>) ValueCodec.forType(type, this.jsonMapper);
		Object decoded = codec.decode(KEY, codec.encode(KEY, List.of(new Address("A", 1), new Address("B", 2))));
		assertThat(decoded).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.containsExactly(new Address("A", 1), new Address("B", 2));
	}

	@Test
	void javaTimeAndUuidAreStoredAsJson() {
		UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
		assertThat(decode(UUID.class, encode(UUID.class, uuid))).isEqualTo(uuid);
		assertThat(new String(encode(LocalDate.class, LocalDate.of(2026, 11, 24)).bytes())).isEqualTo("\"2026-11-24\"");
	}

	@Test
	void jsonOfTheWrongShapeIsRefusedNamingKeyAndType() {
		assertThatExceptionOfType(CacheValueException.class)
			.isThrownBy(() -> decode(Address.class, StoredValue.of("[1,2]".getBytes())))
			.withMessageContaining(KEY)
			.withMessageContaining(Address.class.getName());
		assertThatExceptionOfType(CacheValueException.class)
			.isThrownBy(() -> decode(Address.class, StoredValue.of("not json".getBytes())))
			.withMessageContaining(KEY);
	}

	@Test
	void jsonNullIsRefusedRatherThanReturnedAsAValue() {
		assertThatExceptionOfType(CacheValueException.class)
			.isThrownBy(() -> decode(Address.class, StoredValue.of("null".getBytes())))
			.withMessageContaining("JSON null");
	}

	@Test
	void pickledPythonItemIsRefusedForEveryType() {
		StoredValue pickle = new StoredValue(new byte[] { (byte) 0x80, 4, 'K', 1, '.' }, 1);
		for (Class<?> type : List.of(String.class, Long.class, byte[].class, Address.class)) {
			assertThatExceptionOfType(CacheValueException.class).isThrownBy(() -> decode(type, pickle))
				.withMessageContaining("Python pickle");
		}
	}

	@Test
	void compressedItemIsRefused() {
		assertThatExceptionOfType(CacheValueException.class)
			.isThrownBy(() -> decode(String.class, new StoredValue(new byte[] { 'x' }, 8 | 16)))
			.withMessageContaining("compressed");
	}

	@Test
	void valueThatCannotBeWrittenAsJsonIsRefused() {
		assertThatExceptionOfType(CacheValueException.class)
			.isThrownBy(() -> encode(Unwritable.class, new Unwritable()))
			.withMessageContaining("cannot be encoded");
	}

	@Test
	void mapOfValuesRoundTrips() {
		Type type = new ParameterizedTypeReference<Map<String, Integer>>() {
		}.getType();
		@SuppressWarnings("unchecked")
		ValueCodec<Object> codec = (ValueCodec<Object>) ValueCodec.forType(type, this.jsonMapper);
		assertThat(codec.decode(KEY, codec.encode(KEY, Map.of("a", 1)))).isEqualTo(Map.of("a", 1));
	}

	@Test
	void integerFlagsAreThoseOfAPythonIntAndIntegersCarryThem() {
		assertThat(StoredValue.INTEGER_FLAGS).isEqualTo(2);
		assertThat(encode(Long.class, 5L).flags()).isEqualTo(StoredValue.INTEGER_FLAGS);
		assertThat(encode(Integer.class, 5).flags()).isEqualTo(StoredValue.INTEGER_FLAGS);
	}

	private <T> void assertStored(Class<T> type, T value, String text, int flags) {
		StoredValue stored = encode(type, value);
		assertThat(new String(stored.bytes(), StandardCharsets.UTF_8)).isEqualTo(text);
		assertThat(stored.flags()).isEqualTo(flags);
		assertThat(decode(type, stored)).isEqualTo(value);
	}

	@SuppressWarnings("unchecked")
	private <T> StoredValue encode(Class<T> type, T value) {
		return ((ValueCodec<T>) ValueCodec.forType(type, this.jsonMapper)).encode(KEY, value);
	}

	@SuppressWarnings("unchecked")
	private <T> T decode(Class<T> type, StoredValue stored) {
		return ((ValueCodec<T>) ValueCodec.forType(type, this.jsonMapper)).decode(KEY, stored);
	}

	enum Color {

		RED, GREEN

	}

	record Address(String street, int number) {

	}

	static class Unwritable {

		public String getValue() {
			throw new IllegalStateException("no value");
		}

	}

}
