package org.countyhub.server.security.signin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Only while the hub signs its own tokens ({@code hub.security.issuer-uri} unset): the embedded authorization
 * server, the demo county's sign-ins and what signs people in through them, such as the console.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(EmbeddedSignInCondition.class)
public @interface OnEmbeddedSignIn {}
