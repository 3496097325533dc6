package org.countyhub.server.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.countyhub.server.recognition.RecognitionFixtures.catalogue;
import static org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus.FINAL;

import ca.uhn.fhir.jpa.dao.data.ITermCodeSystemDao;
import ca.uhn.fhir.jpa.dao.data.ITermConceptDao;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.rest.TestIdCards;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.validation.ProfileEnforcement;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A county edits its recognition catalogue over FHIR: the change takes effect for the guide's checks when its write
 * commits, and the codes it keeps stay valid while HAPI replaces the stored concepts in the background.
 */
class CatalogueChangeTest extends HubServerTest {

	@Autowired
	ProfileEnforcement enforcement;

	@Autowired
	ITermCodeSystemDao codeSystems;

	@Autowired
	ITermConceptDao concepts;

	TransactionTemplate transactions;

	@Autowired
	void transactions(PlatformTransactionManager manager) {
		transactions = new TransactionTemplate(manager);
	}

	@Test
	void aCatalogueChangeTakesEffectAtItsCommitAndTheCodesItKeepsStayValidThroughout() {
		RecognitionFixtures fx = new RecognitionFixtures(client);
		String unit = fx.unit("青石镇卫生院", "2026-01-01", "2026-12-31", "CT-CHEST");
		String patient = fx.patient(unit, TestIdCards.next(), "严十二");
		// judged against the catalogue as stored: the validators now remember it
		fx.report(patient, unit, FINAL, "2026-03-01T09:00:00+08:00", catalogue("CT-CHEST"));

		long replacedVersion = currentTerminologyVersion();
		String added = "TEST-" + RecognitionFixtures.unique();
		CodeSystem edited = storedCatalogue();
		edited.addConcept().setCode(added).setDisplay("测试项目")
				.addProperty(new CodeSystem.ConceptPropertyComponent(new CodeType("category"), new CodeType("lab")))
				.addProperty(new CodeSystem.ConceptPropertyComponent(new CodeType("validity-days"), new IntegerType(7)))
				.addProperty(new CodeSystem.ConceptPropertyComponent(new CodeType("level"), new CodeType("county")));
		client.update().resource(edited).execute();

		// the added item is accepted as soon as the catalogue's write has answered: a unit is qualified for it (a
		// required binding to the catalogue) and reports it
		fx.qualify(unit, "青石镇卫生院", "2026-01-01", "2026-12-31", "CT-CHEST", added);
		fx.report(patient, unit, FINAL, "2026-03-02T09:00:00+08:00", catalogue(added));
		// and once HAPI's batch job has deleted the replaced version's concepts, the items kept still are
		Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> conceptsOf(replacedVersion) == 0);
		fx.report(patient, unit, FINAL, "2026-03-03T09:00:00+08:00", catalogue("CT-CHEST"));

		// an item taken out is refused as soon as that change has taken effect
		CodeSystem restored = storedCatalogue();
		restored.getConcept().removeIf(c -> c.getCode().equals(added));
		client.update().resource(restored).execute();
		Awaitility.await().atMost(Duration.ofMinutes(2)).until(enforcement::terminologySettled);
		assertThatThrownBy(() -> fx.unit("白石镇卫生院", "2026-01-01", "2026-12-31", added))
				.isInstanceOf(UnprocessableEntityException.class)
				.hasMessageContaining("HUB-1101");
		assertThat(storedCatalogue().getConcept()).noneMatch(c -> c.getCode().equals(added));
	}

	/** The stored version of the catalogue HAPI's terminology tables now call current. */
	private long currentTerminologyVersion() {
		return transactions.execute(tx -> codeSystems.findByCodeSystemUri(HubSystems.RECOGNITION_CATALOGUE)
				.getCurrentVersion().getPid());
	}

	private int conceptsOf(long terminologyVersion) {
		return transactions.execute(tx -> concepts.countByCodeSystemVersion(terminologyVersion));
	}

	private CodeSystem storedCatalogue() {
		Bundle found = client.search().forResource(CodeSystem.class)
				.where(CodeSystem.URL.matches().value(HubSystems.RECOGNITION_CATALOGUE))
				.returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).hasSize(1);
		return (CodeSystem) found.getEntryFirstRep().getResource();
	}
}
