package org.countyhub.server.notifications;

import org.countyhub.server.support.PostgresHubServerTest;

class SeenMarksOnPostgresTest extends PostgresHubServerTest implements SeenMarksSuite {}
