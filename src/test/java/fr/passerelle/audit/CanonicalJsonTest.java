package fr.passerelle.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The canonical form of RFC 8785 on the values the hub's documents hold. */
class CanonicalJsonTest {

	@Test
	void keysAreSortedByUtf16CodeUnitsAtEveryLevelWithoutWhitespace() {
		Map<String, Object> inner = new LinkedHashMap<>();
		inner.put("z", 1);
		inner.put("a", 2);
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("é", "accent");
		document.put("b", List.of(inner, true));
		document.put("Z", Arrays.asList(null, false));
		document.put("a", "x");
		assertThat(CanonicalJson.write(document))
			.isEqualTo("{\"Z\":[null,false],\"a\":\"x\",\"b\":[{\"a\":2,\"z\":1},true],\"é\":\"accent\"}");
	}

	@Test
	void stringsAreEscapedAsJsonStringifyDoes() {
		assertThat(CanonicalJson.write("\"\\/\b\f\n\r\t\u0001\u001f€😀"))
			.isEqualTo("\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f€😀\"");
		assertThatIllegalArgumentException().isThrownBy(() -> CanonicalJson.write("\ud800"));
	}

	@Test
	void numbersArePrintedAsEcmaScriptDoes() {
		assertThat(CanonicalJson.write(List.of(new BigDecimal("412.50"), new BigDecimal("280.00"),
				new BigDecimal("0.00"), new BigDecimal("-12.30"), 1700000000L, 0)))
			.isEqualTo("[412.5,280,0,-12.3,1700000000,0]");
		assertThatIllegalArgumentException().isThrownBy(() -> CanonicalJson.write((1L << 53) + 1));
		assertThatIllegalArgumentException().isThrownBy(() -> CanonicalJson.write(new BigDecimal("1234567890.123456")));
	}

	@Test
	void theHashIsTheSha256OfTheUtf8Bytes() {
		// printf '%s' '{"a":"é"}' | sha256sum
		assertThat(CanonicalJson.sha256("{\"a\":\"é\"}"))
			.isEqualTo("b3a092a6af48807fa9482b2ee140105575daa26d5b24b3c0e60a7e2dee6683b1");
		assertThat(CanonicalJson.sha256(""))
			.isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	}

}
