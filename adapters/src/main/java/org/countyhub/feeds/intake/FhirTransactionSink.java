package org.countyhub.feeds.intake;

import org.hl7.fhir.r4.model.Bundle;

/**
 * Where a feed delivers: one FHIR transaction per message, committed (or rolled back) as a whole before this
 * returns. The server implements it on its JPA store; the adapters never see the server's internals.
 */
public interface FhirTransactionSink {

	/**
	 * @return the transaction-response bundle
	 * @throws StorageUnavailableException when the database cannot be reached (the message is retried later);
	 *                                     any other exception means the transaction was rejected
	 */
	Bundle transact(Bundle transaction);
}
