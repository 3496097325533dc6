package org.countyhub.server.recognition.results;

import java.util.Set;
import org.hl7.fhir.r4.model.Patient;

/**
 * The records (Patient resources at the member units) of the person a Patient belongs to, the Patient itself
 * included, as unqualified ids ({@code Patient/123}). The recognition queries ask this, never the identity rules
 * directly, so the way persons are linked can change without touching them.
 */
public interface PersonRecords {

	/** The records of the person this stored Patient belongs to; an unknown id is a 404. */
	Set<String> linkedPatients(String patientId);

	/** As {@link #linkedPatients(String)}, for a Patient already at hand (e.g. a CDS Hooks prefetch). */
	Set<String> linkedPatients(Patient patient);
}
