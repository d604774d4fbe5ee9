package fr.passerelle.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import fr.passerelle.support.TestDatabase;

/**
 * A part added by the schema function {@code add_file_part} (V15) is an element table
 * like the others: the same provenance columns, the same row-level security as the parts
 * the first migrations created (compared with {@code support_note}'s policies), no delete
 * for the application role, and its writes folded into {@code person_activity}. In a
 * database of its own: the test creates a table.
 */
class FilePartFunctionsTest {

	private static Connection connection;

	private static DSLContext owner;

	@BeforeAll
	static void migrate() throws SQLException {
		TestDatabase database = TestDatabase.get();
		String url = database.createMigratedDatabase("file_part_functions");
		connection = DriverManager.getConnection(url, database.ownerUser(), database.ownerPassword());
		owner = DSL.using(connection, SQLDialect.POSTGRES);
		owner.execute("SELECT passerelle.add_file_part('home_visit', 'visited_on date NOT NULL, note text', "
				+ "'SUPPORT_NOTES')");
	}

	@AfterAll
	static void close() throws SQLException {
		connection.close();
	}

	@Test
	void theNewPartHasTheColumnsAndPoliciesOfTheFirstParts() {
		assertThat(columns("home_visit", "visited_on", "note"))
			.isEqualTo(columns("support_note", "measure_id", "written_on", "body"));
		assertThat(policies("home_visit")).isNotEmpty().isEqualTo(policies("support_note"));
		assertThat(owner.fetchValue(
				"SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = 'passerelle.home_visit'::regclass"))
			.isEqualTo(true);
		assertThat(privilege("home_visit", "SELECT")).isTrue();
		assertThat(privilege("home_visit", "INSERT")).isTrue();
		assertThat(privilege("home_visit", "DELETE")).isFalse();
		assertThat(privilege("support_note", "DELETE")).isFalse();
		// the helpers are the schema owner's: the application role cannot add a part
		assertThat(owner.fetchValue(
				"SELECT has_function_privilege(?, "
						+ "'passerelle.add_file_part(text, text, passerelle.data_category, text)', 'EXECUTE')",
				TestDatabase.APP_ROLE))
			.isEqualTo(false);
	}

	@Test
	void aWriteToTheNewPartIsActivityOfItsCategory() {
		owner.execute("""
				INSERT INTO passerelle.organization (id, name, type, territory)
				VALUES ('f0000000-0000-4000-8000-000000000001', 'Visites', 'ASSOCIATION', '38')""");
		owner.execute("""
				INSERT INTO passerelle.person (id, territory, first_name, last_name)
				VALUES ('f0000000-0000-4000-8000-000000000002', '38', 'Camille', 'Visite')""");
		owner.execute(
				"""
						INSERT INTO passerelle.home_visit (id, person_id, visited_on, recorded_by_organization_id,
						    recorded_by, recorded_at, basis, basis_rule)
						VALUES (gen_random_uuid(), 'f0000000-0000-4000-8000-000000000002', current_date,
						    'f0000000-0000-4000-8000-000000000001', 'test', TIMESTAMPTZ '2026-03-01 10:00:00+00', 'MISSION', 'test')""");
		assertThat(owner.fetch("""
				SELECT category::text, organizations::text, last_at = TIMESTAMPTZ '2026-03-01 10:00:00+00'
				FROM passerelle.person_activity WHERE person_id = 'f0000000-0000-4000-8000-000000000002'""")
			.map((row) -> List.of(row.get(0), row.get(1), row.get(2))))
			.containsExactly(List.of("SUPPORT_NOTES", "{f0000000-0000-4000-8000-000000000001}", true));
	}

	/** The table's columns but its own, in order. */
	private static List<String> columns(String table, String... own) {
		return owner
			.fetch("SELECT column_name || ' ' || data_type || ' ' || is_nullable FROM information_schema.columns "
					+ "WHERE table_schema = 'passerelle' AND table_name = ? AND NOT column_name = ANY (?) "
					+ "ORDER BY ordinal_position", table, own)
			.getValues(0, String.class);
	}

	/** The table's policies, its name replaced by {@code T}. */
	private static List<String> policies(String table) {
		return owner
			.fetch("""
					SELECT policyname || ' ' || cmd || ' ' || roles::text || ' '
					       || coalesce(replace(qual, ?, 'T'), '-') || ' ' || coalesce(replace(with_check, ?, 'T'), '-')
					FROM pg_policies WHERE schemaname = 'passerelle' AND tablename = ? ORDER BY policyname""", table,
					table, table)
			.getValues(0, String.class);
	}

	private static boolean privilege(String table, String privilege) {
		return owner.fetchValue("SELECT has_table_privilege(?, ?, ?)", TestDatabase.APP_ROLE, "passerelle." + table,
				privilege) == Boolean.TRUE;
	}

}
