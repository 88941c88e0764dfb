package io.agentshop.infra.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL 17 from Maven (zonky's binaries), run as a child process on a data directory that survives
 * restarts. The superuser {@code postgres} may connect without a password from loopback (local development and
 * tests only); every other role authenticates with SCRAM, as it would against a production server.
 */
public final class PostgresServer implements AutoCloseable {

    /** The major version of the bundled binaries; a data directory made by another major will not start. */
    public static final String MAJOR_VERSION = "17";

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

    private static final String HBA = String.join("\n",
            "# Written by Agent Shop's local stack at every start.",
            "# TYPE  DATABASE  USER      ADDRESS        METHOD",
            "local   all       postgres                 trust",
            "host    all       postgres  127.0.0.1/32   trust",
            "host    all       postgres  ::1/128        trust",
            "host    all       all       127.0.0.1/32   scram-sha-256",
            "host    all       all       ::1/128        scram-sha-256",
            "");

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** Whether a commit waits for the disk. */
    public enum Durability {
        /** fsync and synchronous commit on, as in production: what the local system runs with. */
        DURABLE,
        /** fsync and synchronous commit off: for tests, whose data is thrown away anyway. */
        FAST
    }

    /**
     * Starts PostgreSQL on {@code port}, creating the cluster in {@code dataDirectory} on first use and reusing it
     * afterwards. Problems a person can fix end in a {@link StackStartupException} with a one-line message.
     */
    public static PostgresServer start(Path dataDirectory, int port, Durability durability) {
        Ports.requireFree("PostgreSQL", port);
        requireCompatible(dataDirectory);
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // The owner of this object stops the server; a JVM hook of the library would race ours.
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setServerConfig("max_connections", "200")
                    .setDataDirectoryCustomizer(directory -> writeHba(directory.toPath()));
            if (durability == Durability.DURABLE) {
                // The library starts the server with -F (no fsync) and asynchronous commit, fit for throw-away test
                // data only; these later settings win. The first guarantee (docs/architecture.md, "Guarantees") needs an acknowledged commit on disk.
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            EmbeddedPostgres postgres = builder.start();
            log.info("PostgreSQL {} on 127.0.0.1:{} ({}), data in {}", MAJOR_VERSION, port,
                    durability.name().toLowerCase(java.util.Locale.ROOT), dataDirectory.toAbsolutePath());
            return new PostgresServer(postgres, dataDirectory);
        } catch (IOException | RuntimeException e) {
            throw new StackStartupException("PostgreSQL did not start on port " + port + " with data directory "
                    + dataDirectory.toAbsolutePath() + ": " + rootMessage(e), e);
        }
    }

    /** The postmaster, the process the server is: what a supervisor watches (it is not this JVM's child). */
    public Optional<ProcessHandle> postmaster() {
        return runningServerOf(dataDirectory).flatMap(ProcessHandle::of);
    }

    /**
     * Stops a server left running on {@code dataDirectory} by a launcher that was killed (SIGTERM, a smart shutdown its
     * gone clients do not hold up; SIGKILL after 30 s). Answers whether there was one.
     */
    public static boolean stopLeftOver(Path dataDirectory) {
        Optional<ProcessHandle> left = runningServerOf(dataDirectory).flatMap(ProcessHandle::of);
        if (left.isEmpty()) {
            return false;
        }
        ProcessHandle server = left.get();
        log.warn("PostgreSQL (pid {}) was left running on {} by an earlier run; stopping it", server.pid(),
                dataDirectory.toAbsolutePath());
        server.destroy();
        try {
            server.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException slow) {
            server.destroyForcibly();
        } catch (java.util.concurrent.ExecutionException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        return true;
    }

    /** Connection details for the superuser on the maintenance database. */
    public DatabaseLogin superuser() {
        return new DatabaseLogin("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", "");
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Lets go of a server that died: the library's lock on the data directory, held in this JVM, is given back, so
     * that {@link #start} may run on the directory again. A server that still runs is stopped.
     */
    public void release() {
        try {
            postgres.close();
        } catch (IOException | RuntimeException gone) {
            log.debug("PostgreSQL on port {} was already gone: {}", postgres.getPort(), gone.toString());
        }
    }

    /**
     * Waits until no process works in {@code dataDirectory} any more: the backends of a killed postmaster notice its
     * death and exit on their own, shortly, but until they have, a new server refuses their shared memory (and a failed
     * start would keep the library's lock on the directory). Backends work in the data directory, which is how they are
     * found (Linux's /proc; elsewhere this returns at once).
     */
    public static void awaitNoBackendsIn(Path dataDirectory, Duration patience) {
        Path procfs = Path.of("/proc");
        if (!Files.isDirectory(procfs)) {
            return;
        }
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            Path directory = dataDirectory.toRealPath();
            while (ProcessHandle.allProcesses().anyMatch(process -> workingIn(procfs, process, directory))) {
                if (System.nanoTime() > deadline) {
                    log.warn("backends of the killed PostgreSQL still run in {} after {} s", directory,
                            patience.toSeconds());
                    return;
                }
                Thread.sleep(100); // orphaned backends are not our children: no exit event to wait on
            }
        } catch (IOException e) {
            log.warn("could not look for PostgreSQL backends in {}: {}", dataDirectory, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean workingIn(Path procfs, ProcessHandle process, Path directory) {
        try {
            return Files.readSymbolicLink(procfs.resolve(Long.toString(process.pid())).resolve("cwd")).equals(directory);
        } catch (IOException | UnsupportedOperationException | SecurityException notOurs) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
            log.info("PostgreSQL on port {} stopped", postgres.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
        }
    }

    private static void requireCompatible(Path dataDirectory) {
        Path versionFile = dataDirectory.resolve("PG_VERSION");
        if (Files.exists(versionFile)) {
            String version = read(versionFile).trim();
            if (!MAJOR_VERSION.equals(version)) {
                throw new StackStartupException("the data directory " + dataDirectory.toAbsolutePath()
                        + " was made by PostgreSQL " + version + " but this stack runs PostgreSQL " + MAJOR_VERSION
                        + "; point the stack at another data directory or delete this one (its data will be lost)");
            }
        }
        runningServerOf(dataDirectory).ifPresent(pid -> {
            throw new StackStartupException("a PostgreSQL server (pid " + pid + ") is still running on "
                    + dataDirectory.toAbsolutePath() + ", probably left by an earlier run that was killed;"
                    + " stop it with 'kill " + pid + "' and start again");
        });
    }

    /** The postmaster of a data directory whose pid file names a live process. */
    private static Optional<Long> runningServerOf(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = read(pidFile).lines().toList();
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().command().map(c -> c.contains("postgres")).orElse(true))
                    .map(ProcessHandle::pid);
        } catch (NumberFormatException garbled) {
            return Optional.empty();
        }
    }

    private static void writeHba(Path directory) {
        try {
            Files.writeString(directory.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write pg_hba.conf in " + directory, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
