package io.cacheobj.backend.memcached;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.List;

import net.spy.memcached.ConnectionFactory;
import net.spy.memcached.MemcachedConnection;
import net.spy.memcached.MemcachedNode;

/**
 * Reconnects to a memcached server within milliseconds of a dropped connection.
 * spymemcached waits {@code min(2^n s, maxReconnectDelay)} before the {@code n}th attempt
 * (its count is at least one), so a connection that a server or proxy drops costs one to
 * two seconds of failed calls even when the server answers at once. This hands the
 * connection nodes that report their attempts {@value #EARLIER} fewer, so the waits are
 * {@code 2^(n-10)} seconds: 2 ms, 4 ms, 8 ms, … one second at the tenth attempt, then as
 * spymemcached's, up to {@code maxReconnectDelay}. A server that stays down is tried ten
 * times in its first two seconds, never in a loop.
 * <p>
 * spymemcached reads the count only for that delay and to tell its connection observers;
 * everything else goes to the node it made, unchanged (through a dynamic proxy, since its
 * nodes' {@code getReconnectCount} is final).
 */
final class FastReconnect {

	/** How many attempts fewer the nodes report. */
	static final int EARLIER = 10;

	private FastReconnect() {
	}

	/**
	 * Return a connection factory that is the given one but for its nodes' reconnect
	 * counts.
	 * @param factory the factory spymemcached's builder made
	 * @return the factory to create the client with
	 */
	static ConnectionFactory of(ConnectionFactory factory) {
		return (ConnectionFactory) Proxy.newProxyInstance(FastReconnect.class.getClassLoader(),
				new Class<?>[] { ConnectionFactory.class }, new FactoryHandler(factory));
	}

	private static Object forward(Object target, Method method, Object[] arguments) throws Throwable {
		try {
			return method.invoke(target, arguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private static final class FactoryHandler implements InvocationHandler {

		private final ConnectionFactory factory;

		FactoryHandler(ConnectionFactory factory) {
			this.factory = factory;
		}

		@Override
		@SuppressWarnings("unchecked")
		public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
			return switch (method.getName()) {
				// As DefaultConnectionFactory does, but with this factory, whose nodes
				// the connection creates.
				case "createConnection" ->
					new MemcachedConnection(this.factory.getReadBufSize(), (ConnectionFactory) proxy,
							(List<InetSocketAddress>) arguments[0], this.factory.getInitialObservers(),
							this.factory.getFailureMode(), this.factory.getOperationFactory());
				case "createMemcachedNode" -> node((MemcachedNode) forward(this.factory, method, arguments));
				case "equals" -> proxy == arguments[0];
				case "hashCode" -> System.identityHashCode(proxy);
				case "toString" -> "FastReconnect[" + this.factory + "]";
				default -> forward(this.factory, method, arguments);
			};
		}

		private static MemcachedNode node(MemcachedNode node) {
			return (MemcachedNode) Proxy.newProxyInstance(FastReconnect.class.getClassLoader(),
					new Class<?>[] { MemcachedNode.class }, new NodeHandler(node));
		}

	}

	private static final class NodeHandler implements InvocationHandler {

		private final MemcachedNode node;

		NodeHandler(MemcachedNode node) {
			this.node = node;
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
			return switch (method.getName()) {
				case "getReconnectCount" -> this.node.getReconnectCount() - EARLIER;
				case "equals" -> proxy == arguments[0];
				case "hashCode" -> System.identityHashCode(proxy);
				case "toString" -> this.node.toString();
				default -> forward(this.node, method, arguments);
			};
		}

	}

}
