package fr.passerelle.access;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import fr.passerelle.demo.DemoTerritory;
import fr.passerelle.support.IntegrationTest;
import fr.passerelle.support.Partners;

@IntegrationTest
class AccessSmokeTest {

	@LocalServerPort
	int port;

	@Test
	void smoke() {
		Partners partners = new Partners(this.port);
		for (String user : new String[] { "referent.asso", "agent.caf", "coord.siao", "referent.sensible",
				"gestion.bailleur", "as.departement" }) {
			var response = partners.as(user)
				.documentName("personFile")
				.variable("id", DemoTerritory.KARIM.toString())
				.execute();
			System.out.println("### " + user + " " + response.returnResponse().toMap());
		}
		System.out.println("### caseload " + partners.as("referent.asso")
			.document(
					"{ caseload(first: 3) { totalCount pageInfo { hasNextPage endCursor } edges { node { id firstName } } } }")
			.execute()
			.returnResponse()
			.toMap());
	}

}
