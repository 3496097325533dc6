package org.countyhub.server.security.signin;

import java.util.UUID;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnit;
import org.countyhub.server.security.SecurityProperties;
import org.countyhub.server.security.token.Roles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.stereotype.Component;

/**
 * Registers, at every start and for any county, the units' systems that sign in with their own key
 * ({@code hub.security.key-clients}, {@code private_key_jwt}): the hub keeps only where their public keys are, so a
 * leaked database holds no secret of theirs. A client that names a unit the county does not have stops the start.
 */
@Component
@OnEmbeddedSignIn
class KeyClients {

	private static final Logger log = LoggerFactory.getLogger(KeyClients.class);

	KeyClients(SecurityProperties properties, CountyDirectory county, RegisteredClientRepository clients) {
		for (int i = 0; i < properties.keyClients().size(); i++) {
			SecurityProperties.KeyClient client = properties.keyClients().get(i);
			int index = i;
			MemberUnit unit = county.byCode(client.unit()).orElseThrow(() -> new IllegalStateException(
					"hub.security.key-clients[" + index + "].unit: no member unit " + client.unit() + " in this county"));
			RegisteredClient existing = clients.findByClientId(client.clientId());
			clients.save(RegisteredClient.withId(existing == null ? UUID.randomUUID().toString() : existing.getId())
					.clientId(client.clientId())
					.clientName(unit.name() + " system (private_key_jwt)")
					.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
					.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
					.scope("system/*.cruds")
					.clientSettings(ClientSettings.builder()
							.jwkSetUrl(client.jwkSetUri())
							.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS256)
							.setting(AuthorizationServerConfig.CLIENT_UNITS, unit.code())
							.setting(AuthorizationServerConfig.CLIENT_ROLES, Roles.UNIT_SYSTEM)
							.build())
					.build());
			log.info("Sign-in: unit system {} for {} authenticates with its key (private_key_jwt)", client.clientId(),
					unit.code());
		}
	}
}
