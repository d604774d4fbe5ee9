package fr.passerelle.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import fr.passerelle.demo.DemoOrganizations;
import fr.passerelle.jooq.enums.OrientationStatus;

/**
 * The SIAO's involvement follows the requests addressed to it: open while one is, else
 * ended on the last decision; its reason never names a sensitive requester.
 */
class SiaoReferralsTest {

	private static final LocalDate DAY = LocalDate.of(2026, 11, 2);

	@Test
	void theInvolvementEndsOnTheLastDecisionOnceNoRequestIsOpen() {
		var cancelled = new SiaoReferrals.Request(DAY, OrientationStatus.CANCELLED, DAY.plusDays(5));
		var refused = new SiaoReferrals.Request(DAY.plusDays(1), OrientationStatus.REFUSED, DAY.plusDays(20));
		assertThat(SiaoReferrals.endOf(List.of(refused, cancelled))).isEqualTo(DAY.plusDays(20));
		for (OrientationStatus open : List.of(OrientationStatus.REQUESTED, OrientationStatus.PROPOSED)) {
			assertThat(SiaoReferrals.endOf(List.of(cancelled, new SiaoReferrals.Request(DAY, open, null), refused)))
				.as(open.name())
				.isNull();
		}
		assertThat(SiaoReferrals.start(DAY)).isEqualTo(DAY);
	}

	@Test
	void theReasonNamesTheRequesterUnlessItIsSensitive() {
		assertThat(SiaoReferrals.reason(DemoOrganizations.ASSOCIATION))
			.isEqualTo("Demande d'orientation transmise par Association Le Relais");
		assertThat(SiaoReferrals.reason(DemoOrganizations.ADDICTION_SERVICE)).isEqualTo("Demande d'orientation")
			.doesNotContain(DemoOrganizations.ADDICTION_SERVICE.name());
	}

}
