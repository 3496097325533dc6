package org.countyhub.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import javax.sql.DataSource;
import org.countyhub.server.support.PostgresHubServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** On PostgreSQL the hub's connections send a batch of inserts as multi-row INSERTs. */
class PostgresBatchedInsertsTest extends PostgresHubServerTest {

	@Autowired
	private DataSource dataSource;

	@Test
	void aBatchOfInsertsIsRewrittenIntoMultiRowStatements() throws Exception {
		try (Connection connection = dataSource.getConnection()) {
			try (Statement ddl = connection.createStatement()) {
				ddl.execute("CREATE TEMPORARY TABLE batch_probe (n integer)");
			}
			int[] counts;
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batch_probe (n) VALUES (?)")) {
				for (int n = 1; n <= 4; n++) {
					insert.setInt(1, n);
					insert.addBatch();
				}
				counts = insert.executeBatch();
			}
			// rewritten: the driver sent one statement and cannot say which row each count belongs to (unrewritten
			// each count is 1)
			assertThat(counts).containsOnly(Statement.SUCCESS_NO_INFO).hasSize(4);
			try (Statement query = connection.createStatement();
					var rows = query.executeQuery("SELECT count(*) FROM batch_probe")) {
				rows.next();
				assertThat(rows.getInt(1)).isEqualTo(4);
			}
		}
	}
}
