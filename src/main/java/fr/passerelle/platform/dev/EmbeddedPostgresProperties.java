package fr.passerelle.platform.dev;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The dev run's embedded PostgreSQL.
 *
 * @param dataDirectory where the cluster lives between runs
 * @param port the TCP port on localhost
 * @param applicationRole the role the hub connects as (owns no table, no BYPASSRLS)
 * @param serverConfig PostgreSQL settings for the server (e.g. the benchmark's
 * {@code shared_preload_libraries=pg_stat_statements})
 */
@ConfigurationProperties("passerelle.embedded-postgres")
record EmbeddedPostgresProperties(@DefaultValue(".local/pgdata") Path dataDirectory, @DefaultValue("54329") int port,
		@DefaultValue("passerelle_app") String applicationRole, @DefaultValue Map<String, String> serverConfig) {
}
