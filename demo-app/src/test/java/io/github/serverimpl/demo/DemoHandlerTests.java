package io.github.serverimpl.demo;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's event stream under backpressure: a response writes and flushes one event before it
 * asks for the next, and on a busy server that takes longer than the interval between events.
 */
class DemoHandlerTests {

	@Test
	void theEventStreamWaitsForADownstreamThatAsksLate() throws Exception {
		List<String> events = new CopyOnWriteArrayList<>();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		CountDownLatch done = new CountDownLatch(1);
		DemoHandler.ticks().subscribe(new BaseSubscriber<ServerSentEvent<String>>() {

			@Override
			protected void hookOnSubscribe(Subscription subscription) {
				request(1);
			}

			@Override
			protected void hookOnNext(ServerSentEvent<String> event) {
				events.add(event.data());
				if (events.size() == 1) {
					// Slower than the interval between events, as a write and flush on a busy loop.
					Duration late = Duration.ofMillis(350);
					Schedulers.parallel()
						.schedule(() -> request(Long.MAX_VALUE), late.toMillis(), TimeUnit.MILLISECONDS);
				}
			}

			@Override
			protected void hookOnError(Throwable throwable) {
				failure.set(throwable);
			}

			@Override
			protected void hookFinally(SignalType type) {
				done.countDown();
			}

		});
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(failure.get()).isNull();
		assertThat(events).hasSize(10).startsWith("tick 1").endsWith("tick 10");
	}

}
