package fr.passerelle.file;

import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import fr.passerelle.access.DataCategory;
import fr.passerelle.person.CaseloadFilter;

/**
 * Every part of the file, as the modules declare them (beans of {@link FilePart}), in the
 * order of their keys: what the reads, the export, anonymization, retention and the
 * caseload filters iterate over.
 */
@Component
public class FileParts implements CaseloadFilter.Source {

	private final List<FilePart> parts;

	FileParts(List<FilePart> parts) {
		this.parts = parts.stream().sorted(Comparator.comparing(FilePart::key)).toList();
		Set<String> keys = new HashSet<>();
		Set<String> filters = new HashSet<>();
		Set<DataCategory> retained = EnumSet.noneOf(DataCategory.class);
		for (FilePart part : this.parts) {
			if (!keys.add(part.key())) {
				throw new IllegalStateException("Two parts of the file are named " + part.key());
			}
			part.filters().forEach((filter) -> {
				if (!filters.add(filter.name())) {
					throw new IllegalStateException("Two caseload filters are named " + filter.name());
				}
			});
			part.retention().keySet().forEach((category) -> {
				if (!retained.add(category)) {
					throw new IllegalStateException("Two parts retain the free texts of " + category);
				}
			});
		}
	}

	/** The parts, in the order of their keys. */
	public List<FilePart> all() {
		return this.parts;
	}

	@Override
	public Collection<CaseloadFilter> caseloadFilters() {
		return this.parts.stream().flatMap((part) -> part.filters().stream()).toList();
	}

}
