package com.example.shop;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.redis.RedisCacheBackend;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's quick start with its one line of YAML, against a real redis-server: the
 * same entity, unchanged, lives on Redis.
 */
class ReadmeQuickStartIntegrationTests {

	private static final String MARK = "<!-- run by it/app-tests ReadmeQuickStartIntegrationTests -->";

	private static final Pattern BLOCK = Pattern.compile(Pattern.quote(MARK) + "\\s*```yaml\\n(.*?)```",
			Pattern.DOTALL);

	static final ManagedServer redis = TestServers.redis();

	@TempDir
	Path directory;

	@AfterAll
	static void stopServer() {
		redis.close();
	}

	@Test
	void oneLineOfYamlPutsTheQuickStartsEntityOnRedis() throws Exception {
		Matcher matcher = BLOCK.matcher(ReadmeQuickStartTests.readme());
		assertThat(matcher.find()).as("the README's Redis line").isTrue();
		String yaml = matcher.group(1).strip();
		assertThat(yaml.lines()).hasSize(1);
		Path config = Files.writeString(this.directory.resolve("application.yml"),
				yaml.replace("localhost:6379", "127.0.0.1:" + redis.port()), StandardCharsets.UTF_8);
		Path classes = ReadmeQuickStartTests.compileQuickStart(this.directory);
		Object name = ReadmeQuickStartTests.runQuickStart(classes, "--spring.config.location=file:" + config,
				(context) -> assertThat(context.getBeansOfType(CacheBackend.class)).containsOnlyKeys("redis")
					.allSatisfy((backend, bean) -> assertThat(bean).isInstanceOf(RedisCacheBackend.class)));
		assertThat(name).isEqualTo("Ada");
		assertThat(redis.send("GET UserCache.10.name")).contains("Ada");
	}

}
