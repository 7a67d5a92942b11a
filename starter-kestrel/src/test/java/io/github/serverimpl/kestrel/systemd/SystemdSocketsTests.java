package io.github.serverimpl.kestrel.systemd;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How the sockets of systemd's socket activation are read from the environment.
 */
class SystemdSocketsTests {

	private static final long PID = 4242;

	@Test
	void readsTheSocketsPassedToThisProcessFromDescriptorThreeWithTheirNames() {
		assertThat(SystemdSockets.of(Map.of("LISTEN_PID", "4242", "LISTEN_FDS", "3", "LISTEN_FDNAMES",
				"web::admin")::get, PID))
			.containsExactly(new InheritedSocket(3, "web"), new InheritedSocket(4, null),
					new InheritedSocket(5, "admin"));
	}

	@Test
	void socketsWithoutNamesHaveNone() {
		assertThat(SystemdSockets.of(Map.of("LISTEN_PID", "4242", "LISTEN_FDS", "2")::get, PID))
			.containsExactly(new InheritedSocket(3, null), new InheritedSocket(4, null));
	}

	@Test
	void socketsPassedToAnotherProcessAreNotThisOnes() {
		// A child of the activated process inherits the variables, but not the sockets' meaning.
		assertThat(SystemdSockets.of(Map.of("LISTEN_PID", "4243", "LISTEN_FDS", "1")::get, PID)).isEmpty();
	}

	@Test
	void noVariablesMeanNoSockets() {
		assertThat(SystemdSockets.of(Map.<String, String>of()::get, PID)).isEmpty();
		assertThat(SystemdSockets.of(Map.of("LISTEN_FDS", "1")::get, PID)).isEmpty();
	}

	@Test
	void aCountThatIsNotANumberStopsStartUpSayingWhereItComesFrom() {
		assertThatIllegalStateException()
			.isThrownBy(() -> SystemdSockets.of(Map.of("LISTEN_PID", "4242", "LISTEN_FDS", "two")::get, PID))
			.withMessageContaining("LISTEN_FDS is 'two'")
			.withMessageContaining("unset it");
	}

	@Test
	void anEndpointNamesOneSocketOrTakesEvery() {
		InheritedSocket web = new InheritedSocket(3, "web");
		assertThat(web.matches("web")).isTrue();
		assertThat(web.matches("admin")).isFalse();
		assertThat(web.matches(null)).isTrue();
		assertThat(new InheritedSocket(4, null).matches("web")).isFalse();
	}

}
