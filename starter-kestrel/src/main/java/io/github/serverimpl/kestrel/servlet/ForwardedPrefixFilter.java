package io.github.serverimpl.kestrel.servlet;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * Shows a trusted proxy's path prefix ({@code X-Forwarded-Prefix}) in the servlet API, as the
 * context path does in WebFlux: {@code getContextPath()}, {@code getRequestURI()} and
 * {@code getRequestURL()} start with it, so URLs built from the request ({@code redirect:},
 * {@code ServletUriComponentsBuilder}, Spring Security's login page) point through the proxy.
 * Requests reach the servlet container without the prefix, so mappings are unchanged.
 *
 * <p>Kestrel's bridge sets the prefix as the request attribute {@link #ATTRIBUTE} only when the
 * forwarded headers came from a trusted proxy; without it this filter does nothing. It must come
 * before every filter that builds URLs: Kestrel registers it first.
 */
public final class ForwardedPrefixFilter implements Filter {

	/** The request attribute holding the trusted forwarded prefix, such as {@code /app}. */
	public static final String ATTRIBUTE = ForwardedPrefixFilter.class.getName() + ".prefix";

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (request.getAttribute(ATTRIBUTE) instanceof String prefix && request instanceof HttpServletRequest http
				&& !(http instanceof PrefixedRequest)) {
			chain.doFilter(new PrefixedRequest(http, prefix), response);
			return;
		}
		chain.doFilter(request, response);
	}

	/** A request seen through the proxy's prefix. */
	private static final class PrefixedRequest extends HttpServletRequestWrapper {

		private final String prefix;

		PrefixedRequest(HttpServletRequest request, String prefix) {
			super(request);
			this.prefix = prefix;
		}

		@Override
		public String getContextPath() {
			return this.prefix + super.getContextPath();
		}

		@Override
		public String getRequestURI() {
			return this.prefix + super.getRequestURI();
		}

		@Override
		public StringBuffer getRequestURL() {
			StringBuffer url = super.getRequestURL();
			String uri = super.getRequestURI();
			int path = url.length() - uri.length();
			if (path >= 0 && url.substring(path).equals(uri)) {
				url.insert(path, this.prefix);
			}
			return url;
		}

	}

}
