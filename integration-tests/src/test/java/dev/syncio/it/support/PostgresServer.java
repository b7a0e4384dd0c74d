package dev.syncio.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server in a temporary directory on a free loopback port, started for one test
 * class and stopped (and its directory deleted) by {@link #close()}.
 *
 * <p>{@code initdb} creates a cluster whose superuser is {@link #user()} with {@link #password()}
 * (SCRAM authentication, so the password is really checked); {@code postgres} listens on
 * {@code 127.0.0.1:<port>} only, with its unix socket in the temporary directory and
 * {@code fsync=off}. {@link #start} returns once a JDBC connection succeeds (polled against a
 * deadline) and the database {@link #jdbcUrl()} names exists; {@link #createDatabase()} makes more.
 *
 * <p>The binaries ({@code initdb}, {@code postgres}, {@code pg_ctl}) are taken from the PATH, or
 * else from the newest {@code /usr/lib/postgresql/<version>/bin}, where Debian's {@code postgresql}
 * package puts them (.ci/run installs it). Without them the test is skipped with a message, except
 * under {@code CI=true}, where that is a failure.
 *
 * <p>PostgreSQL refuses to run as root. When the tests run as root (CI here does), the directory is
 * handed to an unprivileged user ({@code postgres} if that account exists, else {@code nobody}) and
 * {@code initdb}, {@code postgres} and {@code pg_ctl} run as that user through util-linux's
 * {@code runuser -u}.
 */
public final class PostgresServer implements AutoCloseable {

    private static final String USER = "syncio";
    private static final String DATABASE = "syncio";
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(15);
    private static final int PORT_ATTEMPTS = 3;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path dir;
    private final String osUser;
    private final String password;
    private final Thread shutdownHook;
    private Process process;
    private int port;
    private boolean closed;

    private PostgresServer(Path bin, Path dir, String osUser, String password) {
        this.bin = bin;
        this.dir = dir;
        this.osUser = osUser;
        this.password = password;
        this.shutdownHook = new Thread(this::stop, "postgres-server-stop");
    }

    /**
     * Creates a cluster, starts the server and creates the database {@link #jdbcUrl()} names.
     * Skips the calling test (JUnit assumption) when PostgreSQL is not installed, unless
     * {@code CI=true}.
     *
     * @throws IOException when the server does not start; the message carries its log
     */
    public static PostgresServer start() throws IOException {
        Path bin = findBinaries().orElse(null);
        if (bin == null) {
            String missing = "PostgreSQL server binaries (initdb, postgres, pg_ctl) are neither on the PATH nor in "
                    + "/usr/lib/postgresql/<version>/bin; install PostgreSQL (Debian: apt-get install postgresql, "
                    + "as .ci/run does)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(missing + " (CI=true, so this is a failure, not a skip)");
            }
            System.err.println("PostgresServer: " + missing + "; skipping the test");
            Assumptions.abort(missing + "; skipping the test");
        }
        Path dir = Files.createTempDirectory("syncio-pg");
        PostgresServer server = null;
        try {
            String osUser = dropRoot(dir);
            server = new PostgresServer(bin, dir, osUser, "pw-" + UUID.randomUUID());
            server.initdb();
            server.startServer();
            Runtime.getRuntime().addShutdownHook(server.shutdownHook); // a JVM that dies before close() stops it too
            server.execute("postgres", "CREATE DATABASE " + DATABASE);
            return server;
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.stop();
            } else {
                deleteQuietly(dir);
            }
            throw e;
        }
    }

    /** The JDBC URL of the database created at start. */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /** The JDBC URL of a database of this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates a new, empty database and returns its JDBC URL: one per test keeps tests apart. */
    public String createDatabase() {
        String name = "test_" + DATABASES.incrementAndGet();
        execute("postgres", "CREATE DATABASE " + name);
        return jdbcUrl(name);
    }

    /** The superuser's name. */
    public String user() {
        return USER;
    }

    /** The superuser's password (random per server). */
    public String password() {
        return password;
    }

    /** The loopback port. */
    public int port() {
        return port;
    }

    /** A new connection to {@code jdbcUrl} (one of this server's) as {@link #user()}; the caller closes it. */
    public Connection connect(String jdbcUrl) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "30");
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    /** Stops the server ({@code pg_ctl stop -m immediate}) and deletes its directory. Idempotent. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // the JVM is shutting down (the hook runs or ran), or the hook was never added
        }
        stop();
    }

    // ---------------------------------------------------------------- start

    private void initdb() throws IOException {
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
        handOver(pwfile);
        Path log = dir.resolve("initdb.log");
        Process initdb = new ProcessBuilder(command(bin.resolve("initdb").toString(), "-D", data().toString(),
                "-U", USER, "--pwfile=" + pwfile, "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale",
                "--no-sync"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!initdb.waitFor(START_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                initdb.destroyForcibly();
                throw new IOException("initdb did not finish within " + START_DEADLINE + "; log:\n" + read(log));
            }
        } catch (InterruptedException e) {
            initdb.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while initdb ran", e);
        } finally {
            Files.deleteIfExists(pwfile);
        }
        if (initdb.exitValue() != 0) {
            throw new IOException("initdb failed (exit " + initdb.exitValue() + "); log:\n" + read(log));
        }
    }

    /** Starts postgres on a free port, trying another one when the probed port was taken meanwhile. */
    private void startServer() throws IOException {
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            Path log = dir.resolve("postgres.log");
            process = new ProcessBuilder(command(bin.resolve("postgres").toString(), "-D", data().toString(),
                    "-h", "127.0.0.1", "-p", String.valueOf(port), "-k", dir.toString(),
                    "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            String failure = awaitReady();
            if (failure == null) {
                return;
            }
            stopProcess();
            String text = read(log);
            if (attempt < PORT_ATTEMPTS && text.contains("could not bind")) {
                continue; // another process took the port between the probe and the bind
            }
            throw new IOException("postgres did not start on 127.0.0.1:" + port + " (" + failure + "); log:\n" + text);
        }
    }

    /** Polls with JDBC until the server accepts a login; returns null when ready, else why not. */
    private String awaitReady() {
        Instant deadline = Instant.now().plus(START_DEADLINE);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                return "it exited with " + process.exitValue();
            }
            try (Connection connection = connect(jdbcUrl("postgres"))) {
                if (connection.isValid(5)) {
                    return null;
                }
            } catch (SQLException e) {
                last = e; // 08001 (connection refused) until it listens, 57P03 while it starts up
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(25)); // a poll interval, not a guess at readiness
        }
        return "no login within " + START_DEADLINE + (last == null ? "" : ": " + last.getMessage());
    }

    private void execute(String database, String sql) {
        try (Connection connection = connect(jdbcUrl(database)); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on the test PostgreSQL", e);
        }
    }

    // ---------------------------------------------------------------- stop

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopProcess();
        } finally {
            deleteQuietly(dir);
        }
    }

    /** {@code pg_ctl stop -m immediate}, then, if the server is still there, a kill of its pid. */
    private void stopProcess() {
        if (process == null) {
            return;
        }
        // taken before the stop: a handle knows its process's start time, so it never kills a reuse of the pid
        Optional<ProcessHandle> postmaster = postmasterPid().flatMap(ProcessHandle::of);
        if (process.isAlive()) {
            try {
                Process pgCtl = new ProcessBuilder(command(bin.resolve("pg_ctl").toString(), "stop", "-D",
                        data().toString(), "-m", "immediate", "-w", "-t", String.valueOf(STOP_DEADLINE.toSeconds())))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (!pgCtl.waitFor(STOP_DEADLINE.toSeconds() + 5, TimeUnit.SECONDS)) {
                    pgCtl.destroyForcibly();
                }
                process.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            } catch (IOException e) {
                // pg_ctl could not run: the kills below stop the server
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // under runuser the process Java started is runuser, not postgres: a postmaster still there is killed itself
        postmaster.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        process = null;
    }

    /** The postmaster's pid, from the first line of {@code postmaster.pid}. */
    private Optional<Long> postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(data().resolve("postmaster.pid"));
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // not written yet, or gone
        }
    }

    // ---------------------------------------------------------------- helpers

    private Path data() {
        return dir.resolve("data");
    }

    /** The command as is, or as {@code runuser -u <osUser> -- command...} when running as root. */
    private List<String> command(String... command) throws IOException {
        List<String> all = new ArrayList<>();
        if (osUser != null) {
            Path runuser = findExecutable("runuser", List.of(Path.of("/usr/sbin"), Path.of("/sbin")))
                    .orElseThrow(() -> new IOException("the tests run as root, which PostgreSQL refuses, and runuser "
                            + "(util-linux) to run it as " + osUser + " is not there; run the tests as an ordinary "
                            + "user"));
            all.addAll(List.of(runuser.toString(), "-u", osUser, "--"));
        }
        all.addAll(Arrays.asList(command));
        return all;
    }

    private void handOver(Path path) throws IOException {
        if (osUser != null) {
            Files.setOwner(path, owner(osUser));
        }
    }

    /**
     * Null when not root. As root: hands {@code dir} to an unprivileged account, {@code postgres}
     * if it exists, else {@code nobody}, and returns its name.
     */
    private static String dropRoot(Path dir) throws IOException {
        Object uid = Files.getAttribute(dir, "unix:uid"); // the owner of a directory we just made: our uid
        if (!Integer.valueOf(0).equals(uid)) {
            return null;
        }
        String user = null;
        for (String candidate : List.of("postgres", "nobody")) {
            try {
                Files.setOwner(dir, owner(candidate));
                user = candidate;
                break;
            } catch (UserPrincipalNotFoundException e) {
                // try the next one
            }
        }
        if (user == null) {
            throw new IOException("the tests run as root, which PostgreSQL refuses, and neither a postgres nor a "
                    + "nobody account exists to run it as");
        }
        return user;
    }

    private static UserPrincipal owner(String name) throws IOException {
        return Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
    }

    /** The directory holding initdb, postgres and pg_ctl: on the PATH, else the newest /usr/lib/postgresql/N/bin. */
    static Optional<Path> findBinaries() {
        List<Path> candidates = pathDirs();
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.sorted(Comparator.comparing(PostgresServer::version).reversed())
                        .forEach(version -> candidates.add(version.resolve("bin")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return candidates.stream()
                .filter(dir -> Stream.of("initdb", "postgres", "pg_ctl")
                        .allMatch(binary -> Files.isExecutable(dir.resolve(binary))))
                .findFirst();
    }

    private static Optional<Path> findExecutable(String name, List<Path> alsoIn) {
        List<Path> dirs = pathDirs();
        dirs.addAll(alsoIn);
        return dirs.stream().map(dir -> dir.resolve(name)).filter(Files::isExecutable).findFirst();
    }

    /** The PATH's directories, in order (a mutable list). */
    private static List<Path> pathDirs() {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    dirs.add(Path.of(entry));
                }
            }
        }
        return dirs;
    }

    /** The numeric version of a /usr/lib/postgresql/<version> directory (0 for anything else). */
    private static double version(Path dir) {
        try {
            return Double.parseDouble(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // best effort: a temporary directory
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
