package fr.passerelle.alert;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import fr.passerelle.access.PrivacyOffice;
import fr.passerelle.access.ViewerTransactions;

/**
 * The delivery task of one hub instance. It listens on PostgreSQL for new events (and
 * polls, for those raised while no instance listened: after a restart), fans each out
 * once — several instances share the outbox, each taking events the others do not hold —
 * and hears every instance's fan-outs, which it hands to the subscriptions connected
 * here. Nothing is kept in memory that the database does not hold: an event committed is
 * fanned out by the next instance that runs, at least once, its recipients written once.
 */
@Component
class AlertDelivery implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(AlertDelivery.class);

	private static final int BATCH = 100;

	/** How far ahead a planned institution exit raises its alert. */
	static final int EXIT_NOTICE_DAYS = 30;

	private static final Duration EXIT_SCAN = Duration.ofMinutes(1);

	/** The longest wait for a notification, and before retrying a lost connection. */
	private static final Duration WAIT = Duration.ofSeconds(5);

	private volatile long lastExitScan;

	private final DataSource dataSource;

	private final ViewerTransactions transactions;

	private final AlertStore store;

	private final Duration poll;

	private final String instance = "hub-" + UUID.randomUUID().toString().substring(0, 8);

	private final Sinks.Many<UUID> fannedOut = Sinks.many().multicast().directBestEffort();

	private volatile boolean running;

	private volatile Thread worker;

	AlertDelivery(DataSource dataSource, ViewerTransactions transactions, AlertStore store,
			@Value("${passerelle.alerts.poll:PT5S}") Duration poll) {
		this.dataSource = dataSource;
		this.transactions = transactions;
		this.store = store;
		this.poll = poll;
	}

	/** The events fanned out by any instance, as they are announced. */
	Flux<UUID> fannedOut() {
		return this.fannedOut.asFlux();
	}

	/** How many subscriptions of this instance listen. */
	int subscribers() {
		return this.fannedOut.currentSubscriberCount();
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		this.worker = Thread.ofVirtual().name("alert-delivery").start(this::run);
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		Thread thread = this.worker;
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(Duration.ofSeconds(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.worker = null;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void run() {
		while (this.running) {
			try (Connection connection = listening()) {
				connection.setAutoCommit(true);
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + AlertStore.EVENTS);
					statement.execute("LISTEN " + AlertStore.FANNED_OUT);
				}
				PGConnection listener = connection.unwrap(PGConnection.class);
				// what was raised while no instance listened
				fanOutAll();
				long polled = System.nanoTime();
				int wait = (int) Math.min(WAIT.toMillis(), this.poll.toMillis());
				while (this.running) {
					// short waits: the driver's socket timeout must not take a quiet
					// database for a broken one
					PGNotification[] notifications = listener.getNotifications(wait);
					boolean raised = System.nanoTime() - polled >= this.poll.toNanos();
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							if (AlertStore.FANNED_OUT.equals(notification.getName())) {
								announce(notification.getParameter());
							}
							else {
								raised = true;
							}
						}
					}
					if (raised) {
						fanOutAll();
						polled = System.nanoTime();
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (!this.running) {
					return;
				}
				// by class only: a database error's message may quote SQL
				logger.warn("Alert delivery interrupted ({}): retrying", ex.getClass().getName());
				try {
					Thread.sleep(WAIT.toMillis());
				}
				catch (InterruptedException interrupted) {
					return;
				}
			}
		}
	}

	/**
	 * A connection of its own for LISTEN, outside the pool (the pool's connections are
	 * the requests'), as the pool would open it.
	 */
	private Connection listening() throws SQLException {
		if (this.dataSource.isWrapperFor(HikariDataSource.class)) {
			HikariDataSource pool = this.dataSource.unwrap(HikariDataSource.class);
			if (pool.getJdbcUrl() == null && pool.getDataSource() != null) {
				return pool.getDataSource().getConnection();
			}
			Properties properties = new Properties();
			properties.putAll(pool.getDataSourceProperties());
			if (pool.getUsername() != null) {
				properties.setProperty("user", pool.getUsername());
			}
			if (pool.getPassword() != null) {
				properties.setProperty("password", pool.getPassword());
			}
			return DriverManager.getConnection(pool.getJdbcUrl(), properties);
		}
		return this.dataSource.getConnection();
	}

	/** Scans the planned exits now, then fans out what waits. */
	void scanExits() {
		this.lastExitScan = 0;
		fanOutAll();
	}

	/**
	 * Fans out every event waiting, a batch per transaction; scans planned exits now and
	 * then.
	 */
	void fanOutAll() {
		long now = System.nanoTime();
		if (now - this.lastExitScan > EXIT_SCAN.toNanos() || this.lastExitScan == 0) {
			this.transactions.run(PrivacyOffice.task("alert-delivery"),
					(dsl) -> this.store.raiseExits(dsl, EXIT_NOTICE_DAYS));
			this.lastExitScan = now;
		}
		List<UUID> done;
		do {
			done = this.transactions.run(PrivacyOffice.task("alert-delivery"),
					(dsl) -> this.store.fanOut(dsl, this.instance, BATCH));
		}
		while (done.size() == BATCH && this.running);
	}

	private void announce(String ids) {
		List<UUID> parsed = new ArrayList<>();
		for (String id : ids.split(",")) {
			if (!id.isBlank()) {
				parsed.add(UUID.fromString(id));
			}
		}
		parsed.forEach(this.fannedOut::tryEmitNext);
	}

}
