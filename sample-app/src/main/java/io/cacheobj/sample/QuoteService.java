package io.cacheobj.sample;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Computes price quotes, cached with Spring's {@code @Cacheable} on cacheobj: the memory
 * backend by default, Redis with its near cache in the {@code redis} profile.
 */
@Service
class QuoteService {

	private final AtomicLong computations = new AtomicLong();

	@Cacheable("quotes")
	public Quote quote(String sku) {
		this.computations.incrementAndGet();
		BigDecimal price = BigDecimal.valueOf(Math.abs(sku.hashCode() % 10_000), 2)
			.setScale(2, RoundingMode.UNNECESSARY);
		return new Quote(sku, price);
	}

	@CacheEvict("quotes")
	public void forget(String sku) {
	}

	long computations() {
		return this.computations.get();
	}

	/**
	 * A price quote.
	 *
	 * @param sku the product's stock-keeping unit
	 * @param price its price
	 */
	record Quote(String sku, BigDecimal price) {

	}

}
