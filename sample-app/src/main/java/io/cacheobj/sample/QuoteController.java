package io.cacheobj.sample;

import java.util.Map;

import io.cacheobj.sample.QuoteService.Quote;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the cached quotes of {@link QuoteService} over HTTP.
 */
@RestController
class QuoteController {

	private final QuoteService quotes;

	QuoteController(QuoteService quotes) {
		this.quotes = quotes;
	}

	@GetMapping("/quotes/{sku}")
	Quote quote(@PathVariable String sku) {
		return this.quotes.quote(sku);
	}

	@DeleteMapping("/quotes/{sku}")
	ResponseEntity<Void> forget(@PathVariable String sku) {
		this.quotes.forget(sku);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/quotes")
	Map<String, Long> computations() {
		return Map.of("computations", this.quotes.computations());
	}

}
