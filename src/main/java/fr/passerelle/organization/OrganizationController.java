package fr.passerelle.organization;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.federation.EntityMapping;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.stereotype.Controller;

import fr.passerelle.access.Organization;

/** Organization as a federation entity: other subgraphs may reference a partner by id. */
@Controller
class OrganizationController {

	private final Organizations organizations;

	OrganizationController(Organizations organizations) {
		this.organizations = organizations;
	}

	@EntityMapping
	List<@Nullable Organization> organization(@Argument List<UUID> idList) {
		Map<UUID, Organization> found = this.organizations.byIds(idList)
			.stream()
			.collect(Collectors.toMap(Organization::id, Function.identity()));
		return idList.stream().map(found::get).toList();
	}

}
