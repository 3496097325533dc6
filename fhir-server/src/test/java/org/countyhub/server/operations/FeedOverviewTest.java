package org.countyhub.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.countyhub.server.feeds.FeedMessages;
import org.countyhub.server.feeds.MllpClient;
import org.countyhub.server.support.HubServerTest;
import org.junit.jupiter.api.Test;

/**
 * 运维总览's lines of a unit: results (ORU^R01) are counted on the line the intake routes them to — 检验, 影像 or
 * 心电 by OBR-24 when the sending application is not one the unit declares — and orders on 医嘱; refused messages
 * make the line 异常 with the refusals of today and the last hour.
 */
class FeedOverviewTest extends HubServerTest {

	private static final String UNIT = "XZYY";

	@Test
	void resultsAreCountedOnTheLineTheIntakeRoutesThemToAndRefusalsMakeItFailing() {
		FeedOverview overview = context().getBean(FeedOverview.class);
		Map<FeedLine, FeedOverview.Line> before = lines(overview);
		try (MllpClient mllp = new MllpClient(mllpPort())) {
			for (String section : new String[] {"LAB", "CT", "EC"}) {
				// a result without OBX: the intake refuses it, the journal keeps it
				mllp.send(msh("ORU^R01^ORU_R01") + "PID|1||" + FeedMessages.unique("M") + "^^^" + UNIT + "^MR||孙^九\r"
						// OBR-24 (diagnostic service section) after OBR-4
						+ "OBR|1||" + FeedMessages.unique("F") + "|X^检查^L" + "|".repeat(20) + section + "|F\r",
						StandardCharsets.UTF_8);
			}
			mllp.send(msh("ORM^O01^ORM_O01") + "PID|1||" + FeedMessages.unique("M") + "^^^" + UNIT + "^MR||孙^九\r",
					StandardCharsets.UTF_8);
		}

		Map<FeedLine, FeedOverview.Line> after = lines(overview);
		for (FeedLine line : new FeedLine[] {FeedLine.LAB, FeedLine.IMAGING, FeedLine.ECG, FeedLine.ORDERS}) {
			assertThat(after.get(line)).as(line.label()).isNotNull();
			assertThat(after.get(line).today().received() - received(before, line)).as(line.label()).isEqualTo(1);
			assertThat(after.get(line).lastHour().refused()).as(line.label()).isPositive();
			assertThat(after.get(line).state()).as(line.label()).isEqualTo(FeedOverview.State.FAILING);
			assertThat(after.get(line).lastReceived()).isNotNull();
		}
		assertThat(overview.now().heatmap().errors().get(UNIT)).isNotNull();
	}

	private static Map<FeedLine, FeedOverview.Line> lines(FeedOverview overview) {
		return overview.now().lines().stream().filter(l -> l.unit().equals(UNIT))
				.collect(Collectors.toMap(FeedOverview.Line::line, l -> l));
	}

	private static long received(Map<FeedLine, FeedOverview.Line> lines, FeedLine line) {
		return lines.containsKey(line) ? lines.get(line).today().received() : 0;
	}

	private static String msh(String type) {
		return "MSH|^~\\&|OTHERAPP|" + UNIT + "|COUNTYHUB|SFXYGT|20250301080000||" + type + "|"
				+ FeedMessages.unique("C") + "|P|2.5.1||||||UNICODE UTF-8\r";
	}
}
