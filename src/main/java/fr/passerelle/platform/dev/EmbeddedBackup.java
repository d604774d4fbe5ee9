package fr.passerelle.platform.dev;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * A base backup of the embedded PostgreSQL while the hub runs, with nothing but the JDBC
 * driver (the bundled binaries have no {@code pg_basebackup}): PostgreSQL's low-level
 * backup API. Between {@code pg_backup_start} and {@code pg_backup_stop} the data
 * directory is copied as it is (files changing under the copy are repaired by the WAL);
 * then the WAL written meanwhile is copied and the backup label written. The copy is a
 * data directory: the hub started on it
 * ({@code --passerelle.embedded-postgres.data-directory}) replays that WAL and opens the
 * territory as it was when the backup ended.
 *
 * <p>
 * {@code bin/embedded-backup <folder>} runs it against the dev run's server.
 */
public final class EmbeddedBackup {

	/** What a data directory holds that a backup leaves out (PostgreSQL's own list). */
	private static final Set<String> LEFT_OUT = Set.of("postmaster.pid", "postmaster.opts", "epg-lock", "backup_label",
			"backup_label.old", "tablespace_map");

	/** Folders whose content a backup leaves out, kept empty. */
	private static final Set<String> EMPTIED = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify", "pg_serial",
			"pg_snapshots", "pg_stat_tmp", "pg_subtrans");

	private EmbeddedBackup() {
	}

	/**
	 * {@code EmbeddedBackup <target folder> [data directory] [port]}: defaults
	 * {@code .local/pgdata} and 54329, the dev run's.
	 */
	public static void main(String[] arguments) throws Exception {
		if (arguments.length < 1) {
			System.err.println("usage: bin/embedded-backup <new folder> [data directory, default .local/pgdata] "
					+ "[port, default 54329]");
			System.exit(2);
		}
		Path target = Path.of(arguments[0]);
		Path data = Path.of((arguments.length > 1) ? arguments[1] : ".local/pgdata");
		int port = (arguments.length > 2) ? Integer.parseInt(arguments[2]) : 54329;
		try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres",
				EmbeddedPostgresConfiguration.OWNER, "")) {
			backup(connection, data, target);
		}
		System.out.println("Backed up " + data + " to " + target + ". To restore: start the hub with "
				+ "--passerelle.embedded-postgres.data-directory=<a copy of " + target + ">");
	}

	/**
	 * Backs the server's data directory up into {@code target}, which must not exist.
	 * @param connection a superuser's connection to that server
	 */
	public static void backup(Connection connection, Path dataDirectory, Path target) throws IOException, SQLException {
		if (Files.exists(target)) {
			throw new IOException(target + " exists: a backup goes into a new folder");
		}
		Path data = dataDirectory.toAbsolutePath().normalize();
		try (Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_backup_start('passerelle', true)");
			String label;
			try {
				copy(data, target);
			}
			finally {
				try (ResultSet stop = statement.executeQuery("SELECT labelfile FROM pg_backup_stop(false)")) {
					stop.next();
					label = stop.getString(1);
				}
			}
			// the segment holding the backup's end, closed, so that it is copied whole
			statement.execute("SELECT pg_switch_wal()");
			copyWal(data.resolve("pg_wal"), target.resolve("pg_wal"));
			Files.writeString(target.resolve("backup_label"), label);
			// PostgreSQL opens only a data directory its owner alone may enter
			Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
		}
	}

	private static void copy(Path data, Path target) throws IOException {
		Files.walkFileTree(data, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
					throws IOException {
				Path copy = target.resolve(data.relativize(directory).toString());
				Files.createDirectories(copy);
				Path parent = directory.getParent();
				if (!directory.equals(data) && parent != null && parent.equals(data)
						&& EMPTIED.contains(directory.getFileName().toString())) {
					if (directory.getFileName().toString().equals("pg_wal")) {
						Files.createDirectories(copy.resolve("archive_status"));
					}
					return FileVisitResult.SKIP_SUBTREE;
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
				if (file.getParent().equals(data) && LEFT_OUT.contains(file.getFileName().toString())) {
					return FileVisitResult.CONTINUE;
				}
				try {
					Files.copy(file, target.resolve(data.relativize(file).toString()),
							StandardCopyOption.COPY_ATTRIBUTES);
				}
				catch (NoSuchFileException ex) {
					// dropped by the server during the copy: the WAL says so
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFileFailed(Path file, IOException ex) throws IOException {
				if (ex instanceof NoSuchFileException) {
					return FileVisitResult.CONTINUE;
				}
				throw ex;
			}

		});
	}

	private static void copyWal(Path wal, Path target) throws IOException {
		try (var segments = Files.list(wal)) {
			for (Path segment : segments.filter(Files::isRegularFile).toList()) {
				try {
					Files.copy(segment, target.resolve(segment.getFileName().toString()),
							StandardCopyOption.REPLACE_EXISTING);
				}
				catch (NoSuchFileException ex) {
					// recycled meanwhile: older than the backup's start
				}
			}
		}
	}

}
