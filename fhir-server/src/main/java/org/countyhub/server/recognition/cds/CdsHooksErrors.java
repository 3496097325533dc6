package org.countyhub.server.recognition.cds;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.hapi.fhir.cdshooks.controller.CdsHooksController;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A CDS Hooks call that cannot be answered (unknown service, missing context, prefetch that cannot be fetched)
 * gets the status HAPI's exception carries (400, 404, 412, ...) and the message, not a 500.
 */
@RestControllerAdvice(assignableTypes = CdsHooksController.class)
class CdsHooksErrors {

	@ExceptionHandler(BaseServerResponseException.class)
	ResponseEntity<Map<String, String>> failed(BaseServerResponseException e) {
		return ResponseEntity.status(e.getStatusCode())
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
	}
}
