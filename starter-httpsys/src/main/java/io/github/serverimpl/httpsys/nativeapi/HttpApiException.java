package io.github.serverimpl.httpsys.nativeapi;

import java.io.IOException;

/**
 * A call of the HTTP Server API failed with a Win32 error code.
 */
public class HttpApiException extends IOException {

	private final String call;

	private final int errorCode;

	/**
	 * Create an exception for a failed call.
	 * @param call the Win32 function, for example {@code HttpAddUrlToUrlGroup}
	 * @param errorCode the Win32 error code it returned
	 */
	public HttpApiException(String call, int errorCode) {
		super(call + " failed with " + describe(errorCode));
		this.call = call;
		this.errorCode = errorCode;
	}

	/**
	 * Return the Win32 function that failed.
	 * @return the function name
	 */
	public String getCall() {
		return this.call;
	}

	/**
	 * Return the Win32 error code.
	 * @return the code
	 */
	public int getErrorCode() {
		return this.errorCode;
	}

	/**
	 * Return whether the caller lacks the right to the resource, for a URL prefix a missing URL ACL.
	 * @return whether the code is {@code ERROR_ACCESS_DENIED}
	 */
	public boolean isAccessDenied() {
		return this.errorCode == HttpApiLibrary.ERROR_ACCESS_DENIED;
	}

	/**
	 * Return whether the resource exists already, for a URL prefix one registered elsewhere.
	 * @return whether the code is {@code ERROR_ALREADY_EXISTS}
	 */
	public boolean isAlreadyExists() {
		return this.errorCode == HttpApiLibrary.ERROR_ALREADY_EXISTS;
	}

	/**
	 * Return whether the call failed because the client went away or the request was cancelled.
	 * @return whether the connection is gone
	 */
	public boolean isClientGone() {
		return this.errorCode == HttpApiLibrary.ERROR_CONNECTION_INVALID
				|| this.errorCode == HttpApiLibrary.ERROR_NETNAME_DELETED
				|| this.errorCode == HttpApiLibrary.ERROR_OPERATION_ABORTED;
	}

	static String describe(int errorCode) {
		String name = switch (errorCode) {
			case HttpApiLibrary.ERROR_FILE_NOT_FOUND -> "ERROR_FILE_NOT_FOUND";
			case HttpApiLibrary.ERROR_ACCESS_DENIED -> "ERROR_ACCESS_DENIED";
			case HttpApiLibrary.ERROR_INVALID_HANDLE -> "ERROR_INVALID_HANDLE";
			case HttpApiLibrary.ERROR_HANDLE_EOF -> "ERROR_HANDLE_EOF";
			case HttpApiLibrary.ERROR_NETNAME_DELETED -> "ERROR_NETNAME_DELETED";
			case HttpApiLibrary.ERROR_INVALID_PARAMETER -> "ERROR_INVALID_PARAMETER";
			case HttpApiLibrary.ERROR_ALREADY_EXISTS -> "ERROR_ALREADY_EXISTS";
			case HttpApiLibrary.ERROR_MORE_DATA -> "ERROR_MORE_DATA";
			case HttpApiLibrary.ERROR_OPERATION_ABORTED -> "ERROR_OPERATION_ABORTED";
			case HttpApiLibrary.ERROR_CONNECTION_INVALID -> "ERROR_CONNECTION_INVALID";
			default -> "Win32 error";
		};
		return name + " (" + errorCode + ")";
	}

	static void check(String call, int errorCode) throws HttpApiException {
		if (errorCode != HttpApiLibrary.NO_ERROR) {
			throw new HttpApiException(call, errorCode);
		}
	}

}
