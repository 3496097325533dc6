package org.countyhub.server.security.totp;

/** A 动态验证码 was checked for this user: accepted, or refused (a wrong or reused code, or a locked account). */
public record SecondFactorChecked(String user, boolean accepted) {}
