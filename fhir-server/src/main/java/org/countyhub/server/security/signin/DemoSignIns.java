package org.countyhub.server.security.signin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnit;
import org.countyhub.server.config.HubProperties;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.security.totp.SecondFactor;
import org.countyhub.server.security.totp.TotpSecrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;

/**
 * The demo county's people and unit systems ({@code security/demo-sign-ins.yaml}), written at start only while
 * the hub runs the demo county ({@code hub.county.location} = {@value #DEMO_COUNTY}); with any other county they
 * are removed, so no demo password works outside the demo. One INFO line says they exist, without passwords.
 */
@Component
@OnEmbeddedSignIn
public class DemoSignIns {

	static final String DEMO_COUNTY = "classpath:county/demo";
	static final String DEMO_FILE = "security/demo-sign-ins.yaml";
	static final String SYSTEM_CLIENT_PREFIX = "system-";
	static final String METRICS_CLIENT = "metrics-scraper";
	/** The end of every demo client's name, by which they are found to be removed. */
	static final String DEMO_MARK = "(demo)";

	private static final Logger log = LoggerFactory.getLogger(DemoSignIns.class);

	record DemoUser(String username, List<String> units, List<String> roles, String fhirUser) {}

	record WebClient(String clientId, String redirectUri) {}

	record DemoFile(String password, String adminTotpSecret, String systemSecretSuffix, WebClient webClient,
			List<DemoUser> users) {}

	DemoSignIns(HubProperties hub, CountyDirectory county, HubUsers users, RegisteredClientRepository clients,
			JdbcTemplate signInJdbc, PasswordEncoder passwords, TotpSecrets totp) {
		DemoFile demo = read();
		if (!DEMO_COUNTY.equals(hub.county().location())) {
			int removed = users.removeDemoUsers();
			removed += signInJdbc.update("DELETE FROM oauth2_registered_client WHERE client_name LIKE ?",
					"%" + DEMO_MARK);
			// a later real user of the same name must not inherit a demo admin's TOTP secret
			signInJdbc.update("DELETE FROM hub_user_totp WHERE username NOT IN (SELECT username FROM hub_user)");
			if (removed > 0) {
				log.warn("Demo sign-ins removed ({}): this hub does not run the demo county", removed);
			}
			return;
		}
		// made when missing (hashing every password at each start costs seconds)
		for (DemoUser user : demo.users()) {
			if (users.find(user.username()).isEmpty()) {
				users.save(user.username(), demo.password(), user.units(), user.roles(), user.fhirUser(), true);
			}
			if (SecondFactor.required(user.roles()) && !totp.enrolled(user.username())) {
				totp.save(user.username(), demo.adminTotpSecret());
			}
		}
		save(clients, webClient(demo.webClient()));
		if (clients.findByClientId(METRICS_CLIENT) == null) {
			save(clients, metricsScraper(passwords.encode(METRICS_CLIENT + demo.systemSecretSuffix())));
		}
		for (MemberUnit unit : county.units()) {
			if (clients.findByClientId(SYSTEM_CLIENT_PREFIX + unit.code()) == null) {
				save(clients, unitSystem(unit, passwords.encode(unit.code() + demo.systemSecretSuffix())));
			}
		}
		log.info("Demo county sign-ins exist: {} users and {} unit-system clients (names and passwords in the"
				+ " README); they are removed when the hub runs another county", demo.users().size(),
				county.units().size());
	}

	static DemoFile read() {
		ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
				.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
		try (InputStream in = new ClassPathResource(DEMO_FILE).getInputStream()) {
			return yaml.readValue(in, DemoFile.class);
		} catch (IOException e) {
			throw new UncheckedIOException("cannot read " + DEMO_FILE, e);
		}
	}

	/** Saves the client, keeping the id (and so the authorizations) of one already registered under its client id. */
	private static void save(RegisteredClientRepository clients, RegisteredClient client) {
		RegisteredClient existing = clients.findByClientId(client.getClientId());
		clients.save(existing == null ? client : RegisteredClient.from(client).id(existing.getId()).build());
	}

	private static RegisteredClient webClient(WebClient web) {
		return RegisteredClient.withId(UUID.randomUUID().toString())
				.clientId(web.clientId())
				.clientName("County Hub web " + DEMO_MARK)
				.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
				.redirectUri(web.redirectUri())
				.scope(OidcScopes.OPENID).scope("fhirUser").scope("user/*.rs").scope("patient/*.rs")
				.scope("user/*.cruds")
				.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
				.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(30)).build())
				.build();
	}

	/** The demo's monitoring system: reads {@code /actuator/prometheus}, nothing else (no unit). */
	private static RegisteredClient metricsScraper(String secretHash) {
		return RegisteredClient.withId(UUID.randomUUID().toString())
				.clientId(METRICS_CLIENT)
				.clientSecret(secretHash)
				.clientName("Prometheus " + DEMO_MARK)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.scope("metrics")
				.clientSettings(ClientSettings.builder()
						.setting(AuthorizationServerConfig.CLIENT_ROLES, Roles.METRICS_READER)
						.build())
				.build();
	}

	private static RegisteredClient unitSystem(MemberUnit unit, String secretHash) {
		return RegisteredClient.withId(UUID.randomUUID().toString())
				.clientId(SYSTEM_CLIENT_PREFIX + unit.code())
				.clientSecret(secretHash)
				.clientName(unit.name() + " HIS/LIS/PACS " + DEMO_MARK)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.scope("system/*.cruds")
				.clientSettings(ClientSettings.builder()
						.setting(AuthorizationServerConfig.CLIENT_UNITS, unit.code())
						.setting(AuthorizationServerConfig.CLIENT_ROLES, Roles.UNIT_SYSTEM)
						.build())
				.build();
	}
}
