package fr.passerelle.access;

/**
 * Permission to record one category of one person's file, with the basis the element is
 * shared under: the writer's own decision for that category (a consent provision or a
 * mission rule).
 */
public record WriteGrant(PersonAccess access, DataCategory category, Decision basis) {

	public java.util.UUID personId() {
		return this.access.personId();
	}

}
