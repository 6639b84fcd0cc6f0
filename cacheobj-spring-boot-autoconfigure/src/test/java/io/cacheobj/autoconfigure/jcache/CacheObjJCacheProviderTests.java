package io.cacheobj.autoconfigure.jcache;

import javax.cache.CacheManager;

import io.cacheobj.autoconfigure.jcache.hibernate.Account;
import io.cacheobj.autoconfigure.jcache.hibernate.Country;
import io.cacheobj.autoconfigure.jcache.hibernate.Named;
import io.cacheobj.autoconfigure.jcache.hibernate.Product;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.jcache.CacheObjJCacheManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.jcache.JCacheCacheManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cacheobj's own JCache provider through {@link CacheObjJCacheAutoConfiguration} on the
 * memory backend: Spring's {@code JCacheCacheManager} and Hibernate's regions on it, and
 * the backend checks.
 */
class CacheObjJCacheProviderTests {

	private final ApplicationContextRunner cacheobj = CacheObjHibernateJCacheTests
		.hibernate("provider" + CacheObjHibernateJCacheTests.unique());

	@ParameterizedTest
	@ValueSource(classes = { Country.class, Product.class, Account.class })
	void hibernatesRegionsLiveInCacheobjsManager(Class<? extends Named> type) {
		this.cacheobj.run((context) -> {
			assertThat(context).hasNotFailed();
			CacheManager cacheManager = context.getBean(CacheManager.class);
			assertThat(cacheManager).isInstanceOf(CacheObjJCacheManager.class);
			CacheObjHibernateJCacheTests.assertCachesHit(new HibernateNode(context.getBean(EntityManagerFactory.class)),
					type);
			assertThat(cacheManager.getCache(type.getName()).iterator().hasNext()).isTrue();
		});
	}

	@Test
	void springsJCacheCacheManagerWorksOverCacheobjsManager() {
		this.cacheobj.run((context) -> {
			JCacheCacheManager springManager = context.getBean(JCacheCacheManager.class);
			assertThat(springManager.getCacheManager()).isSameAs(context.getBean(CacheManager.class));
			context.getBean(CacheManager.class)
				.createCache("greetings", new javax.cache.configuration.MutableConfiguration<>());
			springManager.getCache("greetings").put("hello", "world");
			assertThat(springManager.getCache("greetings").get("hello").get()).isEqualTo("world");
		});
	}

	@Test
	void anUnknownDefaultBackendIsRefusedWithTheBackendsToChooseFrom() {
		this.cacheobj.withPropertyValues("cacheobj.jcache.default-backend=nowhere").run((context) -> {
			InvalidCacheObjJCacheException failure = CacheObjHibernateJCacheTests.refusal(context);
			assertThat(failure).hasMessageContaining("'nowhere' of cacheobj.jcache.default-backend names no backend");
			assertThat(new InvalidCacheObjJCacheFailureAnalyzer().analyze(failure).getAction())
				.contains("Set cacheobj.jcache.default-backend to one of [memory]");
		});
	}

	@Test
	void aMemcachedBackendIsRefusedForJCacheCachesByDefaultOrByName() {
		ApplicationContextRunner withMemcached = this.cacheobj.withPropertyValues(
				"cacheobj.backends.memory.type=memory", "cacheobj.backends.mc.type=memcached",
				"cacheobj.backends.mc.servers=127.0.0.1:1", "cacheobj.default-backend=memory");
		withMemcached.withPropertyValues("cacheobj.jcache.default-backend=mc")
			.run((context) -> assertRefused(context, "cacheobj.jcache.default-backend", "is a memcached backend",
					"Set cacheobj.jcache.default-backend to a memory or redis backend."));
		withMemcached.withPropertyValues("cacheobj.jcache.caches[com.example.Region].backend=mc")
			.run((context) -> assertRefused(context, "cacheobj.jcache.caches[com.example.Region].backend",
					"is a memcached backend", "to a memory or redis backend."));
		withMemcached.withPropertyValues("cacheobj.jcache.caches.regions.backend=nowhere")
			.run((context) -> assertRefused(context, "cacheobj.jcache.caches.regions.backend", "names no backend",
					"Set cacheobj.jcache.caches.regions.backend to one of [memory, mc]."));
	}

	private static void assertRefused(AssertableApplicationContext context, String property, String description,
			String action) {
		InvalidCacheObjJCacheException failure = CacheObjHibernateJCacheTests.refusal(context);
		FailureAnalysis analysis = new InvalidCacheObjJCacheFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains(property).contains(description);
		assertThat(analysis.getAction()).contains(action);
	}

	@Test
	void aCachesBackendAndTimeToLiveComeFromItsProperties() {
		this.cacheobj
			.withPropertyValues("cacheobj.backends.memory.type=memory", "cacheobj.backends.second.type=memory",
					"cacheobj.default-backend=memory",
					"cacheobj.jcache.caches[" + Product.class.getName() + "].backend=second",
					"cacheobj.jcache.caches[" + Product.class.getName() + "].ttl=300ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				HibernateNode node = new HibernateNode(context.getBean(EntityManagerFactory.class));
				long id = CacheObjHibernateJCacheTests.unique();
				node.persist(CacheObjHibernateJCacheTests.newEntity(Product.class, id, "timed " + id));
				node.read(Product.class, id);
				CacheBackend second = context.getBean(CacheObjBinding.class).backends().get("second");
				CacheBackend memory = context.getBean(CacheObjBinding.class).backends().get("memory");
				assertThat(second.keysByPrefix("jcache:")).singleElement()
					.asString()
					.startsWith("jcache:" + Product.class.getName() + "::");
				assertThat(memory.keysByPrefix("jcache:" + Product.class.getName() + "::")).isEmpty();
				assertThat(memory.keysByPrefix("jcache:" + Product.class.getName() + ".tags::")).hasSize(1);
				node.statistics().clear();
				node.read(Product.class, id);
				assertThat(node.statistics().getEntityStatistics(Product.class.getName()).getCacheHitCount())
					.isEqualTo(1);
				Thread.sleep(400);
				node.statistics().clear();
				node.read(Product.class, id);
				assertThat(node.statistics().getEntityStatistics(Product.class.getName()).getCacheMissCount())
					.as("expired after its ttl")
					.isEqualTo(1);
			});
	}

}
