package fr.passerelle.person;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.platform.StatementCounter;
import fr.passerelle.support.Answer;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

/**
 * Decisions and nested edges are batched: a caseload page of 50 persons with every field
 * and the care team costs the same number of SQL statements as a page of 5, in one
 * transaction: the viewer's settings, the access context, the page with its total, the
 * decisions with the identities, the care teams, and two for the access event (7, within
 * the document's depth, 6, plus 2).
 */
@IntegrationTest
class CaseloadStatementsTest {

	@Autowired
	Partners partners;

	private static final String PAGE = """
			query ($first: Int!) {
			  caseload(first: $first) {
			    totalCount
			    edges { node { id reach firstName lastName birthDate phone email
			                   careTeam { kind startedOn organization { name type } } } }
			  }
			}""";

	@Autowired
	StatementCounter statements;

	/** caseload > edges > node > careTeam > organization > name */
	private static final int DEPTH = 6;

	@Test
	void theStatementCountDoesNotGrowWithThePageSize() {
		statementsFor(this.partners, 50);
		long five = statementsFor(this.partners, 5);
		long fifty = statementsFor(this.partners, 50);
		if (fifty != five) {
			// the organizations are kept 30 s: an entry that expired between the two
			// pages
			// costs one lookup, once; measured again, both pages find them kept
			five = statementsFor(this.partners, 5);
			fifty = statementsFor(this.partners, 50);
		}
		assertThat(fifty).isEqualTo(five).isLessThanOrEqualTo(DEPTH + 2);
	}

	@SuppressWarnings("unchecked")
	private long statementsFor(Partners partners, int first) {
		var tester = partners.as("referent.asso");
		long before = this.statements.count();
		long transactions = this.statements.transactions();
		Answer page = Answer.ask(tester, PAGE, Map.of("first", first));
		long used = this.statements.count() - before;
		assertThat(this.statements.transactions() - transactions).as("transactions").isEqualTo(1);
		assertThat(page.errors()).isEmpty();
		assertThat((List<Object>) page.at("caseload.edges")).hasSize(first);
		return used;
	}

}
