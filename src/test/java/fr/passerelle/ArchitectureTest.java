package fr.passerelle;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The access decision is a corridor: the database is reached only through the
 * repositories (one per module) and the access engine, which run under the viewer's
 * row-level security; controllers and the GraphQL wiring never query it themselves.
 */
@AnalyzeClasses(packages = "fr.passerelle", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

	@ArchTest
	static final ArchRule onlyRepositoriesAndTheAccessEngineQueryTheDatabase = noClasses().that()
		.haveSimpleNameEndingWith("Controller")
		.or()
		.resideInAPackage("fr.passerelle.platform.graphql..")
		.or()
		.resideInAPackage("fr.passerelle.platform.security..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("fr.passerelle.jooq", "fr.passerelle.jooq.tables..", "org.jooq.impl..")
		.because("person-linked data is read through repositories that run under the viewer's RLS settings");

	@ArchTest
	static final ArchRule noModuleReachesIntoTheGeneratedTablesButRepositories = noClasses().that()
		.resideOutsideOfPackages("fr.passerelle.jooq..", "fr.passerelle.demo..")
		.and()
		.haveSimpleNameNotEndingWith("Controller")
		.and()
		.resideOutsideOfPackage("fr.passerelle.file..")
		.and()
		.doNotHaveSimpleName("People")
		.and()
		.doNotHaveSimpleName("Caseloads")
		.and()
		.doNotHaveSimpleName("AccessLog")
		.and()
		.doNotHaveSimpleName("Involvements")
		.and()
		.doNotHaveSimpleName("Consents")
		.and()
		.doNotHaveSimpleName("Organizations")
		.and()
		.doNotHaveSimpleName("AccessDecisions")
		.and()
		.doNotHaveSimpleName("SqlDecisions")
		.and()
		.doNotHaveSimpleName("AccessContexts")
		.and()
		.doNotHaveSimpleName("Grants")
		.and()
		.doNotHaveSimpleName("Policies")
		.and()
		.doNotHaveSimpleName("WritePolicies")
		.and()
		.doNotHaveSimpleName("AccessEvents")
		.and()
		.doNotHaveSimpleName("GrantReviews")
		.and()
		.doNotHaveSimpleName("ConsentReceipts")
		.and()
		.doNotHaveSimpleName("PersonExports")
		.and()
		.doNotHaveSimpleName("Erasures")
		.should()
		.accessClassesThat()
		.resideInAPackage("fr.passerelle.jooq.tables")
		.because("each module keeps jOOQ in its repository class");

}
