package org.countyhub.server.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.List;
import org.countyhub.server.HubApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;

/**
 * The hub's component scan ({@link HubApplication}'s package and below) finds no component of the test sources
 * except {@code @TestConfiguration}s, which Spring Boot's tests exclude and which only add beans. The benchmarks
 * start the hub with the test classes on the class path: a {@code @Configuration} there (the plain-HAPI
 * benchmark's server once) silently replaced the hub's storage settings and entity manager in every benchmark.
 */
class NoTestClassIsScannedIntoTheHubTest {

	private static final URL TEST_CLASSES =
			NoTestClassIsScannedIntoTheHubTest.class.getProtectionDomain().getCodeSource().getLocation();

	@Test
	void theHubsScanFindsNoComponentOfTheTestSources() {
		List<Class<?>> found = new ClassPathScanningCandidateComponentProvider(true)
				.findCandidateComponents(HubApplication.class.getPackageName()).stream()
				.map(BeanDefinition::getBeanClassName)
				.<Class<?>>map(NoTestClassIsScannedIntoTheHubTest::load)
				.toList();
		List<String> fromTests = found.stream()
				.filter(NoTestClassIsScannedIntoTheHubTest::isTestClass)
				.filter(type -> !type.isAnnotationPresent(TestConfiguration.class))
				.map(Class::getName)
				.toList();
		assertThat(fromTests).isEmpty();
		// the scan does reach the test classes (else the check above would prove nothing)
		assertThat(found).anyMatch(NoTestClassIsScannedIntoTheHubTest::isTestClass);
	}

	private static boolean isTestClass(Class<?> type) {
		return TEST_CLASSES.equals(type.getProtectionDomain().getCodeSource().getLocation());
	}

	private static Class<?> load(String name) {
		try {
			return Class.forName(name);
		} catch (ClassNotFoundException e) {
			throw new IllegalStateException(e);
		}
	}
}
