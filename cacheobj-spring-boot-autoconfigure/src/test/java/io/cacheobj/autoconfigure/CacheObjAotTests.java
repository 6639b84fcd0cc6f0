package io.cacheobj.autoconfigure;

import java.util.List;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedProperty;
import io.cacheobj.autoconfigure.aot.AotAddress;
import io.cacheobj.autoconfigure.aot.AotProfile;
import io.cacheobj.autoconfigure.aot.AotUser;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;
import org.springframework.stereotype.Component;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests cacheobj's AOT processing: the hints it registers, and an application context
 * processed ahead of time and started from the generated code, which finds the entities
 * without scanning the classpath.
 */
class CacheObjAotTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class))
		.withUserConfiguration(AotEntities.class, Stats.class);

	@Test
	void classEntityFieldsAndNoArgumentConstructorAreRegistered() throws Exception {
		RuntimeHints hints = processAheadOfTime().getRuntimeHints();
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(AotUser.class.getDeclaredField("name")))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(AotUser.class.getDeclaredField("id")))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(AotUser.class.getDeclaredField("logins")))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(AotUser.class.getDeclaredConstructor()))
			.accepts(hints);
	}

	@Test
	void recordCanonicalConstructorAndComponentsAreRegistered() throws Exception {
		RuntimeHints hints = processAheadOfTime().getRuntimeHints();
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(
					AotProfile.class.getDeclaredConstructor(String.class, io.cacheobj.CachedValue.class)))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(AotProfile.class.getDeclaredField("bio")))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(AotProfile.class, "bio")).accepts(hints);
	}

	@Test
	void beanPropertyFieldsAreRegistered() throws Exception {
		RuntimeHints hints = processAheadOfTime().getRuntimeHints();
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(Stats.class.getDeclaredField("visits")))
			.accepts(hints);
	}

	@Test
	void jsonValueTypesAreRegisteredWithTheirGenericElementTypes() {
		RuntimeHints hints = processAheadOfTime().getRuntimeHints();
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(AotAddress.class)
			.withMemberCategories(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(AotAddress.class, "city")).accepts(hints);
	}

	@Test
	@CompileWithForkedClassLoader
	void generatedContextFindsTheEntitiesFoundAtBuildTime() {
		TestGenerationContext generationContext = new TestGenerationContext();
		ClassName[] initializer = new ClassName[1];
		this.contextRunner.prepare((context) -> {
			GenericApplicationContext source = (GenericApplicationContext) context.getSourceApplicationContext();
			initializer[0] = new ApplicationContextAotGenerator().processAheadOfTime(source, generationContext);
			assertThat(source.getBeanFactory()
				.getBeanDefinition(CacheEntityTypes.BEAN)
				.getConstructorArgumentValues()
				.getIndexedArgumentValue(0, List.class)
				.getValue()).asInstanceOf(InstanceOfAssertFactories.LIST)
				.containsExactlyInAnyOrder(AotUser.class.getName(), AotProfile.class.getName());
		});
		generationContext.writeGeneratedContent();
		TestCompiler.forSystem().with(generationContext).compile((compiled) -> {
			GenericApplicationContext fresh = new GenericApplicationContext();
			ApplicationContextInitializer<GenericApplicationContext> aotInitializer = compiled
				.getInstance(ApplicationContextInitializer.class, initializer[0].reflectionName());
			aotInitializer.initialize(fresh);
			fresh.refresh();
			try {
				CacheEntityRepository repository = fresh.getBean(CacheEntityRepository.class);
				repository.get(AotProfile.class, "p").bio().set("generated");
				assertThat(repository.load(AotProfile.class, "p").bio().getCached()).isEqualTo("generated");
				assertThat(fresh.getBean(CacheEntityTypes.class).classNames())
					.containsExactlyInAnyOrder(AotUser.class.getName(), AotProfile.class.getName());
				fresh.getBean(Stats.class).visits.incrementAndGet();
				assertThat(fresh.getBean(Stats.class).visits.get()).isEqualTo(1);
			}
			finally {
				fresh.close();
			}
		});
	}

	private TestGenerationContext processAheadOfTime() {
		TestGenerationContext generationContext = new TestGenerationContext();
		this.contextRunner.prepare((context) -> new ApplicationContextAotGenerator()
			.processAheadOfTime((GenericApplicationContext) context.getSourceApplicationContext(), generationContext));
		return generationContext;
	}

	@Configuration(proxyBeanMethods = false)
	@CacheEntityScan(basePackageClasses = AotUser.class)
	static class AotEntities {

	}

	@Component
	static class Stats {

		@CachedProperty
		CachedCounter visits;

	}

}
