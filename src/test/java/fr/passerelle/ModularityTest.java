package fr.passerelle;

import com.tngtech.archunit.core.domain.JavaClass;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * The modules (one per direct sub-package) depend on each other only through their public
 * face (their base package), in the directions their {@code package-info} allows, and
 * without cycles: Spring Modulith's verification.
 */
class ModularityTest {

	static final ApplicationModules modules = ApplicationModules.of(PasserelleApplication.class,
			JavaClass.Predicates.resideInAPackage("fr.passerelle.jooq.."));

	@Test
	void modulesKeepToTheirPublicFaces() {
		modules.verify();
	}

}
