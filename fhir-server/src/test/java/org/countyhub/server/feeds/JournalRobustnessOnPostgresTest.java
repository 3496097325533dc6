package org.countyhub.server.feeds;

import org.countyhub.server.support.PostgresHubServerTest;

/** The journal's hostile-header cases on real PostgreSQL (embedded binaries), which keeps no NUL in text. */
class JournalRobustnessOnPostgresTest extends PostgresHubServerTest implements JournalRobustnessSuite {}
