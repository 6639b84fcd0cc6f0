package io.cacheobj.backend.redis;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The Redis client of a {@link RedisTrackingSource}, created when the source starts:
 * opens its connections and waits for their answers within the timeout, restoring the
 * interrupt when interrupted.
 */
final class TrackingConnector {

	private final RedisTrackingSettings settings;

	private volatile @Nullable RedisClient client;

	TrackingConnector(RedisTrackingSettings settings) {
		this.settings = settings;
	}

	/**
	 * Create the client, on the settings' client resources when there are some.
	 */
	void start() {
		ClientResources resources = this.settings.clientResources();
		RedisClient client = (resources != null) ? RedisClient.create(resources) : RedisClient.create();
		client.setOptions(this.settings.clientOptions());
		this.client = client;
	}

	/**
	 * Open a connection, and close it should it open after the timeout.
	 * @param uri where to
	 * @return the connection
	 * @throws Exception when it failed or timed out
	 */
	StatefulRedisConnection<String, String> connect(RedisURI uri) throws Exception {
		return await(client().connectAsync(StringCodec.UTF8, uri), StatefulRedisConnection::closeAsync);
	}

	/**
	 * Open a pub/sub connection, and close it should it open after the timeout.
	 * @param uri where to
	 * @return the connection
	 * @throws Exception when it failed or timed out
	 */
	StatefulRedisPubSubConnection<String, String> connectPubSub(RedisURI uri) throws Exception {
		return await(client().connectPubSubAsync(StringCodec.UTF8, uri), StatefulRedisConnection::closeAsync);
	}

	/**
	 * Open a connection to a sentinel, and close it should it open after the timeout.
	 * @param uri where to
	 * @return the connection
	 * @throws Exception when it failed or timed out
	 */
	StatefulRedisSentinelConnection<String, String> connectSentinel(RedisURI uri) throws Exception {
		return await(client().connectSentinelAsync(StringCodec.UTF8, uri), StatefulRedisSentinelConnection::closeAsync);
	}

	private <T> T await(CompletionStage<T> connecting, Consumer<T> closer) throws Exception {
		try {
			return await(connecting);
		}
		catch (Exception ex) {
			connecting.thenAccept(closer);
			throw ex;
		}
	}

	/**
	 * Wait for an answer within the timeout; interrupted, restore the interrupt and throw
	 * the {@link InterruptedException}, so that every caller stops as the thread must.
	 * @throws Exception what the call failed with, once unwrapped
	 */
	<T> T await(CompletionStage<T> stage) throws Exception {
		try {
			return stage.toCompletableFuture().get(this.settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw ex;
		}
		catch (ExecutionException ex) {
			Exception cause = (ex.getCause() instanceof Exception failure) ? failure : ex;
			if (cause instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			throw cause;
		}
	}

	/**
	 * Shut the client down, if it was created, waiting for it unless called on a thread
	 * that must not wait.
	 * @param wait whether to wait until it is shut down
	 */
	void shutdown(boolean wait) {
		RedisClient client = this.client;
		if (client == null) {
			return;
		}
		if (wait) {
			client.shutdown(0, this.settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		else {
			client.shutdownAsync(0, this.settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private RedisClient client() {
		RedisClient client = this.client;
		Assert.state(client != null, "Not started");
		return client;
	}

}
