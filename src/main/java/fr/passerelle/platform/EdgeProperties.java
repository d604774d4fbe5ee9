package fr.passerelle.platform;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import fr.passerelle.access.Role;

/**
 * The limits at the edge: what a request may ask before anything is executed, and how
 * often. Every refusal is a GraphQL error with a stable code, answered before any SQL.
 * docs/operations.md explains each setting.
 *
 * @param maxRequestBody the largest request body accepted ({@code REQUEST_TOO_LARGE},
 * 413)
 * @param maxDepth the deepest selection ({@code QUERY_TOO_DEEP})
 * @param maxAliases the most aliased fields in a document ({@code TOO_MANY_ALIASES})
 * @param maxResultNodes the most values an answer may hold ({@code RESPONSE_TOO_LARGE})
 * @param cost the query cost model's limits ({@code QUERY_TOO_COSTLY})
 * @param rateLimit requests per client ({@code RATE_LIMITED}, 429)
 * @param introspection who may read the schema (introspection, federation's
 * {@code _service})
 * @param trustedDocuments the persisted documents front-ends may be restricted to
 */
@ConfigurationProperties("passerelle.edge")
public record EdgeProperties(@DefaultValue("256KB") DataSize maxRequestBody, @DefaultValue("15") int maxDepth,
		@DefaultValue("30") int maxAliases, @DefaultValue("50000") int maxResultNodes, @DefaultValue Cost cost,
		@DefaultValue RateLimit rateLimit, @DefaultValue Introspection introspection,
		@DefaultValue TrustedDocuments trustedDocuments) {

	/**
	 * Each field costs 1 plus what it selects; a paged field ({@code first}) costs its
	 * selection times the page size, federation's {@code _entities} times the
	 * representations asked.
	 *
	 * @param limit the most a request may cost
	 * @param roles a higher limit for some roles (the privacy officer's review reads long
	 * lists)
	 */
	public record Cost(@DefaultValue("20000") int limit, @DefaultValue Map<Role, Integer> roles) {

		/** The limit for a viewer with these roles: the highest that applies. */
		public int limitFor(Iterable<Role> viewerRoles) {
			int max = this.limit;
			for (Role role : viewerRoles) {
				max = Math.max(max, this.roles.getOrDefault(role, 0));
			}
			return max;
		}

	}

	/**
	 * A token bucket per client (the token's {@code azp}) and subject.
	 *
	 * @param enabled whether requests are counted at all
	 * @param perSecond the sustained rate
	 * @param burst the bucket's size
	 * @param clients other rates for some clients (a dashboard's service account)
	 */
	public record RateLimit(@DefaultValue("true") boolean enabled, @DefaultValue("50") int perSecond,
			@DefaultValue("200") int burst, @DefaultValue Map<String, Rate> clients,
			@DefaultValue("10m") Duration idleEviction) {

		public Rate rateFor(String client) {
			return this.clients.getOrDefault(client, new Rate(this.perSecond, this.burst));
		}

	}

	public record Rate(int perSecond, int burst) {
	}

	/**
	 * @param everyone whether any authenticated caller may (the dev run)
	 * @param clients the clients that may (the federation gateway's service account)
	 */
	public record Introspection(@DefaultValue("false") boolean everyone,
			@DefaultValue("passerelle-gateway") List<String> clients) {

		public boolean allows(String client) {
			return this.everyone || this.clients.contains(client);
		}

	}

	/**
	 * Trusted documents (persisted operations): manifests of {@code {sha256: document}}
	 * shipped with a front-end; a restricted client may only run documents they list,
	 * sent by hash ({@code extensions.persistedQuery.sha256Hash}) or in full.
	 *
	 * @param manifests where the manifests are (Spring resource patterns)
	 * @param clients the clients restricted to them
	 * @param allClients every client is restricted (but {@code exempt})
	 * @param exempt clients never restricted (the gateway's service account, dashboards)
	 */
	public record TrustedDocuments(@DefaultValue List<String> manifests, @DefaultValue List<String> clients,
			@DefaultValue("false") boolean allClients, @DefaultValue List<String> exempt) {

		public boolean restricts(String client) {
			return !this.exempt.contains(client) && (this.allClients || this.clients.contains(client));
		}

	}

}
