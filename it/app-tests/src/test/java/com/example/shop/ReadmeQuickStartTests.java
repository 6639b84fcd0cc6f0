package com.example.shop;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CachedValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compiles the Java blocks of the README's quick start, which carry the comment
 * {@value #MARK}, and runs the application they make, with no configuration: on the
 * memory default.
 */
class ReadmeQuickStartTests {

	private static final String MARK = "<!-- compiled by it/app-tests ReadmeQuickStartTests -->";

	private static final Pattern BLOCK = Pattern.compile(Pattern.quote(MARK) + "\\s*```java\\n(.*?)```",
			Pattern.DOTALL);

	private static final Pattern PUBLIC_TYPE = Pattern
		.compile("public\\s+(?:final\\s+)?(?:class|record|interface|enum)\\s+(\\w+)");

	private static final Pattern PACKAGE = Pattern.compile("package\\s+([\\w.]+);");

	@TempDir
	Path directory;

	@Test
	void quickStartCompilesAndRunsOnTheMemoryDefault() throws Exception {
		Path classes = compileQuickStart(this.directory);
		Object name = runQuickStart(classes, "--spring.config.name=readme-quick-start",
				(context) -> assertThat(context.getBeanNamesForType(io.cacheobj.backend.CacheBackend.class))
					.containsExactly("memory"));
		assertThat(name).isEqualTo("Ada");
	}

	/**
	 * Compile the README's quick start.
	 * @param directory where to write its sources and classes
	 * @return the directory of its classes
	 * @throws IOException when the README cannot be read or the sources written
	 */
	static Path compileQuickStart(Path directory) throws IOException {
		List<String> blocks = quickStartBlocks();
		assertThat(blocks).hasSize(2);
		Path sources = Files.createDirectories(directory.resolve("src"));
		Path classes = Files.createDirectories(directory.resolve("classes"));
		List<Path> files = new ArrayList<>();
		for (String block : blocks) {
			files.add(write(sources, block));
		}
		compile(files, classes);
		return classes;
	}

	/**
	 * Run the compiled quick start, which writes user 10's name, and read the name back.
	 * @param classes the directory of its classes
	 * @param argument the application's one argument
	 * @param check what to check of the running context
	 * @return user 10's name, as a fresh load reads it
	 * @throws Exception when it does not run
	 */
	static Object runQuickStart(Path classes, String argument,
			java.util.function.Consumer<ConfigurableApplicationContext> check) throws Exception {
		try (URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() },
				ReadmeQuickStartTests.class.getClassLoader())) {
			Class<?> application = loader.loadClass("com.example.demo.DemoApplication");
			Class<?> userCache = loader.loadClass("com.example.demo.UserCache");
			SpringApplication app = new SpringApplication(new DefaultResourceLoader(loader), application);
			app.setWebApplicationType(WebApplicationType.NONE);
			try (ConfigurableApplicationContext context = app.run(argument)) {
				check.accept(context);
				Object user = context.getBean(CacheEntityRepository.class).load(userCache, 10);
				Field name = userCache.getDeclaredField("name");
				name.setAccessible(true);
				return ((CachedValue<?>) name.get(user)).getCached();
			}
		}
	}

	private static List<String> quickStartBlocks() throws IOException {
		String readme = readme();
		List<String> blocks = new ArrayList<>();
		Matcher matcher = BLOCK.matcher(readme);
		while (matcher.find()) {
			blocks.add(matcher.group(1));
		}
		return blocks;
	}

	static String readme() throws IOException {
		return Files.readString(Path.of("../../README.md"), StandardCharsets.UTF_8);
	}

	private static Path write(Path sources, String block) throws IOException {
		Matcher type = PUBLIC_TYPE.matcher(block);
		Matcher pkg = PACKAGE.matcher(block);
		assertThat(type.find()).as("a public type in %n%s", block).isTrue();
		assertThat(pkg.find()).as("a package in %n%s", block).isTrue();
		Path directory = Files.createDirectories(sources.resolve(pkg.group(1).replace('.', '/')));
		return Files.writeString(directory.resolve(type.group(1) + ".java"), block, StandardCharsets.UTF_8);
	}

	private static void compile(List<Path> files, Path classes) throws IOException {
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(diagnostics, null,
				StandardCharsets.UTF_8)) {
			List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d",
					classes.toString(), "-proc:none", "-parameters");
			boolean compiled = compiler
				.getTask(null, fileManager, diagnostics, options, null, fileManager.getJavaFileObjectsFromPaths(files))
				.call();
			assertThat(compiled).as("the README's quick start compiles: %s", diagnostics.getDiagnostics()).isTrue();
		}
	}

}
