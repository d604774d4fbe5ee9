package fr.passerelle.platform.graphql;

import graphql.scalars.ExtendedScalars;

import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.data.federation.FederationSchemaFactory;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/**
 * The schema in {@code schema/} is served as an Apollo Federation v2 subgraph:
 * {@code _service} and {@code _entities} come from federation-jvm, entities resolve
 * through {@code @EntityMapping} methods.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlConfiguration {

	@Bean
	RuntimeWiringConfigurer scalars() {
		return (wiring) -> wiring.scalar(ExtendedScalars.Date).scalar(ExtendedScalars.DateTime);
	}

	@Bean
	FederationSchemaFactory federationSchemaFactory() {
		return new FederationSchemaFactory();
	}

	@Bean
	GraphQlSourceBuilderCustomizer federation(FederationSchemaFactory factory) {
		return (builder) -> builder.schemaFactory(factory::createGraphQLSchema);
	}

}
