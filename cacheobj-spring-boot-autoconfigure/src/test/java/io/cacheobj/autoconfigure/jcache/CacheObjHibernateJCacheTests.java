package io.cacheobj.autoconfigure.jcache;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.cache.CacheManager;

import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.autoconfigure.CacheObjProperties;
import io.cacheobj.autoconfigure.jcache.hibernate.Account;
import io.cacheobj.autoconfigure.jcache.hibernate.Country;
import io.cacheobj.autoconfigure.jcache.hibernate.HibernateTestApplication;
import io.cacheobj.autoconfigure.jcache.hibernate.Named;
import io.cacheobj.autoconfigure.jcache.hibernate.Product;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.stat.CacheRegionStatistics;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hibernate's second-level cache on the application's JCache cache manager through
 * {@link CacheObjJCacheAutoConfiguration}, on an embedded H2 database, with Caffeine's
 * JCache provider as the manager: the wiring, whatever the provider (cacheobj's own is
 * tested on Redis in the integration tests).
 */
class CacheObjHibernateJCacheTests {

	private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000);

	static ApplicationContextRunner hibernate(String database) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					HibernateJpaAutoConfiguration.class, CacheAutoConfiguration.class, CacheObjAutoConfiguration.class,
					CacheObjJCacheAutoConfiguration.class))
			.withUserConfiguration(HibernateTestApplication.class)
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1",
					"spring.jpa.hibernate.ddl-auto=update",
					"spring.jpa.properties.hibernate.cache.region.factory_class=jcache",
					"spring.jpa.properties.hibernate.cache.use_second_level_cache=true",
					"spring.jpa.properties.hibernate.cache.use_query_cache=true",
					"spring.jpa.properties.hibernate.generate_statistics=true", "spring.cache.type=jcache");
	}

	private final ApplicationContextRunner caffeine = hibernate("standin" + IDS.incrementAndGet()).withPropertyValues(
			"spring.cache.jcache.provider=com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider");

	static long unique() {
		return IDS.incrementAndGet();
	}

	@ParameterizedTest
	@ValueSource(classes = { Country.class, Product.class, Account.class })
	void entityCollectionAndQueryCachesHitInTheApplicationsCacheManager(Class<? extends Named> type) {
		this.caffeine.run((context) -> {
			HibernateNode node = new HibernateNode(context.getBean(EntityManagerFactory.class));
			CacheManager cacheManager = context.getBean(CacheManager.class);
			assertCachesHit(node, type);
			assertThat(cacheManager.getCache(type.getName())).isNotNull();
			assertThat(cacheManager.getCache(type.getName()).iterator().hasNext()).isTrue();
			assertThat(cacheManager.getCache(type.getName() + ".tags").iterator().hasNext()).isTrue();
		});
	}

	/**
	 * Reads an entity, its collection and a query twice from a cold cache: a miss and a
	 * put each, then a hit each, in Hibernate's statistics.
	 */
	static void assertCachesHit(HibernateNode node, Class<? extends Named> type) {
		long id = unique();
		node.persist(newEntity(type, id, "name " + id));
		node.evictAll();
		Statistics statistics = node.statistics();
		assertThat(node.read(type, id)).isEqualTo("name " + id + "[a, b]");
		assertCounts(statistics.getDomainDataRegionStatistics(type.getName()), 0, 1, 1);
		assertCounts(statistics.getDomainDataRegionStatistics(type.getName() + ".tags"), 0, 1, 1);
		assertThat(statistics.getEntityStatistics(type.getName()).getCacheMissCount()).isEqualTo(1);
		assertThat(statistics.getCollectionStatistics(type.getName() + ".tags").getCacheMissCount()).isEqualTo(1);
		assertThat(node.read(type, id)).isEqualTo("name " + id + "[a, b]");
		assertThat(statistics.getEntityStatistics(type.getName()).getCacheHitCount()).isEqualTo(1);
		assertThat(statistics.getCollectionStatistics(type.getName() + ".tags").getCacheHitCount()).isEqualTo(1);
		assertThat(statistics.getEntityStatistics(type.getName()).getCacheMissCount()).isEqualTo(1);
		assertThat(statistics.getCollectionStatistics(type.getName() + ".tags").getCacheMissCount()).isEqualTo(1);
		assertThat(node.idsNamed(type, "name " + id)).containsExactly(id);
		assertThat(node.idsNamed(type, "name " + id)).containsExactly(id);
		var query = statistics.getQueryStatistics(HibernateNode.query(type));
		assertThat(query.getCacheMissCount()).isEqualTo(1);
		assertThat(query.getCachePutCount()).isEqualTo(1);
		assertThat(query.getCacheHitCount()).isEqualTo(1);
	}

	private static void assertCounts(CacheRegionStatistics region, long hits, long misses, long puts) {
		assertThat(region.getHitCount()).as("hits").isEqualTo(hits);
		assertThat(region.getMissCount()).as("misses").isEqualTo(misses);
		assertThat(region.getPutCount()).as("puts").isEqualTo(puts);
	}

	static Named newEntity(Class<? extends Named> type, long id, String name) {
		if (type == Country.class) {
			return new Country(id, name, HibernateNode.tags("a", "b"));
		}
		if (type == Product.class) {
			return new Product(id, name, HibernateNode.tags("a", "b"));
		}
		return new Account(id, name, HibernateNode.tags("a", "b"));
	}

	@ParameterizedTest
	@ValueSource(classes = { Product.class, Account.class })
	void anUpdateIsReadBackAndInvalidatesTheQueriesOnItsTable(Class<? extends Named> type) {
		this.caffeine.run((context) -> {
			HibernateNode node = new HibernateNode(context.getBean(EntityManagerFactory.class));
			long id = unique();
			node.persist(newEntity(type, id, "before " + id));
			assertThat(node.read(type, id)).startsWith("before ");
			assertThat(node.idsNamed(type, "before " + id)).containsExactly(id);
			node.rename(type, id, "after " + id);
			assertThat(node.read(type, id)).startsWith("after ");
			assertThat(node.idsNamed(type, "before " + id)).isEmpty();
			assertThat(node.idsNamed(type, "after " + id)).containsExactly(id);
		});
	}

	@Test
	void closingTheSessionFactoryLeavesTheApplicationsCacheManagerOpen() {
		this.caffeine.run((context) -> {
			CacheManager cacheManager = context.getBean(CacheManager.class);
			HibernateNode node = new HibernateNode(context.getBean(EntityManagerFactory.class));
			node.read(Product.class, unique());
			context.getBean(EntityManagerFactory.class).close();
			assertThat(cacheManager.isClosed()).isFalse();
			assertThat(cacheManager.getCache(Product.class.getName())).isNotNull();
			assertThat(cacheManager.getCache(Product.class.getName()).isClosed()).isFalse();
			org.springframework.cache.CacheManager springCacheManager = context
				.getBean(org.springframework.cache.CacheManager.class);
			springCacheManager.getCache(Product.class.getName()).put("key", "value");
			assertThat(springCacheManager.getCache(Product.class.getName()).get("key").get()).isEqualTo("value");
		});
	}

	@Test
	void oneContextsSessionFactoryClosingLeavesAnotherContextsRegionsWorking() {
		ApplicationContextRunner shared = hibernate("shared" + unique()).withPropertyValues(
				"spring.cache.jcache.provider=com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider");
		shared.run((first) -> shared.withPropertyValues("spring.jpa.hibernate.ddl-auto=none").run((second) -> {
			CacheManager firstManager = first.getBean(CacheManager.class);
			CacheManager secondManager = second.getBean(CacheManager.class);
			assertThat(secondManager).isSameAs(firstManager);
			HibernateNode node = new HibernateNode(second.getBean(EntityManagerFactory.class));
			long id = unique();
			node.persist(newEntity(Account.class, id, "shared " + id));
			assertThat(node.read(Account.class, id)).startsWith("shared ");
			first.getBean(EntityManagerFactory.class).close();
			node.statistics().clear();
			assertThat(node.read(Account.class, id)).startsWith("shared ");
			assertThat(node.statistics().getEntityStatistics(Account.class.getName()).getCacheHitCount()).isEqualTo(1);
			assertThat(secondManager.isClosed()).isFalse();
		}));
	}

	@Test
	void aTimeToLiveOnTheTimestampsRegionIsRefusedWithTheActionToTake() {
		this.caffeine.withPropertyValues("cacheobj.jcache.caches.default-update-timestamps-region.ttl=10m")
			.run((context) -> {
				InvalidCacheObjJCacheException failure = refusal(context);
				FailureAnalysis analysis = new InvalidCacheObjJCacheFailureAnalyzer().analyze(failure);
				assertThat(analysis.getDescription())
					.contains("cacheobj.jcache.caches.default-update-timestamps-region.ttl")
					.contains("must never expire");
				assertThat(analysis.getAction())
					.isEqualTo("Remove cacheobj.jcache.caches.default-update-timestamps-region.ttl.");
			});
	}

	/**
	 * The refusal that stopped a context's start-up, found in its causes.
	 */
	static InvalidCacheObjJCacheException refusal(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (!(failure instanceof InvalidCacheObjJCacheException) && failure.getCause() != null) {
			failure = failure.getCause();
		}
		assertThat(failure).isInstanceOf(InvalidCacheObjJCacheException.class);
		return (InvalidCacheObjJCacheException) failure;
	}

	@Test
	void theCustomizerHandsOverTheManagerOnlyForJCacheRegionsTheApplicationDidNotConfigure() {
		CacheManager manager = new com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider().getCacheManager();
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("cacheManager", manager);
		CacheObjHibernatePropertiesCustomizer customizer = new CacheObjHibernatePropertiesCustomizer(
				beans.getBeanProvider(CacheManager.class), new CacheObjProperties());
		for (Object factory : List.of("jcache", "org.hibernate.cache.jcache.JCacheRegionFactory",
				org.hibernate.cache.jcache.internal.JCacheRegionFactory.class)) {
			Map<String, Object> properties = customize(customizer, CacheObjHibernatePropertiesCustomizer.REGION_FACTORY,
					factory);
			assertThat(properties.get(CacheObjHibernatePropertiesCustomizer.CACHE_MANAGER))
				.isInstanceOfSatisfying(SharedCacheManager.class, (shared) -> {
					shared.close();
					assertThat(shared.getTarget()).isSameAs(manager);
				});
			assertThat(manager.isClosed()).isFalse();
			assertThat(properties).containsEntry(CacheObjHibernatePropertiesCustomizer.MISSING_CACHE_STRATEGY,
					"create");
		}
		assertThat(customize(customizer, "hibernate.cache.use_second_level_cache", "true"))
			.doesNotContainKey(CacheObjHibernatePropertiesCustomizer.CACHE_MANAGER);
		assertThat(customize(customizer, CacheObjHibernatePropertiesCustomizer.REGION_FACTORY, "jcache",
				CacheObjHibernatePropertiesCustomizer.PROVIDER, "com.example.Provider"))
			.doesNotContainKey(CacheObjHibernatePropertiesCustomizer.CACHE_MANAGER);
		assertThat(customize(customizer, CacheObjHibernatePropertiesCustomizer.REGION_FACTORY, "jcache",
				CacheObjHibernatePropertiesCustomizer.URI, "ehcache.xml"))
			.doesNotContainKey(CacheObjHibernatePropertiesCustomizer.CACHE_MANAGER);
		assertThat(customize(
				new CacheObjHibernatePropertiesCustomizer(
						new StaticListableBeanFactory().getBeanProvider(CacheManager.class), new CacheObjProperties()),
				CacheObjHibernatePropertiesCustomizer.REGION_FACTORY, "jcache"))
			.doesNotContainKey(CacheObjHibernatePropertiesCustomizer.CACHE_MANAGER);
		manager.close();
	}

	private static Map<String, Object> customize(CacheObjHibernatePropertiesCustomizer customizer, Object... entries) {
		Map<String, Object> properties = new HashMap<>();
		for (int i = 0; i < entries.length; i += 2) {
			properties.put((String) entries[i], entries[i + 1]);
		}
		customizer.customize(properties);
		return properties;
	}

	@Test
	void cacheobjJCacheHibernateEnabledFalseLeavesHibernateAlone() {
		this.caffeine.withPropertyValues("cacheobj.jcache.hibernate.enabled=false",
				"spring.jpa.properties.hibernate.javax.cache.provider=com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider")
			.run((context) -> assertThat(context).doesNotHaveBean(CacheObjHibernatePropertiesCustomizer.class));
	}

}
