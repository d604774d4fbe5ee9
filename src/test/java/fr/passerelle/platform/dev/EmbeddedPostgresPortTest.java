package fr.passerelle.platform.dev;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

/** The dev run never connects to a database server it did not start. */
class EmbeddedPostgresPortTest {

	@Test
	void aPortHeldByAnotherServerIsRefusedAFreeOneAccepted() throws Exception {
		int port;
		try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = other.getLocalPort();
			assertThatIllegalStateException().isThrownBy(() -> EmbeddedPostgresConfiguration.requireFree(port))
				.withMessageContaining("already in use");
		}
		assertThatNoException().isThrownBy(() -> EmbeddedPostgresConfiguration.requireFree(port));
	}

}
