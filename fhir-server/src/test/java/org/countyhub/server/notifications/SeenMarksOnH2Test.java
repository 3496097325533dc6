package org.countyhub.server.notifications;

import org.countyhub.server.support.HubServerTest;

class SeenMarksOnH2Test extends HubServerTest implements SeenMarksSuite {}
