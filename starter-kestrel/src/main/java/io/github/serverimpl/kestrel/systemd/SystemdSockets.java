package io.github.serverimpl.kestrel.systemd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The sockets systemd passed by socket activation, read from the environment as
 * {@code sd_listen_fds_with_names} reads it: descriptors 3 to {@code 3 + LISTEN_FDS - 1}, named by
 * the colon-separated {@code LISTEN_FDNAMES}, and only when {@code LISTEN_PID} is this process
 * (a child process that inherited the variables gets none).
 */
public final class SystemdSockets {

	/** The first descriptor systemd passes: {@code SD_LISTEN_FDS_START}. */
	static final int FIRST_DESCRIPTOR = 3;

	private static final Log logger = LogFactory.getLog(SystemdSockets.class);

	private SystemdSockets() {
	}

	/**
	 * Read the inherited sockets of this process.
	 * @param environment the environment variables, by name
	 * @param pid this process's id
	 * @return the sockets, empty unless systemd passed some to this process
	 */
	public static List<InheritedSocket> of(Function<String, @Nullable String> environment, long pid) {
		String listenPid = environment.apply("LISTEN_PID");
		String listenFds = environment.apply("LISTEN_FDS");
		if (listenPid == null || listenFds == null) {
			return List.of();
		}
		if (!listenPid.trim().equals(Long.toString(pid))) {
			logger.debug("LISTEN_PID is " + listenPid + ", not this process (" + pid + "): the sockets are another's");
			return List.of();
		}
		int count = count(listenFds);
		String names = environment.apply("LISTEN_FDNAMES");
		String[] split = (names != null && !names.isEmpty()) ? names.split(":", -1) : new String[0];
		List<InheritedSocket> sockets = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String name = (i < split.length && !split[i].isEmpty()) ? split[i] : null;
			sockets.add(new InheritedSocket(FIRST_DESCRIPTOR + i, name));
		}
		return List.copyOf(sockets);
	}

	private static int count(String listenFds) {
		try {
			int count = Integer.parseInt(listenFds.trim());
			if (count >= 0) {
				return count;
			}
		}
		catch (NumberFormatException ex) {
			// as below
		}
		throw new IllegalStateException("LISTEN_FDS is '" + listenFds + "', not a number of descriptors; it is set "
				+ "by systemd's socket activation, so unset it when starting the application by hand");
	}

}
