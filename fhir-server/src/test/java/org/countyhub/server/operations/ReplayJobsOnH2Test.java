package org.countyhub.server.operations;

import org.countyhub.server.support.HubServerTest;

/** The replay jobs in the database, on the embedded H2 default. */
class ReplayJobsOnH2Test extends HubServerTest implements ReplayJobsSuite {}
