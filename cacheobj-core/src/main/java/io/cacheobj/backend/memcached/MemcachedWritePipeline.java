package io.cacheobj.backend.memcached;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.cacheobj.CacheBackendException;
import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.CacheWrite;
import net.spy.memcached.internal.OperationFuture;
import net.spy.memcached.ops.OperationStatus;
import net.spy.memcached.ops.StatusCode;
import org.jspecify.annotations.Nullable;

/**
 * One bulk write of a {@link MemcachedCacheBackend}: every operation is handed to
 * spymemcached, which writes each server's operations together, before any is awaited; in
 * chunks of {@value #CHUNK_SIZE} operations, at most {@value #CHUNKS_IN_FLIGHT} chunks
 * unanswered at a time, the next sent as soon as the oldest is answered, so that each
 * operation's answer is due within the timeout of its own chunk's send.
 * <p>
 * One thread sends the chunks and awaits their operations' futures directly, as a caller
 * of spymemcached's asynchronous {@code set} would: no completion listener, so no hop to
 * spymemcached's listener executor per write. A synchronous bulk write runs on its
 * caller's thread; an asynchronous one on the backend's sender executor, so that its
 * caller never sends and never waits for spymemcached's operation queue.
 * <p>
 * A counter's {@code incr} that finds no counter is followed by an {@code add}, so a
 * write after an increment of the same key starts a chunk that waits for every write
 * before it: only then is the order of a key's writes kept.
 */
final class MemcachedWritePipeline {

	static final int CHUNK_SIZE = 1000;

	static final int CHUNKS_IN_FLIGHT = 8;

	/**
	 * How many asynchronous bulk writes of one backend are sent at once; more wait for a
	 * sender, never on their caller's thread.
	 */
	private static final int SENDERS = 4;

	/**
	 * How often an increment tries again when another client creates the counter between
	 * its {@code incr} and its {@code add}.
	 */
	private static final int COUNTER_ATTEMPTS = 5;

	private final MemcachedCacheBackend backend;

	private final MemcachedFailures failures;

	private final long timeoutNanos;

	private final List<CacheWrite> writes;

	private final @Nullable Throwable[] failed;

	MemcachedWritePipeline(MemcachedCacheBackend backend, MemcachedFailures failures, long timeoutMillis,
			List<CacheWrite> writes) {
		this.backend = backend;
		this.failures = failures;
		this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		this.writes = writes;
		this.failed = new Throwable[writes.size()];
	}

