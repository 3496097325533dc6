package org.countyhub.server.rest;

import ca.uhn.fhir.rest.server.IServerAddressStrategy;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The base URL written into Bundle links and Locations. Never taken from the client's {@code Host} header (a
 * client could point other users' next-page links anywhere): {@code hub.fhir.server-address} when set; else the
 * header a trusted reverse proxy sets ({@code hub.fhir.proxy-base-header}) when configured and present; else the
 * address and port the connection actually arrived on.
 */
final class ServerAddress implements IServerAddressStrategy {

	private final String configured;
	private final String proxyHeader;

	ServerAddress(String configured, String proxyHeader) {
		this.configured = strip(configured);
		this.proxyHeader = proxyHeader;
	}

	@Override
	public String determineServerBase(ServletContext servletContext, HttpServletRequest request) {
		if (!configured.isEmpty()) {
			return configured;
		}
		if (!proxyHeader.isBlank()) {
			String base = request.getHeader(proxyHeader);
			if (base != null && !base.isBlank()) {
				return strip(base.trim());
			}
		}
		String host = request.getLocalAddr();
		if (host.indexOf(':') >= 0) {
			host = "[" + host + "]";
		}
		return request.getScheme() + "://" + host + ":" + request.getLocalPort() + request.getContextPath()
				+ request.getServletPath();
	}

	private static String strip(String base) {
		return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}
}
