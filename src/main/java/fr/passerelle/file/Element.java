package fr.passerelle.file;

import java.util.List;
import java.util.UUID;

import fr.passerelle.access.Organization;

/** An element of a person's file: a row of one part, with its provenance. */
public interface Element {

	UUID id();

	UUID personId();

	Provenance provenance();

	/**
	 * The organizations the element names (its author, a provider, a landlord): if one is
	 * sensitive, the element tells that the person is followed there.
	 */
	default List<Organization> organizations() {
		return List.of(provenance().organization());
	}

	default int version() {
		return provenance().version();
	}

}
