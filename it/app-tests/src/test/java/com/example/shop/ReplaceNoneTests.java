package com.example.shop;

import java.net.ConnectException;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.test.autoconfigure.AutoConfigureCacheObj;
import io.cacheobj.test.autoconfigure.AutoConfigureCacheObj.Replace;
import io.cacheobj.test.autoconfigure.CacheObjTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * With {@code replace = NONE}, the backends of application.yml are kept, and since no
 * server listens at their addresses, each fails with its own error.
 */
@CacheObjTest
@AutoConfigureCacheObj(replace = Replace.NONE)
class ReplaceNoneTests {

	@Autowired
	private CacheEntityRepository repository;

	@Test
	void redisBackendFailsWithTheConnectionError() {
		CartCache cart = this.repository.get(CartCache.class, 7L);
		assertThatExceptionOfType(CacheBackendException.class).isThrownBy(cart.owner::get)
			.withMessageContaining("redis")
			.withRootCauseInstanceOf(ConnectException.class);
	}

	@Test
	void memcachedBackendFailsWithItsOwnError() {
		CartCache cart = this.repository.get(CartCache.class, 7L);
		assertThatExceptionOfType(CacheBackendException.class).isThrownBy(cart.items::get)
			.withMessageContaining("sessions");
	}

	@Test
	void memoryBackendStillWorks() {
		CartCache cart = this.repository.get(CartCache.class, 7L);
		cart.note.set("kept");
		assertThat(this.repository.get(CartCache.class, 7L).note.get()).isEqualTo("kept");
	}

}
