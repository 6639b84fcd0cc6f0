package io.cacheobj.backend.redis;

import java.net.InetSocketAddress;

import io.lettuce.core.event.DefaultEventBus;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link RedisReconnects} pairs Lettuce's reconnect attempts with the connections
 * that come back, on an event bus fed by the test.
 */
class RedisReconnectsTests {

	private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 50000);

	private static final InetSocketAddress MASTER = new InetSocketAddress("127.0.0.1", 6379);

	private static final InetSocketAddress SENTINEL = new InetSocketAddress("127.0.0.1", 26379);

	private final DefaultEventBus events = new DefaultEventBus(Schedulers.immediate());

	@Test
	void aReconnectCountsWhenTheSameServerIsConnectedAgainAfterAnyNumberOfAttempts() {
		try (RedisReconnects reconnects = new RedisReconnects("Redis backend 'cache'", this.events)) {
			this.events.publish(new ReconnectAttemptEvent(LOCAL, MASTER, 1));
			this.events.publish(new ReconnectAttemptEvent(LOCAL, MASTER, 2));
			this.events.publish(new ReconnectAttemptEvent(LOCAL, MASTER, 3));
			assertThat(reconnects.count()).isZero();
			this.events.publish(new ConnectionActivatedEvent(LOCAL, new InetSocketAddress("localhost", 6379)));
			assertThat(reconnects.count()).isOne();
			this.events.publish(new ConnectionActivatedEvent(LOCAL, MASTER));
			assertThat(reconnects.count()).as("a new connection, no reconnect").isOne();
		}
	}

	@Test
	void anotherServersConnectionIsNotTakenForAReconnect() {
		try (RedisReconnects reconnects = new RedisReconnects("Redis backend 'cache'", this.events)) {
			this.events.publish(new ReconnectAttemptEvent(LOCAL, MASTER, 1));
			this.events.publish(new ConnectionActivatedEvent(LOCAL, SENTINEL));
			assertThat(reconnects.count()).isZero();
			this.events.publish(new ConnectionActivatedEvent(LOCAL, MASTER));
			assertThat(reconnects.count()).isOne();
		}
	}

	@Test
	void aServerNamedByHostIsMatchedByPortToTheAddressItResolvedTo() {
		try (RedisReconnects reconnects = new RedisReconnects("Redis backend 'cache'", this.events)) {
			this.events
				.publish(new ReconnectAttemptEvent(LOCAL, InetSocketAddress.createUnresolved("localhost", 6379), 1));
			this.events.publish(new ConnectionActivatedEvent(LOCAL, SENTINEL));
			assertThat(reconnects.count()).isZero();
			this.events.publish(new ConnectionActivatedEvent(LOCAL, MASTER));
			assertThat(reconnects.count()).isOne();
		}
	}

	@Test
	void serversAreTheSameByPortAndByAddressOrHostWhenBothAreKnownAlike() {
		assertThat(RedisReconnects.sameServer(MASTER, new InetSocketAddress("127.0.0.1", 6379))).isTrue();
		assertThat(RedisReconnects.sameServer(MASTER, new InetSocketAddress("127.0.0.2", 6379))).isFalse();
		assertThat(RedisReconnects.sameServer(MASTER, SENTINEL)).isFalse();
		assertThat(RedisReconnects.sameServer(InetSocketAddress.createUnresolved("redis-a", 6379),
				InetSocketAddress.createUnresolved("REDIS-A", 6379)))
			.isTrue();
		assertThat(RedisReconnects.sameServer(InetSocketAddress.createUnresolved("redis-a", 6379),
				InetSocketAddress.createUnresolved("redis-b", 6379)))
			.isFalse();
		assertThat(RedisReconnects.sameServer(InetSocketAddress.createUnresolved("redis-a", 6379), MASTER)).isTrue();
		assertThat(RedisReconnects.sameServer(null, MASTER)).isFalse();
	}

	@Test
	void aServerThatNeverComesBackDoesNotStopTheOthersCounting() {
		try (RedisReconnects reconnects = new RedisReconnects("Redis backend 'cache'", this.events)) {
			InetSocketAddress gone = new InetSocketAddress("127.0.0.1", 7000);
			for (int i = 0; i < 100; i++) {
				this.events.publish(new ReconnectAttemptEvent(LOCAL, gone, 1));
			}
			this.events.publish(new ReconnectAttemptEvent(LOCAL, MASTER, 1));
			this.events.publish(new ConnectionActivatedEvent(LOCAL, MASTER));
			assertThat(reconnects.count()).isOne();
		}
	}

	@Test
	void closedItCountsNoMore() {
		RedisReconnects reconnects = new RedisReconnects("Redis backend 'cache'", this.events);
		reconnects.close();
		this.events.publish(new ReconnectAttemptEvent(LOCAL, MASTER, 1));
		this.events.publish(new ConnectionActivatedEvent(LOCAL, MASTER));
		assertThat(reconnects.count()).isZero();
	}

}
