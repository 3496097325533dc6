package org.countyhub.server.console.signin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.countyhub.server.console.ConsoleProperties;
import org.countyhub.server.security.signin.AuthorizationServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The console as an OAuth client of the hub's own authorization server, on both sides: the public client
 * {@value #CLIENT_ID} (authorization code, PKCE S256 required) registered with the authorization server for every
 * county, and the matching registration the console signs in with. Both need the hub's port, so they are made
 * when the web server has started. Provider endpoints are set here from the hub's address: nothing is fetched at
 * start, and the ID token is checked against the hub's own keys ({@link ConsoleSignInConfig}).
 */
public class ConsoleClient implements ClientRegistrationRepository, ApplicationListener<WebServerInitializedEvent> {

	public static final String REGISTRATION_ID = "hub";
	public static final String CLIENT_ID = AuthorizationServerConfig.CONSOLE_CLIENT_ID;
	static final String CALLBACK_PATH = "/login/oauth2/code/" + REGISTRATION_ID;
	static final List<String> SCOPES = List.of(OidcScopes.OPENID, "fhirUser", "user/*.rs", "user/*.cruds");

	private static final Logger log = LoggerFactory.getLogger(ConsoleClient.class);

	private final ConsoleProperties properties;
	private final RegisteredClientRepository registeredClients;
	private final AtomicReference<ClientRegistration> registration = new AtomicReference<>();
	private final AtomicReference<String> hubAddress = new AtomicReference<>();

	ConsoleClient(ConsoleProperties properties, RegisteredClientRepository registeredClients) {
		this.properties = properties;
		this.registeredClients = registeredClients;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() != null) {
			// a separate management server is not where people sign in
			return;
		}
		int port = event.getWebServer().getPort();
		String hub = properties.hubAddress().isBlank() ? "http://localhost:" + port : strip(properties.hubAddress());
		List<String> addresses = properties.addresses().isEmpty()
				? List.of("http://localhost:" + port, "http://127.0.0.1:" + port)
				: properties.addresses().stream().map(ConsoleClient::strip).toList();
		register(addresses);
		hubAddress.set(hub);
		registration.set(ClientRegistration.withRegistrationId(REGISTRATION_ID)
				.clientId(CLIENT_ID)
				.clientName("医共体工作台")
				.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.redirectUri("{baseUrl}" + CALLBACK_PATH)
				.scope(SCOPES)
				// relative: the browser stays on the address it opened the console at (its session cookie)
				.authorizationUri("/oauth2/authorize")
				.tokenUri(hub + "/oauth2/token")
				.jwkSetUri(hub + "/oauth2/jwks")
				.issuerUri(hub)
				.userNameAttributeName(IdTokenClaimNames.SUB)
				.build());
		log.info("Console: sign-in client {} for {} (hub at {})", CLIENT_ID, addresses, hub);
	}

	@Override
	public ClientRegistration findByRegistrationId(String registrationId) {
		return REGISTRATION_ID.equals(registrationId) ? registration.get() : null;
	}

	/** The hub's base address as the console calls it (server to server). */
	public String hubAddress() {
		String address = hubAddress.get();
		if (address == null) {
			throw new IllegalStateException("the console is used before the web server started");
		}
		return address;
	}

	private void register(List<String> addresses) {
		List<String> callbacks = new ArrayList<>();
		addresses.forEach(address -> callbacks.add(address + CALLBACK_PATH));
		RegisteredClient existing = registeredClients.findByClientId(CLIENT_ID);
		RegisteredClient.Builder client = RegisteredClient
				.withId(existing == null ? UUID.randomUUID().toString() : existing.getId())
				.clientId(CLIENT_ID)
				.clientName("County Hub console (医共体工作台)")
				.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.redirectUris(uris -> uris.addAll(callbacks))
				.scopes(scopes -> scopes.addAll(SCOPES))
				.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
				.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(30)).build());
		registeredClients.save(client.build());
	}

	private static String strip(String address) {
		return address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
	}
}
