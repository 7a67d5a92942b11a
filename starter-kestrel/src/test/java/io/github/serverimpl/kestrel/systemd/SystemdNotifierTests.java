package io.github.serverimpl.kestrel.systemd;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.github.serverimpl.testsupport.NotifySocketReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * sd_notify over a real Unix datagram socket, standing in for systemd's notification socket.
 */
class SystemdNotifierTests {

	private static final long PID = 4242;

	@TempDir
	Path temp;

	@Test
	void sendsEachNotificationAsOneDatagramToTheSocketPath() throws Exception {
		String path = this.temp.resolve("notify.sock").toString();
		try (NotifySocketReceiver receiver = new NotifySocketReceiver(path)) {
			try (SystemdNotifier notifier = SystemdNotifier.of(Map.of("NOTIFY_SOCKET", path)::get, PID)) {
				assertThat(notifier).isNotNull();
				notifier.notify("READY=1\nSTATUS=Listening on http://127.0.0.1:8080");
				notifier.notify("STOPPING=1");
			}
			assertThat(receiver.next()).isEqualTo("READY=1\nSTATUS=Listening on http://127.0.0.1:8080");
			assertThat(receiver.next()).isEqualTo("STOPPING=1");
		}
	}

	@Test
	void reachesAnAbstractSocketNamedWithAnAt() throws Exception {
		String name = "serverimpl-notify-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
		try (NotifySocketReceiver receiver = new NotifySocketReceiver("\0" + name)) {
			try (SystemdNotifier notifier = SystemdNotifier.of(Map.of("NOTIFY_SOCKET", "@" + name)::get, PID)) {
				notifier.notify("READY=1");
			}
			assertThat(receiver.next()).isEqualTo("READY=1");
		}
	}

	@Test
	void pingsTheWatchdogUntilClosed() throws Exception {
		String path = this.temp.resolve("watchdog.sock").toString();
		try (NotifySocketReceiver receiver = new NotifySocketReceiver(path);
				SystemdNotifier notifier = SystemdNotifier
					.of(Map.of("NOTIFY_SOCKET", path, "WATCHDOG_USEC", "100000", "WATCHDOG_PID", "4242")::get, PID)) {
			for (int i = 0; i < 3; i++) {
				assertThat(receiver.next()).isEqualTo("WATCHDOG=1");
			}
		}
	}

	@Test
	void pingsAtHalfTheWatchdogIntervalAndOnlyForThisProcess() {
		assertThat(SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "30000000")::get, PID))
			.isEqualTo(Duration.ofSeconds(15));
		assertThat(SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "1")::get,
				PID))
			.isNull();
		assertThat(SystemdNotifier.watchdogInterval(Map.<String, String>of()::get, PID)).isNull();
	}

	@Test
	void withoutNotifySocketThereIsNothingToTell() {
		assertThat(SystemdNotifier.of(Map.<String, String>of()::get, PID)).isNull();
	}

	@Test
	void aRelativeNotifySocketStopsStartUpWithWhatItExpects() {
		assertThatIllegalStateException()
			.isThrownBy(() -> SystemdNotifier.of(Map.of("NOTIFY_SOCKET", "notify.sock")::get, PID))
			.withMessageContaining("NOTIFY_SOCKET is 'notify.sock'")
			.withMessageContaining("absolute path");
	}

}
