package io.github.serverimpl.testsupport;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;

import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leaked buffer while it ran. Registered for every test
 * class through JUnit's extension auto-detection ({@code junit-platform.properties} and the
 * service file in this jar).
 *
 * <p>Netty reports a leak when it finds a buffer garbage-collected without having been released,
 * and it looks while it tracks new buffers: after each class, the heap is collected and a few
 * buffers are allocated so that what leaked is reported now, not during a later class. A leak
 * found later is still reported, then by the class it was found after.
 */
public class LeakCheckExtension implements AfterAllCallback {

	private static final int ROUNDS = 3;

	@Override
	public void afterAll(ExtensionContext context) throws InterruptedException {
		if (!RecordingLeakDetector.class.getName().equals(System.getProperty("io.netty.customResourceLeakDetector"))) {
			return;
		}
		List<String> leaks = reportedLeaks();
		if (!leaks.isEmpty()) {
			throw new AssertionError(leaks.size() + " Netty buffer leak(s) reported while "
					+ context.getDisplayName() + " ran; the first:\n" + leaks.get(0));
		}
	}

	/**
	 * Have Netty report what leaked so far, and take the reports.
	 * @return the leaks' reports
	 */
	static List<String> reportedLeaks() throws InterruptedException {
		for (int i = 0; i < ROUNDS; i++) {
			collect();
			for (int j = 0; j < 8; j++) {
				PooledByteBufAllocator.DEFAULT.buffer(16).release();
			}
		}
		return RecordingLeakDetector.takeLeaks();
	}

	/**
	 * Collect the heap and wait until the collector's reference handler has enqueued what it
	 * found, as a canary shows.
	 */
	private static void collect() throws InterruptedException {
		ReferenceQueue<Object> queue = new ReferenceQueue<>();
		WeakReference<Object> canary = new WeakReference<>(new Object(), queue);
		for (int attempt = 0; attempt < 10; attempt++) {
			System.gc();
			if (queue.remove(100) != null) {
				break;
			}
		}
		canary.clear();
	}

}
