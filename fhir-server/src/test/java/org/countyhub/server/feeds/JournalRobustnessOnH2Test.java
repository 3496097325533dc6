package org.countyhub.server.feeds;

import org.countyhub.server.support.HubServerTest;

/** The journal's hostile-header cases on the embedded H2 default. */
class JournalRobustnessOnH2Test extends HubServerTest implements JournalRobustnessSuite {}
