package io.github.serverimpl.httpsys;

import io.github.serverimpl.httpsys.nativeapi.HttpApiLibrary;

/**
 * The authentication schemes HTTP.sys runs in the kernel, as ASP.NET Core's
 * {@code AuthenticationSchemes}. Listed in the order challenges are offered.
 */
public enum AuthenticationScheme {

	/** Kerberos; needs the host's SPN registered for the machine account. */
	KERBEROS(HttpApiLibrary.SdkOnly.HTTP_AUTH_ENABLE_KERBEROS, "Kerberos"),

	/** Negotiate: Kerberos, falling back to NTLM. */
	NEGOTIATE(HttpApiLibrary.SdkOnly.HTTP_AUTH_ENABLE_NEGOTIATE, "Negotiate"),

	/** NTLM. */
	NTLM(HttpApiLibrary.SdkOnly.HTTP_AUTH_ENABLE_NTLM, "NTLM"),

	/** Basic: the password travels in the clear; use it only over https. */
	BASIC(HttpApiLibrary.SdkOnly.HTTP_AUTH_ENABLE_BASIC, "Basic realm=\"\"");

	private final int flag;

	private final String challenge;

	AuthenticationScheme(int flag, String challenge) {
		this.flag = flag;
		this.challenge = challenge;
	}

	int flag() {
		return this.flag;
	}

	/**
	 * Return the {@code WWW-Authenticate} value that offers this scheme.
	 * @return the challenge
	 */
	public String challenge() {
		return this.challenge;
	}

}
