package io.github.serverimpl.httpsys.nativeapi;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;
import org.jspecify.annotations.Nullable;

import io.github.serverimpl.httpsys.nativeapi.PropertyStructs.HttpBindingInfo;
import io.github.serverimpl.httpsys.nativeapi.PropertyStructs.HttpConnectionLimitInfo;
import io.github.serverimpl.httpsys.nativeapi.PropertyStructs.HttpQosSettingInfo;
import io.github.serverimpl.httpsys.nativeapi.PropertyStructs.HttpServerAuthenticationInfo;
import io.github.serverimpl.httpsys.nativeapi.PropertyStructs.HttpTimeoutLimitInfo;

/**
 * A URL group ({@code HTTP_URL_GROUP_ID}): URL prefixes and the settings that apply to them,
 * bound to a request queue.
 */
public final class UrlGroup implements AutoCloseable {

	/** {@code HTTP_PROPERTY_FLAGS} with {@code Present} set. */
	private static final int PRESENT = 1;

	private final HttpApiLibrary library;

	private final long id;

	private final List<String> urls = new ArrayList<>();

	UrlGroup(HttpApiLibrary library, long id) {
		this.library = library;
		this.id = id;
	}

	/**
	 * Set the timeouts ({@code HttpServerTimeoutsProperty}); 0 keeps HTTP.sys's default.
	 * @param limits the timeouts
	 * @throws HttpApiException if the call fails
	 */
	public void setTimeouts(TimeoutLimits limits) throws HttpApiException {
		HttpTimeoutLimitInfo info = new HttpTimeoutLimitInfo();
		info.Flags = PRESENT;
		info.EntityBody = (short) limits.entityBody();
		info.DrainEntityBody = (short) limits.drainEntityBody();
		info.RequestQueue = (short) limits.requestQueue();
		info.IdleConnection = (short) limits.idleConnection();
		info.HeaderWait = (short) limits.headerWait();
		info.MinSendRate = (int) limits.minSendRate();
		set("HttpServerTimeoutsProperty", HttpApiLibrary.HttpServerTimeoutsProperty, info);
	}

	/**
	 * Limit the connections to the group's URLs ({@code HttpServerQosProperty}).
	 * @param maxConnections the limit, -1 for none ({@code HTTP_LIMIT_INFINITE})
	 * @throws HttpApiException if the call fails
	 */
	public void setMaxConnections(long maxConnections) throws HttpApiException {
		HttpConnectionLimitInfo limit = new HttpConnectionLimitInfo();
		limit.Flags = PRESENT;
		limit.MaxConnections = (int) maxConnections;
		limit.write();
		HttpQosSettingInfo qos = new HttpQosSettingInfo();
		qos.QosType = HttpApiLibrary.HttpQosSettingTypeConnectionLimit;
		qos.QosSetting = limit.getPointer();
		set("HttpServerQosProperty", HttpApiLibrary.HttpServerQosProperty, qos);
		Reference.reachabilityFence(limit);
	}

	/**
	 * Turn on kernel-mode authentication ({@code HttpServerAuthenticationProperty}).
	 * @param schemes {@code HTTP_AUTH_ENABLE_*} flags
	 * @throws HttpApiException if the call fails
	 */
	public void setAuthentication(int schemes) throws HttpApiException {
		HttpServerAuthenticationInfo info = new HttpServerAuthenticationInfo();
		info.Flags = PRESENT;
		info.AuthSchemes = schemes;
		set("HttpServerAuthenticationProperty", HttpApiLibrary.HttpServerAuthenticationProperty, info);
	}

	/**
	 * Deliver the group's requests to a queue ({@code HttpServerBindingProperty}).
	 * @param queue the queue
	 * @throws HttpApiException if the call fails
	 */
	public void bind(RequestQueue queue) throws HttpApiException {
		setBinding(queue.handle());
	}

	/**
	 * Detach the queue: from now on HTTP.sys answers the group's URLs with 503.
	 * @throws HttpApiException if the call fails
	 */
	public void unbind() throws HttpApiException {
		setBinding(null);
	}

	private void setBinding(@Nullable Pointer queue) throws HttpApiException {
		HttpBindingInfo info = new HttpBindingInfo();
		info.Flags = (queue != null) ? PRESENT : 0;
		info.RequestQueueHandle = queue;
		set("HttpServerBindingProperty", HttpApiLibrary.HttpServerBindingProperty, info);
	}

	/**
	 * Register a URL prefix ({@code HttpAddUrlToUrlGroup}).
	 * @param prefix the prefix, for example {@code http://localhost:8080/}
	 * @param context a number HTTP.sys hands back with each request the prefix matched
	 * ({@code UrlContext})
	 * @throws HttpApiException if the call fails: {@code ERROR_ACCESS_DENIED} without a URL ACL,
	 * {@code ERROR_ALREADY_EXISTS} when another group registered the prefix
	 */
	public void addUrl(String prefix, long context) throws HttpApiException {
		HttpApiException.check("HttpAddUrlToUrlGroup",
				this.library.HttpAddUrlToUrlGroup(this.id, new WString(prefix), context, 0));
		this.urls.add(prefix);
	}

	/**
	 * Remove every URL prefix this group registered ({@code HttpRemoveUrlFromUrlGroup}).
	 */
	public void removeUrls() {
		for (String url : this.urls) {
			this.library.HttpRemoveUrlFromUrlGroup(this.id, new WString(url), 0);
		}
		this.urls.clear();
	}

	/**
	 * Close the group ({@code HttpCloseUrlGroup}).
	 */
	@Override
	public void close() {
		this.library.HttpCloseUrlGroup(this.id);
	}

	private void set(String property, int id, Structure info) throws HttpApiException {
		info.write();
		HttpApiException.check("HttpSetUrlGroupProperty(" + property + ")",
				this.library.HttpSetUrlGroupProperty(this.id, id, info.getPointer(), info.size()));
	}

}
