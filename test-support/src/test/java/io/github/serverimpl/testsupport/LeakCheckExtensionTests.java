package io.github.serverimpl.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leak check sees a leak: a pooled buffer dropped without a release is reported (and taken
 * here, so this class itself passes the check).
 */
class LeakCheckExtensionTests {

	@Test
	void aBufferDroppedWithoutAReleaseIsReported() throws Exception {
		leak();
		assertThat(LeakCheckExtension.reportedLeaks()).isNotEmpty()
			.first().asString().startsWith("LEAK: ByteBuf.release() was not called");
	}

	@Test
	void releasedBuffersAreNotReported() throws Exception {
		ByteBuf buffer = PooledByteBufAllocator.DEFAULT.buffer(64);
		buffer.writeLong(42);
		buffer.release();
		assertThat(LeakCheckExtension.reportedLeaks()).isEmpty();
	}

	private static void leak() {
		PooledByteBufAllocator.DEFAULT.buffer(64).writeLong(42);
	}

}
