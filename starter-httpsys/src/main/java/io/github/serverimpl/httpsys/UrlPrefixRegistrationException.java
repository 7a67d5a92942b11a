package io.github.serverimpl.httpsys;

import io.github.serverimpl.httpsys.nativeapi.HttpApiException;

import org.springframework.boot.web.server.WebServerException;

/**
 * HTTP.sys refused a URL prefix: the account may not register it (no URL ACL), or another
 * application registered it already.
 */
public class UrlPrefixRegistrationException extends WebServerException {

	private final String prefix;

	private final boolean accessDenied;

	private final String account;

	/**
	 * Create an exception for a refused prefix.
	 * @param prefix the prefix
	 * @param account the account the server runs as
	 * @param cause the failed {@code HttpAddUrlToUrlGroup}
	 */
	public UrlPrefixRegistrationException(String prefix, String account, HttpApiException cause) {
		super("HTTP.sys refused the URL prefix " + prefix + ": "
				+ (cause.isAccessDenied() ? "account " + account + " may not register it (no URL ACL)"
						: "another application registered it already"), cause);
		this.prefix = prefix;
		this.accessDenied = cause.isAccessDenied();
		this.account = account;
	}

	/**
	 * Return the prefix HTTP.sys refused.
	 * @return the prefix
	 */
	public String getPrefix() {
		return this.prefix;
	}

	/**
	 * Return whether the account lacks the right to the prefix ({@code ERROR_ACCESS_DENIED});
	 * otherwise it is registered elsewhere ({@code ERROR_ALREADY_EXISTS}).
	 * @return whether a URL ACL is missing
	 */
	public boolean isAccessDenied() {
		return this.accessDenied;
	}

	/**
	 * Return the account the server runs as.
	 * @return the account name
	 */
	public String getAccount() {
		return this.account;
	}

}
