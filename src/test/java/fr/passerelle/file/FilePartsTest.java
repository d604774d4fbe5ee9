package fr.passerelle.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.GraphQlSource;

import fr.passerelle.person.CaseloadFilter;
import fr.passerelle.support.Fixtures;
import fr.passerelle.support.IntegrationTest;

/**
 * The parts of the file are declared once and nothing is forgotten: every table that
 * holds elements of a person's file is a part's table or its items' (so the export,
 * anonymization and the reads know it), and every field of {@code CaseloadFilter} is a
 * filter a part offers.
 */
@IntegrationTest
class FilePartsTest {

	/**
	 * Tables with a person and the provenance of an element that are not parts of the
	 * file: household membership is the person's household (its own export and
	 * anonymization).
	 */
	private static final List<String> NOT_PARTS = List.of("household_member");

	@Autowired
	FileParts parts;

	@Autowired
	GraphQlSource graphQl;

	@Autowired
	List<CaseloadFilter.Source> filterSources;

	@Test
	void everyElementTableIsAPartOrItsItems() {
		List<String> declared = new ArrayList<>();
		for (FilePart part : this.parts.all()) {
			declared.add(part.table().getName());
			if (part.items() != null) {
				declared.add(part.items().table().getName());
			}
		}
		List<String> elementTables = Fixtures.owner((dsl) -> dsl.fetch("""
				SELECT c.table_name FROM information_schema.columns c
				JOIN information_schema.tables t USING (table_schema, table_name)
				WHERE c.table_schema = 'passerelle' AND t.table_type = 'BASE TABLE'
				  AND c.column_name = 'recorded_by'
				  AND EXISTS (SELECT 1 FROM information_schema.columns p WHERE p.table_schema = c.table_schema
				              AND p.table_name = c.table_name AND p.column_name = 'person_id')
				ORDER BY 1""").getValues(0, String.class));
		assertThat(elementTables).isNotEmpty();
		List<String> expected = new ArrayList<>(elementTables);
		expected.removeAll(NOT_PARTS);
		assertThat(declared).containsAll(expected);
		// the rest are items without provenance of their own (an assessment's items)
		List<String> items = new ArrayList<>(declared);
		items.removeAll(expected);
		assertThat(items).allSatisfy((table) -> assertThat(this.parts.all())
			.anyMatch((part) -> part.items() != null && part.items().table().getName().equals(table)));
		// the export names every part once
		assertThat(this.parts.all()).extracting(FilePart::key).doesNotHaveDuplicates();
	}

	/**
	 * Items are read by their element: an index leads with the parent column (else every
	 * read of a file scans the whole items' table).
	 */
	@Test
	void everyPartsItemsAreIndexedByTheirElement() {
		for (FilePart part : this.parts.all()) {
			FilePart.Items items = part.items();
			if (items == null) {
				continue;
			}
			int indexes = Fixtures.owner((dsl) -> ((Number) dsl.fetchValue("""
					SELECT count(*) FROM pg_index i
					JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
					WHERE i.indrelid = ('passerelle.' || ?)::regclass AND a.attname = ?""", items.table().getName(),
					items.parent().getName()))
				.intValue());
			assertThat(indexes).as("%s.%s", items.table().getName(), items.parent().getName()).isPositive();
		}
	}

	@Test
	void everyFieldOfTheCaseloadFilterIsOfferedByAPartOrTheConsents() {
		GraphQLInputObjectType input = (GraphQLInputObjectType) this.graphQl.schema().getType("CaseloadFilter");
		assertThat(input).isNotNull();
		assertThat(input.getFieldDefinitions()).extracting(GraphQLInputObjectField::getName)
			.containsExactlyInAnyOrderElementsOf(this.filterSources.stream()
				.flatMap((source) -> source.caseloadFilters().stream())
				.map(CaseloadFilter::name)
				.toList());
		assertThat(this.parts.caseloadFilters()).extracting(CaseloadFilter::name).doesNotContain("consentEndingSoon");
		assertThat(CaseloadFilter.asked(true)).isTrue();
		assertThat(CaseloadFilter.asked(false)).isFalse();
		assertThat(CaseloadFilter.asked(List.of())).isFalse();
		assertThat(CaseloadFilter.asked(null)).isFalse();
		assertThat(CaseloadFilter.asked(Map.of())).isFalse();
	}

}
