package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Checks of setting values at start-up: each stops start-up with an
 * {@link InvalidCacheObjPropertyException} naming the property, its value and what to do.
 */
final class SettingChecks {

	private SettingChecks() {
	}

	/**
	 * Stop start-up unless a duration is positive.
	 * @param property the property's full name
	 * @param duration its value
	 * @param action what to do instead
	 */
	static void checkPositive(String property, Duration duration, String action) {
		if (duration.isNegative() || duration.isZero()) {
			throw new InvalidCacheObjPropertyException(property, duration.toString(), "is not positive", action);
		}
	}

	/**
	 * Stop start-up unless a count is positive.
	 * @param property the property's full name
	 * @param count its value
	 * @param action what to do instead
	 */
	static void checkPositive(String property, int count, String action) {
		if (count < 1) {
			throw new InvalidCacheObjPropertyException(property, String.valueOf(count), "is not positive", action);
		}
	}

	/**
	 * Stop start-up unless every address is {@code host:port} with a port from 1 to
	 * 65535.
	 * @param property the property's full name
	 * @param addresses its value
	 * @param action what to do instead
	 */
	static void checkAddresses(String property, List<String> addresses, String action) {
		for (String address : addresses) {
			int colon = address.lastIndexOf(':');
			boolean valid = colon > 0 && colon < address.length() - 1;
			if (valid) {
				try {
					int port = Integer.parseInt(address.substring(colon + 1).trim());
					valid = port > 0 && port < 65536;
				}
				catch (NumberFormatException ex) {
					valid = false;
				}
			}
			if (!valid) {
				throw new InvalidCacheObjPropertyException(property, String.join(",", addresses),
						"has '" + address + "', which is not host:port", action);
			}
		}
	}

	/**
	 * Return an enum value as it is written in properties, such as
	 * {@code upstream-preferred}.
	 * @param value the value
	 * @return its kebab-case name
	 */
	static String kebab(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
