package org.countyhub.server.security.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.security.SecurityProperties;
import org.countyhub.server.security.token.HubCaller;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.StorageRule;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Subscriptions are written by a unit's system or the system admin, and a rest-hook may only point at an endpoint
 * on {@code hub.security.hook-allow-list}. An endpoint whose host is (or resolves to) a loopback, link-local,
 * wildcard or cloud-metadata address is refused even when a prefix would match, unless an allow-list entry names
 * that very host: notifications carry feed Patients, and the hub must not be made to call into its own network.
 */
@Component
@Interceptor
public class HookEndpoints implements StorageRule {

	private static final Logger log = LoggerFactory.getLogger(HookEndpoints.class);

	static final List<String> WRITERS = List.of(Roles.UNIT_SYSTEM, Roles.SYSTEM_ADMIN);

	private final List<URI> allowed;

	HookEndpoints(SecurityProperties properties) {
		this.allowed = properties.hookAllowList().stream().map(URI::create).toList();
		log.info("Subscription rest-hooks allowed to: {}", allowed.isEmpty() ? "(none)" : allowed);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = BEFORE_VALIDATION - 10)
	public void beforeCreate(IBaseResource resource, RequestDetails request) {
		check(resource, request);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = BEFORE_VALIDATION - 10)
	public void beforeUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		check(resource, request);
	}

	private void check(IBaseResource resource, RequestDetails request) {
		if (!(resource instanceof Subscription subscription) || ActingUnit.isInternal(request)) {
			return;
		}
		if (HubCaller.current().map(caller -> WRITERS.stream().noneMatch(caller::hasRole)).orElse(true)) {
			throw new ForbiddenOperationException(HubMsg.code(5412) + "Subscriptions are written by one of " + WRITERS);
		}
		if (subscription.getChannel().getType() != Subscription.SubscriptionChannelType.RESTHOOK) {
			return;
		}
		String endpoint = subscription.getChannel().getEndpoint();
		if (!allowed(endpoint)) {
			throw new ForbiddenOperationException(HubMsg.code(5413) + "the rest-hook endpoint is not on the hub's"
					+ " allow-list (hub.security.hook-allow-list) or points into the hub's own network: " + endpoint);
		}
	}

	boolean allowed(String endpoint) {
		URI uri;
		try {
			uri = endpoint == null ? null : URI.create(endpoint);
		} catch (IllegalArgumentException e) {
			return false;
		}
		if (uri == null || uri.getHost() == null || uri.getScheme() == null) {
			return false;
		}
		URI match = allowed.stream().filter(entry -> matches(entry, uri)).findFirst().orElse(null);
		if (match == null) {
			return false;
		}
		return !internal(uri.getHost()) || namesInternalAddress(match);
	}

	/**
	 * An entry that names an internal address itself ({@code http://127.0.0.1}, {@code http://localhost}: the
	 * demo and tests), as opposed to a host name that happens to resolve to one.
	 */
	private static boolean namesInternalAddress(URI entry) {
		String host = entry.getHost();
		boolean literal = host.equalsIgnoreCase("localhost") || host.matches("[0-9.]+") || host.startsWith("[");
		return literal && internal(host);
	}

	private static boolean matches(URI entry, URI uri) {
		return entry.getScheme().equalsIgnoreCase(uri.getScheme())
				&& entry.getHost().equalsIgnoreCase(uri.getHost())
				&& (entry.getPort() == -1 || entry.getPort() == uri.getPort())
				&& (uri.getPath() == null ? "" : uri.getPath()).startsWith(entry.getPath() == null ? "" : entry.getPath());
	}

	private static boolean internal(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		if (name.equals("metadata.google.internal") || name.equals("metadata")) {
			return true;
		}
		try {
			for (InetAddress address : InetAddress.getAllByName(name)) {
				if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()
						|| address.isMulticastAddress() || address.getHostAddress().startsWith("100.100.100.200")) {
					return true;
				}
			}
			return false;
		} catch (UnknownHostException e) {
			return true;
		}
	}
}
