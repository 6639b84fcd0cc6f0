package io.cacheobj.benchmarks;

import java.util.concurrent.TimeUnit;

import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.autoconfigure.jcache.CacheObjJCacheAutoConfiguration;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Hibernate's {@code find} by id of an entity of six columns ({@code READ_WRITE}), each
 * in its own entity manager and transaction, on 1,000 rows of an embedded H2 database:
 * without a second-level cache (the database) against a second-level cache hit on
 * Caffeine's JCache provider handed to hibernate-jcache by cacheobj's
 * {@code CacheObjJCacheAutoConfiguration} (Boot's {@code spring.cache.type=jcache}), and
 * on cacheobj's own provider through the starter: Redis with the near cache (the default)
 * and without it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class HibernateL2Benchmarks {

	static final int ROWS = 1000;

	ConfigurableApplicationContext noL2;

	ConfigurableApplicationContext caffeine;

	ConfigurableApplicationContext nearCache;

	ConfigurableApplicationContext redis;

	EntityManagerFactory noL2Factory;

	EntityManagerFactory caffeineFactory;

	EntityManagerFactory nearCacheFactory;

	EntityManagerFactory redisFactory;

	long next;

	@Setup(Level.Trial)
	public void start() {
		this.noL2 = start("nol2", "spring.jpa.properties.hibernate.cache.use_second_level_cache=false");
		this.caffeine = start("caffeine", "spring.jpa.properties.hibernate.cache.region.factory_class=jcache",
				"spring.jpa.properties.hibernate.cache.use_second_level_cache=true", "spring.cache.type=jcache",
				"spring.cache.jcache.provider=com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider");
		String url = "redis://127.0.0.1:" + BenchData.port("redis.port");
		// An earlier fork's entries would make the rows' ids look detached to persist.
		io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(url);
		try (var connection = client.connect()) {
			connection.sync().flushdb();
		}
		finally {
			client.shutdown();
		}
		this.nearCache = start("nearcache", cacheobj("true", url));
		this.redis = start("redis", cacheobj("false", url));
		this.noL2Factory = this.noL2.getBean(EntityManagerFactory.class);
		this.caffeineFactory = this.caffeine.getBean(EntityManagerFactory.class);
		this.nearCacheFactory = this.nearCache.getBean(EntityManagerFactory.class);
		this.redisFactory = this.redis.getBean(EntityManagerFactory.class);
		for (EntityManagerFactory factory : new EntityManagerFactory[] { this.noL2Factory, this.caffeineFactory,
				this.nearCacheFactory, this.redisFactory }) {
			try (EntityManager manager = factory.createEntityManager()) {
				manager.getTransaction().begin();
				for (long id = 0; id < ROWS; id++) {
					manager.persist(new BenchProduct(id));
				}
				manager.getTransaction().commit();
			}
			for (long id = 0; id < ROWS; id++) {
				find(factory, id);
			}
		}
		for (EntityManagerFactory factory : new EntityManagerFactory[] { this.nearCacheFactory, this.redisFactory }) {
			if (!factory.getCache().contains(BenchProduct.class, 7L)) {
				throw new IllegalStateException("cacheobj's second-level cache does not hold the rows");
			}
		}
		if (!this.caffeineFactory.getCache().contains(BenchProduct.class, 7L)
				|| this.noL2Factory.getCache().contains(BenchProduct.class, 7L)) {
			throw new IllegalStateException("The second-level cache is not what the rows say");
		}
	}

	private static String[] cacheobj(String nearCache, String url) {
		return new String[] { "spring.jpa.properties.hibernate.cache.region.factory_class=jcache",
				"spring.jpa.properties.hibernate.cache.use_second_level_cache=true", "spring.cache.type=jcache",
				"cacheobj.backends.redis.type=redis", "cacheobj.backends.redis.url=" + url,
				"cacheobj.backends.redis.near-cache.enabled=" + nearCache,
				// each context its own regions: the two rows must not share entries
				"spring.jpa.properties.hibernate.cache.region_prefix=near-" + nearCache };
	}

	private static ConfigurableApplicationContext start(String database, String... properties) {
		return new SpringApplicationBuilder(HibernateApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("spring.datasource.url=jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1",
					"spring.jpa.hibernate.ddl-auto=create-drop", "logging.level.root=warn")
			.properties(properties)
			.run();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.noL2.close();
		this.caffeine.close();
		this.nearCache.close();
		this.redis.close();
	}

	private long nextId() {
		long id = this.next++ % ROWS;
		return id;
	}

	static String find(EntityManagerFactory factory, long id) {
		try (EntityManager manager = factory.createEntityManager()) {
			manager.getTransaction().begin();
			BenchProduct product = manager.find(BenchProduct.class, id);
			manager.getTransaction().commit();
			return product.getP5();
		}
	}

	@Benchmark
	public String findNoL2() {
		return find(this.noL2Factory, nextId());
	}

	@Benchmark
	public String findL2HitCaffeineJCache() {
		return find(this.caffeineFactory, nextId());
	}

	@Benchmark
	public String findL2HitCacheobjNearCache() {
		return find(this.nearCacheFactory, nextId());
	}

	@Benchmark
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public String findL2HitCacheobjRedis() {
		return find(this.redisFactory, nextId());
	}

	/**
	 * The benchmarks' JPA application: Boot's data source, Hibernate and cache
	 * auto-configurations with cacheobj's, the entity in this package.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
			CacheAutoConfiguration.class, CacheObjAutoConfiguration.class, CacheObjJCacheAutoConfiguration.class })
	@EntityScan(basePackageClasses = BenchProduct.class)
	@EnableCaching
	static class HibernateApplication {

	}

}
