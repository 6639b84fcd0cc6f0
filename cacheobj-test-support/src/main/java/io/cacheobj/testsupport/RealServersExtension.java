package io.cacheobj.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests real servers through {@link RealServer} parameters, started by
 * {@link TestServers} and stopped when the context that asked for them ends.
 */
public class RealServersExtension implements ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(RealServersExtension.class);

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return parameterContext.isAnnotated(RealServer.class) && (type == ManagedServer.class || type == List.class);
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		RealServer request = parameterContext.findAnnotation(RealServer.class).orElseThrow();
		List<ManagedServer> servers = start(request);
		ExtensionContext.Store store = extensionContext.getStore(NAMESPACE);
		store.put(UUID.randomUUID(), new Servers(servers));
		if (parameterContext.getParameter().getType() == ManagedServer.class) {
			if (servers.size() != 1) {
				throw new ParameterResolutionException("A ManagedServer parameter takes one server; use a List");
			}
			return servers.get(0);
		}
		return servers;
	}

	private static List<ManagedServer> start(RealServer request) {
		if (request.value() == RealServer.Kind.REDIS_CLUSTER) {
			return TestServers.redisCluster();
		}
		List<ManagedServer> servers = new ArrayList<>();
		try {
			for (int i = 0; i < request.count(); i++) {
				servers.add((request.value() == RealServer.Kind.REDIS) ? TestServers.redis(request.arguments())
						: TestServers.memcached(request.arguments()));
			}
			return servers;
		}
		catch (RuntimeException ex) {
			servers.forEach(ManagedServer::close);
			throw ex;
		}
	}

	/**
	 * Servers to stop together.
	 */
	private record Servers(List<ManagedServer> servers) implements AutoCloseable {

		@Override
		public void close() {
			this.servers.forEach(ManagedServer::close);
		}

	}

}
