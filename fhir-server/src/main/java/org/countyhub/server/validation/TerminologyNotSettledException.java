package org.countyhub.server.validation;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * A write the guide would refuse while a terminology change is still being stored: the refusal may be the
 * change's not having taken effect yet, so the hub does not answer it (503, retry) rather than refuse it (422).
 * The feeds keep such a message and retry it like one that met an unavailable database.
 */
public class TerminologyNotSettledException extends BaseServerResponseException {

	static final int STATUS = 503;

	TerminologyNotSettledException(String message, OperationOutcome outcome) {
		super(STATUS, message, outcome);
	}
}
