package io.cacheobj.autoconfigure.cache;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code spring.cache.type} is not set: with it set, Boot's own cache
 * auto-configuration does what it says ({@code none} included, as a test slice's
 * {@code @AutoConfigureCache} sets it), as Boot's {@code CacheCondition} decides.
 */
class NoSpringCacheTypeCondition extends SpringBootCondition {

	private static final String PROPERTY = "spring.cache.type";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("cacheobj Spring cache");
		String type = Binder.get(context.getEnvironment()).bind(PROPERTY, String.class).orElse(null);
		if (type != null) {
			return ConditionOutcome.noMatch(message.because(PROPERTY + " is set to '" + type
					+ "', so Boot's cache auto-configuration chooses the cache manager"));
		}
		return ConditionOutcome.match(message.because(PROPERTY + " is not set"));
	}

}
