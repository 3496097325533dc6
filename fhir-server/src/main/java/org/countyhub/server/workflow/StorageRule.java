package org.countyhub.server.workflow;

/**
 * A workflow rule that HAPI must call on every write to the store (a plain HAPI interceptor with {@code @Hook}
 * methods). Beans implementing this are registered with the JPA {@code IInterceptorService}, not with the REST
 * endpoint, so that the rules apply equally to FHIR REST and to the feeds' writes.
 */
public interface StorageRule {

	/**
	 * The order of a rule's pre-storage hook that shapes or checks a profiled resource (ServiceRequest, Task).
	 * HAPI calls hooks of one pointcut by ascending order and, for equal orders, by registration order; the
	 * guide's validation registers at context refresh with order 0 (its profile assignment at -100). Declaring
	 * the order makes the rules run first whatever the registration order: a routed order is validated against
	 * the reading-request profile the rule adds, and a broken workflow move is refused with its own HUB-5xxx code
	 * rather than a generic profile failure. A rule that changes a resource before validation must also drop the
	 * request body HAPI keeps on it ({@code ResourceUtil.clearRawStringFromResource}): HAPI's validator checks
	 * that raw body, when present, instead of the resource as changed.
	 */
	int BEFORE_VALIDATION = -200;
}
