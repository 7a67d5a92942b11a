package io.github.serverimpl.features;

import java.security.Principal;

/**
 * The user the server authenticated for this request, as ASP.NET Core's
 * {@code IHttpAuthenticationFeature}: HTTP.sys with Windows authentication sets it. In WebFlux it
 * is also the exchange's {@code getPrincipal()}.
 *
 * @param user the authenticated user
 */
public record HttpAuthenticationFeature(Principal user) {

}
