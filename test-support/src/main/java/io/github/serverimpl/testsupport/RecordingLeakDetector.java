package io.github.serverimpl.testsupport;

import java.util.ArrayList;
import java.util.List;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty's leak detector, as the tests run it: each leak it reports is also kept, for
 * {@link LeakCheckExtension} to fail the test class with. Installed with
 * {@code -Dio.netty.customResourceLeakDetector=io.github.serverimpl.testsupport.RecordingLeakDetector}
 * (the build's surefire configuration does so, with {@code -Dio.netty.leakDetection.level=paranoid}).
 *
 * @param <T> the type of resource tracked
 */
public class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

	private static final List<String> leaks = new ArrayList<>();

	/**
	 * Create a detector, as Netty's detector factory does.
	 * @param resourceType the type of resource tracked
	 * @param samplingInterval how often a resource is tracked below the paranoid level
	 */
	public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
		super(resourceType, samplingInterval);
	}

	/**
	 * Create a detector, as Netty's detector factory looks for first.
	 * @param resourceType the type of resource tracked
	 * @param samplingInterval how often a resource is tracked below the paranoid level
	 * @param maxActive ignored, as by Netty
	 */
	public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
		this(resourceType, samplingInterval);
	}

	/**
	 * Return the leaks reported since the last call, and forget them.
	 * @return each leak's report
	 */
	static List<String> takeLeaks() {
		synchronized (leaks) {
			List<String> taken = List.copyOf(leaks);
			leaks.clear();
			return taken;
		}
	}

	@Override
	protected boolean needReport() {
		// Recorded whatever the logging configuration says.
		return true;
	}

	@Override
	protected void reportTracedLeak(String resourceType, String records) {
		record("LEAK: " + resourceType + ".release() was not called before it was garbage-collected." + records);
		super.reportTracedLeak(resourceType, records);
	}

	@Override
	protected void reportUntracedLeak(String resourceType) {
		record("LEAK: " + resourceType + ".release() was not called before it was garbage-collected.");
		super.reportUntracedLeak(resourceType);
	}

	private static void record(String report) {
		synchronized (leaks) {
			leaks.add(report);
		}
	}

}
