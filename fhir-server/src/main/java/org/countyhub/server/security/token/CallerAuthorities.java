package org.countyhub.server.security.token;

import java.util.Collection;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** A verified token's {@code roles} claim as Spring authorities ({@code ROLE_<role>}); unknown roles are ignored. */
public final class CallerAuthorities implements Converter<Jwt, AbstractAuthenticationToken> {

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		Collection<GrantedAuthority> authorities = HubCaller.of(jwt).roles().stream()
				.filter(Roles.ALL::contains)
				.map(role -> (GrantedAuthority) new SimpleGrantedAuthority(Roles.authority(role)))
				.toList();
		return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
	}
}
