package org.countyhub.server.operations;

import org.countyhub.server.support.PostgresHubServerTest;

/** The replay jobs in the database, on real PostgreSQL (embedded binaries). */
class ReplayJobsOnPostgresTest extends PostgresHubServerTest implements ReplayJobsSuite {}
