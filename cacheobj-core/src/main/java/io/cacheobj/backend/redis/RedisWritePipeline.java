package io.cacheobj.backend.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.cacheobj.CacheObjException;
import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.CacheWrite;
import io.cacheobj.backend.redis.LettuceCommands.Commands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.jspecify.annotations.Nullable;

/**
 * One bulk write on its way: chunks of {@value RedisCacheBackend#CHUNK_SIZE} commands,
 * each handed to the connection in one write (so one flush; on a cluster, one per node),
 * and at most {@value #CHUNKS_IN_FLIGHT} chunks unanswered at a time. The next chunk is
 * sent when one is answered, from Lettuce's I/O thread, so that the connection never
 * waits between chunks while each chunk's answer is still due within the timeout of its
 * own send, however many writes there are.
 */
final class RedisWritePipeline {

	private static final int CHUNKS_IN_FLIGHT = 8;

	private final LettuceCommands lettuce;

	private final RedisFailures backendFailures;

	private final Commands commands;

	private final List<CacheWrite> writes;

	private final @Nullable Throwable[] failures;

	private final CompletableFuture<@Nullable Void> done = new CompletableFuture<>();

	private int next;

	private int answered;

	RedisWritePipeline(LettuceCommands lettuce, RedisFailures backendFailures, Commands commands,
			List<CacheWrite> writes) {
		this.lettuce = lettuce;
		this.backendFailures = backendFailures;
		this.commands = commands;
		this.writes = writes;
		this.failures = new Throwable[writes.size()];
	}

	CompletableFuture<@Nullable Void> start() {
		int chunks = (this.writes.size() + RedisCacheBackend.CHUNK_SIZE - 1) / RedisCacheBackend.CHUNK_SIZE;
		for (int i = 0; i < Math.min(chunks, CHUNKS_IN_FLIGHT); i++) {
			sendNext();
		}
		return this.done;
	}

	private void sendNext() {
		int start;
		synchronized (this) {
			start = this.next;
			if (start >= this.writes.size()) {
				return;
			}
			this.next = Math.min(this.writes.size(), start + RedisCacheBackend.CHUNK_SIZE);
		}
		int end = Math.min(this.writes.size(), start + RedisCacheBackend.CHUNK_SIZE);
		List<AsyncCommand<byte[], byte[], ?>> chunk = new ArrayList<>(end - start);
		for (int i = start; i < end; i++) {
			chunk.add(command(this.writes.get(i)));
		}
		try {
			this.commands.dispatch(chunk);
		}
		catch (RuntimeException ex) {
			chunk.forEach((command) -> command.completeExceptionally(ex));
		}
		CompletableFuture<?>[] answers = new CompletableFuture<?>[chunk.size()];
		for (int i = 0; i < answers.length; i++) {
			int position = start + i;
			CompletableFuture<?> command = chunk.get(i);
			answers[i] = this.lettuce.completion(this.writes.get(position).key(), command).handle((value, ex) -> {
				this.failures[position] = ex;
				return null;
			});
		}
		CompletableFuture.allOf(answers).whenComplete((all, ex) -> answered(end - start));
	}

	private void answered(int count) {
		boolean last;
		synchronized (this) {
			this.answered += count;
			last = this.answered == this.writes.size();
		}
		if (!last) {
			sendNext();
			return;
		}
		CacheObjException failure = BackendFailures.writesFailed(this.backendFailures.backend(), this.writes,
				this.failures);
		if (failure != null) {
			this.done.completeExceptionally(failure);
		}
		else {
			this.done.complete(null);
		}
	}

	/**
	 * Turn one write into its Redis command: {@code SET} (with {@code PX}), {@code DEL},
	 * {@code INCRBY}, or for a counter with a time to live the script
	 * {@link RedisCacheBackend#increment(String, long, Duration)} runs.
	 */
	private static AsyncCommand<byte[], byte[], ?> command(CacheWrite write) {
		byte[] key = RedisCacheBackend.bytes(write.key());
		Duration ttl = write.ttl();
		CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE);
		Command<byte[], byte[], ?> command = switch (write.kind()) {
			case SET -> {
				args.addKey(key).addValue(write.requiredValue().bytes());
				if (ttl != null) {
					args.add("PX").add(RedisCacheBackend.millis(ttl));
				}
				yield new Command<>(CommandType.SET, new StatusOutput<>(ByteArrayCodec.INSTANCE), args);
			}
			case DELETE ->
				new Command<>(CommandType.DEL, new IntegerOutput<>(ByteArrayCodec.INSTANCE), args.addKey(key));
			case INCREMENT -> {
				if (ttl == null) {
					yield new Command<>(CommandType.INCRBY, new IntegerOutput<>(ByteArrayCodec.INSTANCE),
							args.addKey(key).add(write.delta()));
				}
				args.add(RedisScripts.INCREMENT_WITH_TTL)
					.add(1)
					.addKey(key)
					.addValue(RedisCacheBackend.bytes(Long.toString(write.delta())))
					.addValue(RedisCacheBackend.bytes(Long.toString(RedisCacheBackend.millis(ttl))));
				yield new Command<>(CommandType.EVAL, new IntegerOutput<>(ByteArrayCodec.INSTANCE), args);
			}
		};
		return new AsyncCommand<>(command);
	}

}
