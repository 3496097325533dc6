package org.countyhub.server.rest;

/**
 * A HAPI plain provider or resource provider of the hub's own (operations such as the recognition queries).
 * Beans implementing this are registered with the FHIR endpoint, so a feature adds its operations by
 * declaring a bean, without touching the endpoint's configuration.
 */
public interface FhirOperationProvider {}
