package io.github.serverimpl.httpsys;

/**
 * Whether the server creates its request queue or attaches to one another process created, as
 * ASP.NET Core's {@code RequestQueueMode}.
 */
public enum RequestQueueMode {

	/** Create the queue; fail if a queue of that name exists. */
	CREATE,

	/** Attach to an existing named queue; fail if it is missing. Most options are the creator's then. */
	ATTACH,

	/** Create the queue, or attach to it if it exists. */
	CREATE_OR_ATTACH

}
