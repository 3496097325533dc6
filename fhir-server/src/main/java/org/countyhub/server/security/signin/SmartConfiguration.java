package org.countyhub.server.security.signin;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.countyhub.server.rest.FhirRestConfig;
import org.countyhub.server.security.SecurityProperties;
import org.countyhub.server.security.token.TokenChecks;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * SMART App Launch 2 discovery at {@code /fhir/.well-known/smart-configuration}: where to sign in and get tokens,
 * and what the hub supports. An exact servlet mapping, so that it is answered before HAPI's {@code /fhir/*}.
 */
@Configuration
public class SmartConfiguration {

	public static final String PATH = FhirRestConfig.FHIR_PATH + "/.well-known/smart-configuration";

	@Bean
	ServletRegistrationBean<HttpServlet> smartConfigurationServlet(SecurityProperties properties, ObjectMapper json) {
		HttpServlet servlet = new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				response.setContentType("application/json;charset=utf-8");
				json.writeValue(response.getOutputStream(), document(properties));
			}
		};
		ServletRegistrationBean<HttpServlet> registration = new ServletRegistrationBean<>(servlet, PATH);
		registration.setName("smart-configuration");
		return registration;
	}

	static Map<String, Object> document(SecurityProperties properties) {
		Map<String, Object> document = new LinkedHashMap<>();
		if (properties.embeddedIssuer()) {
			String issuer = TokenChecks.requestIssuer();
			document.put("issuer", issuer);
			document.put("jwks_uri", issuer + "/oauth2/jwks");
			document.put("authorization_endpoint", issuer + "/oauth2/authorize");
			document.put("token_endpoint", issuer + "/oauth2/token");
			document.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post",
					"private_key_jwt", "none"));
		} else {
			document.put("issuer", properties.issuerUri());
			if (!properties.jwkSetUri().isBlank()) {
				document.put("jwks_uri", properties.jwkSetUri());
			}
		}
		document.put("grant_types_supported", List.of("authorization_code", "client_credentials", "refresh_token"));
		document.put("response_types_supported", List.of("code"));
		document.put("code_challenge_methods_supported", List.of("S256"));
		document.put("scopes_supported", List.of("openid", "fhirUser", "user/*.rs", "patient/*.rs", "system/*.cruds",
				"system/*.rs"));
		document.put("capabilities", List.of("launch-standalone", "client-public", "client-confidential-symmetric",
				"client-confidential-asymmetric", "sso-openid-connect", "context-standalone-patient",
				"permission-user", "permission-patient", "permission-v2"));
		return document;
	}
}
