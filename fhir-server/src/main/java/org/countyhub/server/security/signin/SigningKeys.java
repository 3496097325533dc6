package org.countyhub.server.security.signin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.text.ParseException;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The embedded authorization server's signing key, kept in the hub's database so that tokens stay valid across a
 * restart and every instance on one database signs alike. Made on the first start (RSA 2048, RS256).
 * The private key is stored as a JWK in plain text: whoever reads the database can sign tokens (docs/security.md).
 */
final class SigningKeys {

	private SigningKeys() {}

	static JWKSet loadOrCreate(JdbcTemplate jdbc) {
		List<String> stored = jdbc.queryForList("SELECT jwk FROM hub_signing_key ORDER BY created_at", String.class);
		if (stored.isEmpty()) {
			RSAKey key = generate();
			try {
				jdbc.update("INSERT INTO hub_signing_key (kid, jwk) VALUES (?, ?)", key.getKeyID(), key.toJSONString());
			} catch (DuplicateKeyException raced) {
				// another instance made one at the same moment: use what is stored
			}
			stored = jdbc.queryForList("SELECT jwk FROM hub_signing_key ORDER BY created_at", String.class);
		}
		try {
			// the first key signs; keeping all published lets a key be rolled by adding a row
			return new JWKSet(stored.stream().map(SigningKeys::parse).toList());
		} catch (IllegalStateException e) {
			throw new IllegalStateException("hub_signing_key holds a key that cannot be read", e);
		}
	}

	private static JWK parse(String json) {
		try {
			return JWK.parse(json);
		} catch (ParseException e) {
			throw new IllegalStateException(e);
		}
	}

	private static RSAKey generate() {
		try {
			return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID(UUID.randomUUID().toString()).generate();
		} catch (JOSEException e) {
			throw new IllegalStateException("cannot generate the hub's signing key", e);
		}
	}
}
