package fr.passerelle.platform.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import fr.passerelle.access.ErrorCode;
import fr.passerelle.platform.EdgeProperties;

/**
 * The first thing a request meets: a body larger than
 * {@code passerelle.edge.max-request-body} is refused with 413
 * ({@code REQUEST_TOO_LARGE}) before it is parsed, whether its length is announced or it
 * is sent in chunks (read at most one byte past the limit).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestBodyLimit extends OncePerRequestFilter {

	private final int limit;

	private final MeterRegistry meters;

	RequestBodyLimit(EdgeProperties properties, MeterRegistry meters) {
		this.meters = meters;
		this.limit = (int) Math.min(properties.maxRequestBody().toBytes(), Integer.MAX_VALUE - 1);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long announced = request.getContentLengthLong();
		if (announced > this.limit) {
			refuse(response);
			return;
		}
		if (announced == 0 || !hasBody(request)) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = request.getInputStream().readNBytes(this.limit + 1);
		if (body.length > this.limit) {
			refuse(response);
			return;
		}
		chain.doFilter(new ReadBody(request, body), response);
	}

	private static boolean hasBody(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
	}

	private void refuse(HttpServletResponse response) throws IOException {
		EdgeErrors.write(response, HttpStatus.CONTENT_TOO_LARGE.value(), ErrorCode.REQUEST_TOO_LARGE,
				"The request body is larger than " + this.limit + " bytes", this.meters);
	}

	/** The request, its body already read. */
	private static final class ReadBody extends HttpServletRequestWrapper {

		private final byte[] body;

		ReadBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {
				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body is already read");
				}
			};
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}
