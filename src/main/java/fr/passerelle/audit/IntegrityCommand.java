package fr.passerelle.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The integrity check as a command: {@code --passerelle.audit.verify=true} walks the
 * chain, prints the report and exits, with status 0 if the chain is intact and 1
 * otherwise.
 */
@Component
@ConditionalOnProperty("passerelle.audit.verify")
class IntegrityCommand implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(IntegrityCommand.class);

	private final AccessLog log;

	private final ConfigurableApplicationContext context;

	IntegrityCommand(AccessLog log, ConfigurableApplicationContext context) {
		this.log = log;
		this.context = context;
	}

	@Override
	public void run(ApplicationArguments arguments) {
		AccessLog.IntegrityReport report = this.log.verify();
		if (report.intact()) {
			logger.info("Access log intact: {} events checked", report.checkedEvents());
		}
		else {
			logger.error("Access log BROKEN after {} good events: {}", report.checkedEvents(), report.problem());
		}
		System.exit(SpringApplication.exit(this.context, () -> report.intact() ? 0 : 1));
	}

}
