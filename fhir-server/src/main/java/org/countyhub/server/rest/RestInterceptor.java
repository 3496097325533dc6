package org.countyhub.server.rest;

/**
 * A HAPI interceptor for the REST layer (request checks, response shaping). Beans implementing this are
 * registered with the FHIR endpoint. Storage-level rules register with HAPI's JPA interceptor service instead,
 * so that they also apply to writes from the feeds, which do not pass through REST.
 */
public interface RestInterceptor {}
