package fr.passerelle.demo;

import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import fr.passerelle.platform.NoExternalDatabase;

/**
 * {@code passerelle.demo.enabled} when set; otherwise on only for the embedded database,
 * so a production database never receives demo persons by accident.
 */
class DemoEnabled extends NoExternalDatabase {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Boolean enabled = context.getEnvironment().getProperty("passerelle.demo.enabled", Boolean.class);
		return (enabled != null) ? enabled : super.matches(context, metadata);
	}

}
