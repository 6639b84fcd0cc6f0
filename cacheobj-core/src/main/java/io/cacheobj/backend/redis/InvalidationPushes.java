package io.cacheobj.backend.redis;

import java.util.List;

import io.cacheobj.backend.InvalidationListener;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.StringCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Hands the {@code invalidate} pushes of a {@link RedisTrackingSource}'s connections to
 * its listener, on the client's I/O thread: each key invalidated, a flush (a null key
 * list) or more keys than the near cache holds as one invalidation of everything.
 */
final class InvalidationPushes {

	// Logged under the source's name, as its other warnings are.
	private static final Log logger = LogFactory.getLog(RedisTrackingSource.class);

	private final String backend;

	private final TrackingStatistics statistics;

	InvalidationPushes(String backend, TrackingStatistics statistics) {
		this.backend = backend;
		this.statistics = statistics;
	}

	/**
	 * Hand a push to the listener, if it is an {@code invalidate} message.
	 * @param message the push
	 * @param listener the listener
	 */
	void deliver(PushMessage message, InvalidationListener listener) {
		if (!"invalidate".equals(message.getType())) {
			return;
		}
		this.statistics.pushed();
		List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
		Object keys = (content.size() > 1) ? content.get(1) : null;
		try {
			if (keys instanceof List<?> list && list.size() >= stormKeys(listener)) {
				// More keys than the near cache can hold: one flush costs less than
				// removing them one by one, and drops nothing more that matters.
				this.statistics.invalidated(list.size());
				this.statistics.stormed();
				listener.invalidateAll();
			}
			else if (keys instanceof List<?> list) {
				for (Object key : list) {
					this.statistics.invalidated(1);
					listener.invalidate((String) key);
				}
			}
			else {
				this.statistics.flushed();
				listener.invalidateAll();
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Invalidation listener of " + this.backend + " failed", ex);
		}
	}

	private static long stormKeys(InvalidationListener listener) {
		long capacity = listener.capacity();
		return (capacity > 0) ? Math.max(capacity, 1000) : 10_000;
	}

}
