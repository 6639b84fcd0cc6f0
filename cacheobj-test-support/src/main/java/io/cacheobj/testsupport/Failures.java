package io.cacheobj.testsupport;

/**
 * Finds the exception a failure analyzer would find in a start-up failure.
 */
public final class Failures {

	private Failures() {
	}

	/**
	 * Return the first exception of a type in a failure's cause chain.
	 * @param <T> the type
	 * @param failure the failure
	 * @param type the type
	 * @return the exception
	 * @throws AssertionError when there is none
	 */
	public static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + failure, failure);
	}

}
