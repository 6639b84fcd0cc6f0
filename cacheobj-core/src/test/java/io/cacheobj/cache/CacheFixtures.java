package io.cacheobj.cache;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Value types the cache tests store.
 */
final class CacheFixtures {

	private CacheFixtures() {
	}

	enum Colour {

		RED, GREEN

	}

	record Product(long id, String name, BigDecimal price, LocalDate since, Colour colour) {

	}

	record Order(String id, List<Product> products, Map<String, Object> attributes) {

	}

	static class Basket {

		private String owner = "";

		private List<Object> items = List.of();

		public String getOwner() {
			return this.owner;
		}

		public void setOwner(String owner) {
			this.owner = owner;
		}

		public List<Object> getItems() {
			return this.items;
		}

		public void setItems(List<Object> items) {
			this.items = items;
		}

	}

}
