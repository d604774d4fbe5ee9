package fr.passerelle.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests (deploy/k8s: Kustomize base, dev and production overlays)
 * render and hold to the Kubernetes schema and the house rules — non-root, read-only
 * filesystem, probes, secrets by reference only, the hub never migrating, selectors that
 * select what they should ({@code deploy/k8s/validate.mjs}, with kubernetes-models'
 * schemas) — and the validator refuses each way of breaking them its own tests try
 * ({@code validate.test.mjs}). No cluster is needed.
 */
class ManifestsTest {

	private static final Path K8S = Path.of("deploy", "k8s");

	@Test
	void theManifestsRenderAndPass() throws Exception {
		String output = node(List.of("node", "validate.mjs"));
		assertThat(output).contains("ok    base  apps/v1 Deployment passerelle-hub")
			.contains("ok    overlays/dev  batch/v1 Job passerelle-dev/passerelle-migrate")
			.contains("all 3 kustomization roots (base, overlays/dev, overlays/production) render and pass");
	}

	@Test
	void theValidatorRefusesBrokenManifests() throws Exception {
		String output = node(List.of("node", "--test", "validate.test.mjs"));
		assertThat(output).contains("# fail 0").containsPattern("# pass [1-9][0-9]");
	}

	private static String node(List<String> command) throws IOException, InterruptedException {
		assertThat(K8S.resolve("node_modules/kubernetes-models"))
			.as("installed by the build: bin/npm-install deploy/k8s")
			.isDirectory();
		Process node = new ProcessBuilder(command).directory(K8S.toFile()).redirectErrorStream(true).start();
		String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(node.waitFor(300, TimeUnit.SECONDS)).isTrue();
		assertThat(node.exitValue()).as(output).isZero();
		return output;
	}

}
