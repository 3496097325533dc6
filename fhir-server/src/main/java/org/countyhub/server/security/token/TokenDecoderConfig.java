package org.countyhub.server.security.token;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.countyhub.server.security.SecurityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;

/**
 * How a bearer token is verified. With the embedded authorization server: against the hub's own signing key.
 * With {@code hub.security.issuer-uri}: against the external provider's published keys, read at the first request
 * (so the hub starts while the provider is down). Either way RS256-family signatures only ({@code alg=none} and
 * unsigned tokens are refused), and {@link TokenChecks} for expiry, issuer and audience.
 */
@Configuration
public class TokenDecoderConfig {

	private static final Logger log = LoggerFactory.getLogger(TokenDecoderConfig.class);

	@Bean
	JwtDecoder jwtDecoder(SecurityProperties properties, ObjectProvider<JWKSource<SecurityContext>> embeddedKeys) {
		if (properties.embeddedIssuer()) {
			NimbusJwtDecoder decoder =
					(NimbusJwtDecoder) OAuth2AuthorizationServerConfiguration.jwtDecoder(embeddedKeys.getObject());
			decoder.setJwtValidator(TokenChecks.embedded(properties.audience()));
			log.info("Tokens: issued and checked by the hub itself (audience {})", properties.audience());
			return decoder;
		}
		log.info("Tokens: issued by {} (audience {})", properties.issuerUri(), properties.audience());
		return new SupplierJwtDecoder(() -> {
			NimbusJwtDecoder decoder = properties.jwkSetUri().isBlank()
					? NimbusJwtDecoder.withIssuerLocation(properties.issuerUri()).build()
					: NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build();
			decoder.setJwtValidator(TokenChecks.external(properties.issuerUri(), properties.audience()));
			return decoder;
		});
	}
}
