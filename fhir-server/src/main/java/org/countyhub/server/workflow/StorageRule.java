package org.countyhub.server.workflow;

/**
 * A workflow rule that HAPI must call on every write to the store (a plain HAPI interceptor with {@code @Hook}
 * methods). Beans implementing this are registered with the JPA {@code IInterceptorService}, not with the REST
 * endpoint, so that the rules apply equally to FHIR REST and to the feeds' writes.
 */
public interface StorageRule {}