	/**
	 * Create the executor that sends a backend's asynchronous bulk writes: a few daemon
	 * threads, started when needed and ended when idle.
	 * @param name the backend's name, in the threads' names
	 * @return the executor, to shut down with the backend
	 */
	static ExecutorService senders(String name) {
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(SENDERS, SENDERS, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (task) -> {
					Thread thread = new Thread(task,
							"cacheobj-memcached-" + name + "-writes-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	/**
	 * Make the writes on this thread.
	 * @throws CacheBackendException naming how many writes failed and the first failure
	 */
	void run() {
		ArrayDeque<Chunk> inFlight = new ArrayDeque<>(CHUNKS_IN_FLIGHT);
		Set<String> incremented = new HashSet<>();
		int start = 0;
		boolean barrier = false;
		for (int i = 0; i < this.writes.size(); i++) {
			CacheWrite write = this.writes.get(i);
			boolean repeated = incremented.contains(write.key());
			if (repeated || i - start == CHUNK_SIZE) {
				send(start, i, barrier, inFlight);
				start = i;
				barrier = repeated;
				if (repeated) {
					incremented.clear();
				}
			}
			if (write.kind() == CacheWrite.Kind.INCREMENT) {
				incremented.add(write.key());
			}
		}
		send(start, this.writes.size(), barrier, inFlight);
		while (!inFlight.isEmpty()) {
			await(inFlight.poll());
		}
		CacheBackendException failure = BackendFailures.writesFailed(this.failures.backend(), this.writes, this.failed);
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * Make the writes on one of the backend's senders.
	 * @param senders the backend's senders
	 * @return a future completed when every write is answered, exceptionally with what
	 * {@link #run()} would throw
	 */
	CompletableFuture<@Nullable Void> start(Executor senders) {
		CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
		try {
			senders.execute(() -> {
				try {
					run();
					done.complete(null);
				}
				catch (RuntimeException ex) {
					done.completeExceptionally(ex);
				}
				catch (Error ex) {
					done.completeExceptionally(ex);
					throw ex;
				}
			});
		}
		catch (RejectedExecutionException ex) {
			done.completeExceptionally(BackendFailures.allWritesFailed(this.failures.backend(), this.writes,
					new IllegalStateException("The backend is shut down", ex)));
		}
		return done;
	}

	/**
	 * Send the writes from {@code start} to {@code end}, once fewer chunks are in flight
	 * than the limit, or none when the chunk must wait for every write before it.
	 */
	private void send(int start, int end, boolean barrier, ArrayDeque<Chunk> inFlight) {
		while (!inFlight.isEmpty() && (barrier || inFlight.size() == CHUNKS_IN_FLIGHT)) {
			await(inFlight.poll());
		}
		OperationFuture<?>[] operations = new OperationFuture<?>[end - start];
		for (int i = start; i < end; i++) {
			try {
				operations[i - start] = send(this.writes.get(i));
			}
			catch (RuntimeException ex) {
				this.failed[i] = ex;
			}
		}
		inFlight.add(new Chunk(start, operations, System.nanoTime() + this.timeoutNanos));
	}

	private OperationFuture<?> send(CacheWrite write) {
		return switch (write.kind()) {
			case SET -> this.backend.startSet(write.key(), write.requiredValue(), write.ttl());
			case DELETE -> this.backend.startDelete(write.key());
			case INCREMENT -> this.backend.startMutation(write.key(), write.delta());
		};
	}

	/**
	 * Wait for every answer of a chunk, within the timeout from its send; a write still
	 * unanswered then failed.
	 */
	private void await(Chunk chunk) {
		for (int i = 0; i < chunk.operations.length; i++) {
			OperationFuture<?> operation = chunk.operations[i];
			if (operation != null) {
				int position = chunk.start + i;
				try {
					check(this.writes.get(position), operation, chunk.deadline);
				}
				catch (RuntimeException ex) {
					this.failed[position] = ex;
				}
			}
		}
	}

	private void check(CacheWrite write, OperationFuture<?> operation, long deadline) {
		String key = write.key();
		Object answer = this.failures.await(key, operation, remaining(deadline));
		switch (write.kind()) {
			case SET -> {
				if (!Boolean.TRUE.equals(answer)) {
					throw this.failures.refused(key, operation.getStatus());
				}
			}
			case DELETE -> {
			}
			case INCREMENT -> increment(write, (Long) answer, operation.getStatus());
		}
	}

	/**
	 * Finish an increment whose {@code incr} was answered: when it found no counter,
	 * create it with {@code add}, or increment again when another client created it
	 * meanwhile. Each of these later operations is due within the timeout of its own
	 * send.
	 */
	private void increment(CacheWrite write, @Nullable Long value, OperationStatus status) {
		String key = write.key();
		for (int attempt = 1;; attempt++) {
			// spymemcached answers -1, with a status, when the counter is missing or
			// refused.
			if (value != null && value >= 0) {
				return;
			}
			if (status.getStatusCode() != StatusCode.ERR_NOT_FOUND) {
				throw this.failures.refused(key, status);
			}
			// memcached counters are unsigned: a decrement of a missing counter starts it
			// at 0.
			long initial = Math.max(0, write.delta());
			OperationFuture<Boolean> creation = this.backend.startCounterAdd(key, initial, write.ttl());
			if (Boolean.TRUE.equals(this.failures.await(key, creation, this.timeoutNanos))) {
				return;
			}
			if (attempt == COUNTER_ATTEMPTS) {
				throw this.failures.counterKeptChanging(key);
			}
			OperationFuture<Long> mutation = this.backend.startMutation(key, write.delta());
			value = this.failures.await(key, mutation, this.timeoutNanos);
			status = mutation.getStatus();
		}
	}

	private static long remaining(long deadline) {
		return Math.max(0, deadline - System.nanoTime());
	}

	/**
	 * A chunk's operations, {@code null} where a write was refused before it was sent.
	 */
	private record Chunk(int start, @Nullable OperationFuture<?>[] operations, long deadline) {

	}

}
