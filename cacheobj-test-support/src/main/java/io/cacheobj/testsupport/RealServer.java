package io.cacheobj.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Asks {@link RealServersExtension} for real servers: a parameter of type
 * {@link ManagedServer}, or {@code List<ManagedServer>} for several. Servers live as long
 * as what declared the parameter: a {@code @BeforeAll} method's serve the whole class, a
 * test method's that test only. They are stopped afterwards.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(RealServersExtension.class)
public @interface RealServer {

	/**
	 * Which server.
	 * @return the kind of server
	 */
	Kind value();

	/**
	 * How many servers, for a {@code List<ManagedServer>} of standalone servers.
	 * @return the number of servers
	 */
	int count() default 1;

	/**
	 * Extra command-line arguments of each server.
	 * @return the arguments
	 */
	String[] arguments() default {};

	/**
	 * Kinds of server.
	 */
	enum Kind {

		/**
		 * A standalone redis-server.
		 */
		REDIS,

		/**
		 * A Redis Cluster of three masters, as a list of its nodes.
		 */
		REDIS_CLUSTER,

		/**
		 * A memcached server.
		 */
		MEMCACHED

	}

}
