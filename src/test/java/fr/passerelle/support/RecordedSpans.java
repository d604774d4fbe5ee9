package fr.passerelle.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The spans the hub exports, as a collector would receive them: OpenTelemetry's SDK hands
 * them to this exporter beside (or instead of) OTLP. Spans are kept only between
 * {@link #record()} and {@link #stop()}, so the suite's other requests cost no memory.
 */
public final class RecordedSpans implements SpanExporter {

	private final AtomicBoolean recording = new AtomicBoolean();

	private final List<SpanData> spans = new ArrayList<>();

	private final ObjectProvider<SdkTracerProvider> tracers;

	RecordedSpans(ObjectProvider<SdkTracerProvider> tracers) {
		this.tracers = tracers;
	}

	/** Starts keeping the spans exported from now on (forgetting earlier ones). */
	public void record() {
		flushTracer();
		synchronized (this.spans) {
			this.spans.clear();
		}
		this.recording.set(true);
	}

	/** Exports what the hub has ended, stops keeping spans and returns those kept. */
	public List<SpanData> stop() {
		flushTracer();
		this.recording.set(false);
		synchronized (this.spans) {
			return List.copyOf(this.spans);
		}
	}

	private void flushTracer() {
		SdkTracerProvider tracer = this.tracers.getIfAvailable();
		if (tracer != null) {
			tracer.forceFlush().join(10, TimeUnit.SECONDS);
		}
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> exported) {
		if (this.recording.get()) {
			synchronized (this.spans) {
				this.spans.addAll(exported);
			}
		}
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

	/** Makes {@link RecordedSpans} the test hub's span exporter. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Wiring {

		@Bean
		RecordedSpans recordedSpans(ObjectProvider<SdkTracerProvider> tracers) {
			return new RecordedSpans(tracers);
		}

	}

}
