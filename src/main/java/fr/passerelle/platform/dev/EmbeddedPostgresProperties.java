package fr.passerelle.platform.dev;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The dev run's embedded PostgreSQL.
 *
 * @param dataDirectory where the cluster lives between runs
 * @param port the TCP port on localhost
 * @param applicationRole the role the hub connects as (owns no table, no BYPASSRLS)
 */
@ConfigurationProperties("passerelle.embedded-postgres")
record EmbeddedPostgresProperties(@DefaultValue(".local/pgdata") Path dataDirectory, @DefaultValue("54329") int port,
		@DefaultValue("passerelle_app") String applicationRole) {
}
