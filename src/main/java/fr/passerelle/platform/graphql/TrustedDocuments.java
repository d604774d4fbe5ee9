package fr.passerelle.platform.graphql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

import fr.passerelle.audit.CanonicalJson;
import fr.passerelle.platform.EdgeProperties;

/**
 * The trusted documents (persisted operations) the front-ends ship: manifests of
 * {@code {"<sha256 of the document>": "<document>"}}, the format graphql-codegen's client
 * preset writes ({@code persistedDocuments}) and Apollo's APQ hashes. Read once at start;
 * an entry whose hash is not its document's stops the start.
 */
@Component
class TrustedDocuments {

	private static final Logger logger = LoggerFactory.getLogger(TrustedDocuments.class);

	private final Map<String, String> documents = new LinkedHashMap<>();

	private final EdgeProperties.TrustedDocuments settings;

	TrustedDocuments(EdgeProperties properties) {
		this.settings = properties.trustedDocuments();
		JsonMapper json = JsonMapper.builder().build();
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
		try {
			for (String location : this.settings.manifests()) {
				for (Resource manifest : resolver.getResources(location)) {
					try (InputStream in = manifest.getInputStream()) {
						Map<?, ?> entries = json.readValue(in, Map.class);
						entries.forEach((hash, document) -> {
							String text = String.valueOf(document);
							if (!CanonicalJson.sha256(text).equals(hash)) {
								throw new IllegalStateException("Trusted document " + hash + " of " + manifest
										+ " is not the SHA-256 of its text");
							}
							this.documents.put((String) hash, text);
						});
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the trusted documents", ex);
		}
		if (!this.documents.isEmpty()) {
			logger.info("{} trusted documents loaded from {}", this.documents.size(), this.settings.manifests());
		}
	}

	/** Whether this client may only run trusted documents. */
	boolean restricts(String client) {
		return this.settings.restricts(client);
	}

	/** The trusted document of this hash, if any. */
	@Nullable String byHash(String hash) {
		return this.documents.get(hash);
	}

}
