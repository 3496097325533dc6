package org.countyhub.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/**
 * Issue 20 finding 1 (3 of 1,013 messages answered AA were gone after a kill -9 on H2): a child JVM commits rows
 * through the hub's own configured H2 URL and is halted at once, as kill -9 would; every committed row must be
 * there when the database is opened again. With H2's default write delay, 50–140 of 200 commits were lost.
 */
class H2CommitsSurviveKillTest {

	private static final int ROWS = 200;

	@Test
	void everyCommittedRowIsThereAfterTheProcessIsHalted() throws Exception {
		Path dataDir = Files.createTempDirectory(Path.of("target"), "h2-kill-").toAbsolutePath();
		String url = hubH2Url(dataDir);
		Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), CommitThenHalt.class.getName(), url)
				.redirectErrorStream(true)
				.start();
		assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
		String output = new String(child.getInputStream().readAllBytes());
		assertThat(output).as(output).contains("committed " + ROWS);
		assertThat(child.exitValue()).isEqualTo(9);
		try (Connection c = DriverManager.getConnection(url, "sa", "");
				ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM committed")) {
			rs.next();
			assertThat(rs.getInt(1)).isEqualTo(ROWS);
		}
	}

	/** The datasource URL of application.yaml, with the data folder filled in. */
	private static String hubH2Url(Path dataDir) throws IOException {
		YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
		yaml.setResources(new ClassPathResource("application.yaml"));
		Properties properties = yaml.getObject();
		String url = properties.getProperty("spring.datasource.url");
		assertThat(url).startsWith("jdbc:h2:file:");
		return url.replace("${hub.data-dir:./data}", dataDir.toString());
	}

	/** The child: commits one row at a time, then stops dead (no shutdown hooks, no close). */
	public static final class CommitThenHalt {

		public static void main(String[] args) throws SQLException {
			Connection c = DriverManager.getConnection(args[0], "sa", "");
			c.createStatement().execute("CREATE TABLE committed (id INT PRIMARY KEY)");
			c.setAutoCommit(false);
			for (int i = 0; i < ROWS; i++) {
				c.createStatement().execute("INSERT INTO committed VALUES (" + i + ")");
				c.commit();
			}
			System.out.println("committed " + ROWS);
			System.out.flush();
			Runtime.getRuntime().halt(9);
		}
	}
}
