package fr.passerelle.consent;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

import org.springframework.stereotype.Component;

import fr.passerelle.access.DataCategory;
import fr.passerelle.person.CaseloadFilter;

/**
 * The caseload's filter on consents: the persons with a consent in force whose period
 * ends within {@value #ENDING_DAYS} days, to renew it with them before it lapses. It
 * reads CONSENTS: the caseload applies it only where that category is disclosed for the
 * person, and refuses it to a role that may never see it; a consent's period shows in
 * Person.consents to whoever may read it, so the filter tells nothing more.
 */
@Component
class ConsentFilters implements CaseloadFilter.Source {

	static final int ENDING_DAYS = 30;

	private final Consents consents;

	private final Clock clock;

	ConsentFilters(Consents consents, Clock clock) {
		this.consents = consents;
		this.clock = clock;
	}

	@Override
	public Collection<CaseloadFilter> caseloadFilters() {
		return List.of(new CaseloadFilter("consentEndingSoon", DataCategory.CONSENTS, (context, decision, value,
				person) -> this.consents.endingWithin(person, LocalDate.now(this.clock), ENDING_DAYS)));
	}

}
