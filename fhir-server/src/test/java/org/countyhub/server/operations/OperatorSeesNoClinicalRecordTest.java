package org.countyhub.server.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.List;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.workflow.Reports;
import org.countyhub.server.workflow.Township;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/**
 * An operator runs the feeds of their units but does not read the clinical record through the FHIR API either —
 * not even of their own unit's patients — unless they also hold a clinical role (issue 22).
 */
class OperatorSeesNoClinicalRecordTest extends HubServerTest {

	@Test
	void anOperatorOfTheUnitGetsNeitherThePatientNorTheResults() {
		Patient patient = Township.patient(client, "WSY02", Township.unique("MZ"), "孙桂英");
		String report = client.create().resource(Reports.imaging(patient, "WSY02", "DR-CHEST", "胸部DR正位片",
				"双肺纹理清晰。")).execute().getId().toUnqualifiedVersionless().getValue();

		IGenericClient operator = clientWith(tokenAs(List.of(Roles.OPERATOR), "WSY02"));
		assertThatThrownBy(() -> operator.read().resource(Patient.class).withId(patient.getIdElement()).execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
					assertThat(e.getStatusCode()).isEqualTo(403);
					assertThat(e.getMessage()).contains("HUB-5409");
				});
		Bundle reports = operator.search().forResource(DiagnosticReport.class)
				.where(DiagnosticReport.SUBJECT.hasId(patient.getIdElement().getIdPart()))
				.returnBundle(Bundle.class).execute();
		assertThat(reports.getEntry()).isEmpty();

		// the same person with a clinical role as well sees their unit's report
		IGenericClient clinicianOperator = clientWith(tokenAs(List.of(Roles.OPERATOR, Roles.CLINICIAN), "WSY02"));
		Bundle seen = clinicianOperator.search().forResource(DiagnosticReport.class)
				.where(DiagnosticReport.SUBJECT.hasId(patient.getIdElement().getIdPart()))
				.returnBundle(Bundle.class).execute();
		assertThat(seen.getEntry()).extracting(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue())
				.containsExactly(report);
	}
}
