package org.countyhub.server.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Record-level access settings ({@code hub.access.*}, docs/access.md).
 *
 * @param enabled the 调阅 rules on every FHIR request of a person or unit system (off: identity and roles only)
 * @param policy  the policy file; empty: the county folder's {@code access-policy.yaml}, or the defaults without one
 */
@ConfigurationProperties(prefix = "hub.access")
public record AccessProperties(@DefaultValue("true") boolean enabled, @DefaultValue("") String policy) {}
