package io.github.serverimpl.httpsys.nativeapi;

import java.util.function.Function;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP Server API v2, initialised for this process: where server sessions and request queues
 * come from.
 */
public final class HttpApi {

	private final HttpApiLibrary library;

	private final Function<Pointer, String> accessTokens;

	HttpApi(HttpApiLibrary library, Function<Pointer, String> accessTokens) throws HttpApiException {
		this.library = library;
		this.accessTokens = accessTokens;
		HttpApiException.check("HttpInitialize", library.HttpInitialize(HttpApiLibrary.HTTPAPI_VERSION_2,
				HttpApiLibrary.HTTP_INITIALIZE_SERVER | HttpApiLibrary.HTTP_INITIALIZE_CONFIG, null));
	}

	/**
	 * Load {@code httpapi.dll} and initialise version 2.0 of the API, as a server. Windows only.
	 * @return the API
	 * @throws HttpApiException if {@code HttpInitialize} fails
	 * @throws UnsatisfiedLinkError if the DLL cannot be loaded (not Windows)
	 */
	public static HttpApi load() throws HttpApiException {
		return new HttpApi(Native.load("httpapi", HttpApiLibrary.class), HttpApi::accountOf);
	}

	/**
	 * Return the {@code DOMAIN\\user} name of an access token HTTP.sys handed over, and close it
	 * (the application owns the token).
	 */
	private static String accountOf(Pointer token) {
		WinNT.HANDLE handle = new WinNT.HANDLE(token);
		try {
			return Advapi32Util.getTokenAccount(handle).fqn;
		}
		finally {
			Kernel32.INSTANCE.CloseHandle(handle);
		}
	}

	HttpApiLibrary library() {
		return this.library;
	}

	String accountOfToken(Pointer token) {
		return this.accessTokens.apply(token);
	}

	/**
	 * Create a server session ({@code HttpCreateServerSession}).
	 * @return the session; close it to release it and its URL groups
	 * @throws HttpApiException if the call fails
	 */
	public ServerSession createServerSession() throws HttpApiException {
		LongByReference id = new LongByReference();
		HttpApiException.check("HttpCreateServerSession",
				this.library.HttpCreateServerSession(HttpApiLibrary.HTTPAPI_VERSION_2, id, 0));
		return new ServerSession(this, id.getValue());
	}

	/**
	 * Create a request queue, or open an existing named one ({@code HttpCreateRequestQueue}).
	 * @param name the queue's name, or {@code null} for an anonymous queue
	 * @param openExisting whether to open an existing queue of that name instead of creating one
	 * @return the queue; close it to release it
	 * @throws HttpApiException if the call fails: {@code ERROR_ALREADY_EXISTS} when creating a queue
	 * whose name is taken, {@code ERROR_FILE_NOT_FOUND} when opening one that does not exist
	 */
	public RequestQueue createRequestQueue(@Nullable String name, boolean openExisting) throws HttpApiException {
		PointerByReference handle = new PointerByReference();
		int flags = openExisting ? HttpApiLibrary.SdkOnly.HTTP_CREATE_REQUEST_QUEUE_FLAG_OPEN_EXISTING : 0;
		HttpApiException.check("HttpCreateRequestQueue", this.library.HttpCreateRequestQueue(
				HttpApiLibrary.HTTPAPI_VERSION_2, (name != null) ? new WString(name) : null, null, flags, handle));
		return new RequestQueue(this, handle.getValue(), !openExisting);
	}

}
