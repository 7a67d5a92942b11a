package io.github.serverimpl.httpsys.nativeapi;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * The property structs of {@code HttpSetUrlGroupProperty} (binding, timeouts, connection limit,
 * authentication), named field by field as in {@code http.h}; see {@link HttpStructs} for the mapping rules.
 */
public final class PropertyStructs {

	private PropertyStructs() {
	}

	/** {@code HTTP_BINDING_INFO}. */
	@FieldOrder({ "Flags", "RequestQueueHandle" })
	public static class HttpBindingInfo extends Structure {

		public int Flags;

		public Pointer RequestQueueHandle;

	}

	/** {@code HTTP_TIMEOUT_LIMIT_INFO}: seconds, and bytes per second for {@code MinSendRate}. */
	@FieldOrder({ "Flags", "EntityBody", "DrainEntityBody", "RequestQueue", "IdleConnection", "HeaderWait",
			"MinSendRate" })
	public static class HttpTimeoutLimitInfo extends Structure {

		public int Flags;

		public short EntityBody;

		public short DrainEntityBody;

		public short RequestQueue;

		public short IdleConnection;

		public short HeaderWait;

		public int MinSendRate;

	}

	/** {@code HTTP_QOS_SETTING_INFO}. */
	@FieldOrder({ "QosType", "QosSetting" })
	public static class HttpQosSettingInfo extends Structure {

		public int QosType;

		public Pointer QosSetting;

	}

	/** {@code HTTP_CONNECTION_LIMIT_INFO}. */
	@FieldOrder({ "Flags", "MaxConnections" })
	public static class HttpConnectionLimitInfo extends Structure {

		public int Flags;

		public int MaxConnections;

	}

	/** {@code HTTP_SERVER_AUTHENTICATION_DIGEST_PARAMS}. */
	@FieldOrder({ "DomainNameLength", "DomainName", "RealmLength", "Realm" })
	public static class HttpServerAuthenticationDigestParams extends Structure {

		public short DomainNameLength;

		public Pointer DomainName;

		public short RealmLength;

		public Pointer Realm;

	}

	/** {@code HTTP_SERVER_AUTHENTICATION_BASIC_PARAMS}. */
	@FieldOrder({ "RealmLength", "Realm" })
	public static class HttpServerAuthenticationBasicParams extends Structure {

		public short RealmLength;

		public Pointer Realm;

	}

	/** {@code HTTP_SERVER_AUTHENTICATION_INFO}. */
	@FieldOrder({ "Flags", "AuthSchemes", "ReceiveMutualAuth", "ReceiveContextHandle",
			"DisableNTLMCredentialCaching", "ExFlags", "DigestParams", "BasicParams" })
	public static class HttpServerAuthenticationInfo extends Structure {

		public int Flags;

		public int AuthSchemes;

		public byte ReceiveMutualAuth;

		public byte ReceiveContextHandle;

		public byte DisableNTLMCredentialCaching;

		public byte ExFlags;

		public HttpServerAuthenticationDigestParams DigestParams;

		public HttpServerAuthenticationBasicParams BasicParams;

	}

}
