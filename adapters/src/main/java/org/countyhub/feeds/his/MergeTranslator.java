package org.countyhub.feeds.his;

import java.util.List;
import org.countyhub.feeds.fhir.FeedContext;
import org.countyhub.feeds.fhir.FeedException;
import org.countyhub.feeds.fhir.Identifiers;
import org.countyhub.feeds.fhir.PatientTranslator;
import org.countyhub.feeds.fhir.TransactionBuilder;
import org.countyhub.feeds.hl7.Segment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * ADT^A40 (merge patient): for each PID + MRG pair, the surviving record (PID) is written and links to the
 * retired one ({@code replaces}); the retired record (MRG-1) keeps its data and is patched to inactive with a
 * {@code replaced-by} link, so its visits and results are found from the survivor. The survivor gains the retired
 * number as an identifier of {@code use: old}. The retired patient must
 * exist: a merge of an unknown number is an error (AE), not a silent new record.
 */
final class MergeTranslator {

	private MergeTranslator() {}

	static Bundle translate(FeedContext ctx) {
		TransactionBuilder tx = new TransactionBuilder(ctx.source());
		List<Segment> segments = ctx.message().segments();
		int pairs = 0;
		for (int i = 0; i < segments.size(); i++) {
			if (!segments.get(i).name().equals("PID")) {
				continue;
			}
			Segment pid = segments.get(i);
			Segment mrg = null;
			for (int j = i + 1; j < segments.size() && !segments.get(j).name().equals("PID"); j++) {
				if (segments.get(j).name().equals("MRG")) {
					mrg = segments.get(j);
					break;
				}
			}
			if (mrg == null || mrg.value(1).isEmpty()) {
				throw FeedException.missing(2013, "ADT^A40: PID without an MRG-1 prior patient number");
			}
			merge(pid, mrg, ctx, tx);
			pairs++;
		}
		if (pairs == 0) {
			throw FeedException.missing(2021, "ADT^A40 has no PID/MRG pair");
		}
		return tx.build();
	}

	private static void merge(Segment pid, Segment mrg, FeedContext ctx, TransactionBuilder tx) {
		PatientTranslator.Translated survivor = PatientTranslator.translate(pid, ctx);
		Identifier retired = Identifiers.mrn(mrg.value(1), ctx.unit().feed().mrnSystem());
		if (retired.getValue().equals(survivor.key().getValue())) {
			throw new FeedException(FeedException.Ack.AE, 2014, "205", "ADT^A40: MRG-1 names the surviving patient itself");
		}
		String retiredUrl = "Patient?identifier=" + TransactionBuilder.token(retired);
		// a match URL in a reference is resolved by the server inside the transaction (and fails if absent)
		survivor.patient().addLink()
				.setType(Patient.LinkType.REPLACES)
				.setOther(new Reference(retiredUrl));
		// the retired number is the unit's own: the survivor carries it as a former number, which the guide's
		// Patient identifier search leaves out, so a late message with the old number still finds the retired record
		survivor.patient().addIdentifier(retired.copy().setUse(Identifier.IdentifierUse.OLD));
		// merged into what is stored like any update: a sparse PID keeps the survivor's ID card, address, phones
		tx.update(survivor.patient(), survivor.update());

		Parameters patch = new Parameters();
		operation(patch, "replace", "Patient.active", null, new BooleanType(false));
		// delete-then-add keeps a replayed merge from adding the link twice
		operation(patch, "delete", "Patient.link.where(type='replaced-by')", null, null);
		Parameters.ParametersParameterComponent add = operation(patch, "add", "Patient", "link", null);
		Parameters.ParametersParameterComponent value = add.addPart().setName("value");
		value.addPart().setName("other").setValue(new Reference()
				.setIdentifier(survivor.key().copy())
				.setType("Patient"));
		value.addPart().setName("type").setValue(new org.hl7.fhir.r4.model.CodeType("replaced-by"));
		tx.patch(patch, retiredUrl);
	}

	private static Parameters.ParametersParameterComponent operation(
			Parameters patch, String type, String path, String name, org.hl7.fhir.r4.model.Type value) {
		Parameters.ParametersParameterComponent op = patch.addParameter().setName("operation");
		op.addPart().setName("type").setValue(new org.hl7.fhir.r4.model.CodeType(type));
		op.addPart().setName("path").setValue(new StringType(path));
		if (name != null) {
			op.addPart().setName("name").setValue(new StringType(name));
		}
		if (value != null) {
			op.addPart().setName("value").setValue(value);
		}
		return op;
	}
}
