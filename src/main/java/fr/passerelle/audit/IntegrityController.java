package fr.passerelle.audit;

import graphql.schema.DataFetchingEnvironment;

import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import fr.passerelle.access.AccessContexts;
import fr.passerelle.access.AccessException;
import fr.passerelle.access.ErrorCode;
import fr.passerelle.access.Role;

/** The privacy officer's integrity check of the access log. */
@Controller
class IntegrityController {

	private final AccessContexts contexts;

	private final AccessLog log;

	IntegrityController(AccessContexts contexts, AccessLog log) {
		this.contexts = contexts;
		this.log = log;
	}

	@QueryMapping
	AccessLog.IntegrityReport accessLogIntegrity(DataFetchingEnvironment environment) {
		if (!this.contexts.of(environment).viewer().hasRole(Role.PRIVACY_OFFICER)) {
			throw new AccessException(ErrorCode.FORBIDDEN, "Only the privacy officer checks the access log");
		}
		return this.log.verify();
	}

}
