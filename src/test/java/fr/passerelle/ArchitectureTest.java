package fr.passerelle;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import org.springframework.stereotype.Repository;

/**
 * The access decision is a corridor: the database is reached only through the
 * repositories (one per module, {@code @Repository}) and the access engine, which run
 * under the viewer's row-level security; controllers and the GraphQL wiring never query
 * it themselves. (Which module may use which is Spring Modulith's to verify:
 * {@link ModularityTest}.)
 */
@AnalyzeClasses(packages = "fr.passerelle", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

	/** A repository, or a class nested in one (its rows, its queries' helpers). */
	private static final DescribedPredicate<JavaClass> repositories = DescribedPredicate
		.describe("a @Repository (or nested in one)", (type) -> {
			for (JavaClass c = type; c != null; c = c.getEnclosingClass().orElse(null)) {
				if (c.isAnnotatedWith(Repository.class)) {
					return true;
				}
			}
			return false;
		});

	@ArchTest
	static final ArchRule onlyRepositoriesAndTheAccessEngineQueryTheDatabase = noClasses().that()
		.haveSimpleNameEndingWith("Controller")
		.or()
		.resideInAPackage("fr.passerelle.platform.graphql..")
		.or()
		.resideInAPackage("fr.passerelle.platform.security..")
		.or()
		.resideInAPackage("fr.passerelle.platform.web..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("fr.passerelle.jooq", "fr.passerelle.jooq.tables..", "org.jooq.impl..")
		.because("person-linked data is read through repositories that run under the viewer's RLS settings");

	@ArchTest
	static final ArchRule theGeneratedTablesAreReadByRepositoriesAndTheAccessEngineOnly = noClasses().that()
		.resideOutsideOfPackages("fr.passerelle.jooq..", "fr.passerelle.access", "fr.passerelle.demo..")
		.and(DescribedPredicate.not(repositories))
		.should()
		.accessClassesThat()
		.resideInAPackage("fr.passerelle.jooq.tables")
		.because("each module keeps jOOQ in its repository; the access engine reads the policy and decides");

}
