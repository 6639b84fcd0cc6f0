package io.cacheobj.binding;

/**
 * {@code byte[]} stored as is; arrays are copied both ways so that no caller can change a
 * value held by an in-memory backend.
 */
final class BytesCodec extends AbstractValueCodec<byte[]> {

	BytesCodec() {
		super(byte[].class, PythonFlags.BYTES, false);
	}

	@Override
	byte[] encode(byte[] value) {
		return value.clone();
	}

	@Override
	byte[] decode(byte[] bytes) {
		return bytes.clone();
	}

}
