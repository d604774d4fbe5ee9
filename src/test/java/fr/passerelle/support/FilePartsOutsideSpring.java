package fr.passerelle.support;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.ClassPathBeanDefinitionScanner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import fr.passerelle.file.FileParts;

/**
 * The parts of the file as the modules declare them, for tests that work on the database
 * without the hub: only the file's {@code @Configuration} classes (its parts) are loaded.
 */
public final class FilePartsOutsideSpring {

	private static FileParts parts;

	private FilePartsOutsideSpring() {
	}

	public static synchronized FileParts parts() {
		if (parts == null) {
			AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
			ClassPathBeanDefinitionScanner scanner = new ClassPathBeanDefinitionScanner(context, false);
			scanner.addIncludeFilter(new AnnotationTypeFilter(Configuration.class));
			scanner.scan("fr.passerelle.file");
			context.register(FileParts.class);
			context.refresh();
			parts = context.getBean(FileParts.class);
		}
		return parts;
	}

}
