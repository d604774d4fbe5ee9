package fr.passerelle.platform.graphql;

import graphql.scalars.ExtendedScalars;

import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.data.federation.FederationSchemaFactory;
import org.springframework.graphql.execution.ClassNameTypeResolver;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/**
 * The schema in {@code schema/} is served as an Apollo Federation v2 subgraph:
 * {@code _service} and {@code _entities} come from federation-jvm, entities resolve
 * through {@code @EntityMapping} methods.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlConfiguration {

	private static final String VIEW_SUFFIX = "View";

	@Bean
	RuntimeWiringConfigurer scalars() {
		return (wiring) -> wiring.scalar(ExtendedScalars.Date).scalar(ExtendedScalars.DateTime);
	}

	/**
	 * The {@code _Entity} union is resolved from the Java class an entity mapping
	 * returns. A person is read as a {@code PersonView} (the stored values and the
	 * viewer's decision), which the default resolver, matching class names, does not
	 * recognise as the {@code Person} type: the suffix {@value #VIEW_SUFFIX} is dropped.
	 */
	@Bean
	FederationSchemaFactory federationSchemaFactory() {
		ClassNameTypeResolver entities = new ClassNameTypeResolver();
		entities.setClassNameExtractor((type) -> {
			String name = type.getSimpleName();
			return (name.endsWith(VIEW_SUFFIX) && name.length() > VIEW_SUFFIX.length())
					? name.substring(0, name.length() - VIEW_SUFFIX.length()) : name;
		});
		FederationSchemaFactory factory = new FederationSchemaFactory();
		factory.setTypeResolver(entities);
		return factory;
	}

	@Bean
	GraphQlSourceBuilderCustomizer federation(FederationSchemaFactory factory) {
		return (builder) -> builder.schemaFactory(factory::createGraphQLSchema);
	}

}
