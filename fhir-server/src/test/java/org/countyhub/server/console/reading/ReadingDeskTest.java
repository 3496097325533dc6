package org.countyhub.server.console.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReadingDeskTest {

	@Test
	void theShippedFileOffersPresetsAndTemplatesPerModality() {
		ReadingDesk desk = new ReadingDesk();
		assertThat(desk.preset("lung").window()).isEqualTo("-600,1500,linear");
		assertThat(desk.preset("no-such-preset").window()).isNull();
		assertThat(desk.templatesFor("DX")).extracting(ReadingDesk.Template::key).contains("chest-normal");
		assertThat(desk.templatesFor("XA")).isEmpty();
	}

	@Test
	void aKeyNamedTwiceStopsTheStartNamingTheFile() {
		ReadingDesk.Data twice = new ReadingDesk.Data(
				List.of(new ReadingDesk.Preset("lung", "肺窗", -600, 1500), new ReadingDesk.Preset("lung", "肺窗", -600, 1500)),
				List.of());
		assertThatThrownBy(() -> new ReadingDesk(twice)).hasMessageContaining(ReadingDesk.FILE);
	}

	@Test
	void aReportNeedsFindingsAndImpression() {
		assertThat(new ReportForm(" ", "", null).problems()).containsOnlyKeys("findings", "impression");
		assertThat(new ReportForm("双肺纹理清晰", "未见异常", true).problems()).isEmpty();
	}
}
