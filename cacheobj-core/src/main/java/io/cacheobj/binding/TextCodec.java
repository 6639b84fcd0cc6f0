package io.cacheobj.binding;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strings as UTF-8 text; bytes that are not valid UTF-8 are refused rather than replaced.
 */
final class TextCodec extends AbstractValueCodec<String> {

	TextCodec() {
		super(String.class, PythonFlags.TEXT, true);
	}

	@Override
	byte[] encode(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	String decode(byte[] bytes) {
		String text = new String(bytes, StandardCharsets.UTF_8);
		// The fast decoder replaces malformed input with U+FFFD, which may also be
		// genuine text:
		// only then is the strict decoder worth its cost.
		if (text.indexOf('\uFFFD') >= 0) {
			return decodeStrictly(bytes);
		}
		return text;
	}

	static String decodeStrictly(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new IllegalArgumentException("it is not valid UTF-8 text", ex);
		}
	}

}
