package io.cacheobj.autoconfigure.jcache;

import javax.cache.CacheManager;

import io.cacheobj.autoconfigure.jcache.hibernate.Account;
import io.cacheobj.autoconfigure.jcache.hibernate.Country;
import io.cacheobj.autoconfigure.jcache.hibernate.Named;
import io.cacheobj.autoconfigure.jcache.hibernate.Product;
import io.cacheobj.jcache.CacheObjJCacheManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			while (!(failure instanceof InvalidCacheObjJCacheException) && failure.getCause() != null) {
				failure = failure.getCause();
			}
			assertThat(failure).isInstanceOf(InvalidCacheObjJCacheException.class)
				.hasMessageContaining("'nowhere' of cacheobj.jcache.default-backend names no backend");
			assertThat(new InvalidCacheObjJCacheFailureAnalyzer().analyze(failure).getAction())
				.contains("Set cacheobj.jcache.default-backend to one of [memory]");
		});
	}

}
