package org.countyhub.server.console.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Date;
import java.util.List;
import org.countyhub.server.console.ReportText;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
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

	@Test
	void aRevisionNeedsItsReasonAndKeepsTheReportButItsText() {
		assertThat(new ReportForm("双肺纹理清晰", "未见异常", null, " ").revisionProblems()).containsOnlyKeys("revision");

		DiagnosticReport first = ReadingReport.of(new ServiceRequest().setCode(new CodeableConcept().setText("胸部DR")),
				null, "Organization/XRMYY", "PractitionerRole/7", "王医生",
				new ReportForm("双肺纹理增多", "考虑支气管炎", true), new Date(0));
		first.setId("DiagnosticReport/9");
		DiagnosticReport revised = ReadingReport.revised(first,
				new ReportForm("双肺纹理增多", "考虑急性支气管炎", false, "误标危急值"), new Date(60_000));

		assertThat(revised.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.AMENDED);
		assertThat(revised.getIdElement().getIdPart()).isEqualTo("9");
		assertThat(revised.getPerformer()).extracting(Reference::getReference)
				.containsExactly("Organization/XRMYY", "PractitionerRole/7");
		assertThat(ReportText.findings(revised)).isEqualTo("双肺纹理增多");
		assertThat(ReportText.revision(revised)).isEqualTo("误标危急值");
		assertThat(ReportText.critical(revised)).isFalse();
		assertThat(revised.getConclusion()).isEqualTo("考虑急性支气管炎");
		assertThat(revised.getIssued()).isEqualTo(new Date(60_000));
		// the earlier text is not in the new version (the hub's history keeps it)
		assertThat(ReportText.critical(first)).isTrue();
		assertThat(first.getConclusion()).isEqualTo("考虑支气管炎");
	}
}
