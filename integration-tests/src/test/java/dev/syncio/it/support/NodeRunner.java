package dev.syncio.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@code node --test} file from {@code integration-tests/js} (the {@code syncio.js.dir}
 * system property Surefire sets) against a server, streaming node's output to {@code System.out}.
 *
 * <pre>{@code
 * try (EchoServer server = EchoServer.start()) {
 *     NodeRunner.assertPasses("test/acks.test.mjs", Map.of("SYNC_URL", server.url()));
 * }
 * }</pre>
 *
 * The node executable is {@code node} on the PATH unless the {@code syncio.node} system property
 * names another one. To see the client's protocol traffic, pass
 * {@code -Dsyncio.js.debug='engine.io-client:*,socket.io-client:*'} (becomes node's {@code DEBUG}).
 */
public final class NodeRunner {

    /** How long a test file may run before it is killed and the test fails. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** What a finished node run produced. {@code timedOut} runs were killed; their exit code is meaningless. */
    public record Result(int exitCode, boolean timedOut, String output) {
    }

    private NodeRunner() {
    }

    /** The JavaScript project folder ({@code integration-tests/js}). */
    public static Path jsDir() {
        String dir = System.getProperty("syncio.js.dir");
        if (dir == null || dir.isBlank()) {
            fail("system property syncio.js.dir is not set (Surefire sets it to integration-tests/js; "
                    + "set it by hand when running from an IDE)");
        }
        Path path = Path.of(dir).toAbsolutePath();
        if (!Files.isDirectory(path.resolve("node_modules").resolve("socket.io-client"))) {
            fail("socket.io-client is not installed in " + path + ": run `npm ci` there (the Maven build does)");
        }
        return path;
    }

    /**
     * Runs {@code node --test --test-reporter=spec <testFile>} and asserts it exits with 0 within
     * {@link #DEFAULT_TIMEOUT}.
     *
     * @param testFile path relative to {@link #jsDir()}, e.g. {@code test/acks.test.mjs}
     * @param env      extra environment variables, e.g. {@code SYNC_URL} and tokens
     */
    public static Result assertPasses(String testFile, Map<String, String> env) {
        return assertPasses(testFile, env, DEFAULT_TIMEOUT);
    }

    /** As {@link #assertPasses(String, Map)} with another timeout. */
    public static Result assertPasses(String testFile, Map<String, String> env, Duration timeout) {
        Result result = run(testFile, env, timeout);
        if (result.timedOut()) {
            fail("node --test " + testFile + " did not finish within " + timeout + " and was killed; output:\n"
                    + result.output());
        }
        assertEquals(0, result.exitCode(), () -> "node --test " + testFile + " failed; output:\n" + result.output());
        return result;
    }

    /**
     * Runs {@code node --test --test-reporter=spec <testFile>} in {@link #jsDir()} with the extra
     * environment, copying each output line (stdout and stderr merged) to {@code System.out} as it
     * comes. A run still going after {@code timeout} is killed with its child processes.
     */
    public static Result run(String testFile, Map<String, String> env, Duration timeout) {
        return runNode(List.of("--test", "--test-reporter=spec", testFile), env, timeout);
    }

    /** Runs node with arbitrary arguments in {@link #jsDir()}; see {@link #run}. */
    public static Result runNode(List<String> args, Map<String, String> env, Duration timeout) {
        Path dir = jsDir();
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("syncio.node", "node"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("NO_COLOR", "1");
        String debug = System.getProperty("syncio.js.debug");
        if (debug != null && !debug.isBlank()) {
            builder.environment().put("DEBUG", debug);
        }
        builder.environment().putAll(env);

        String label = "[node " + String.join(" ", args) + "] ";
        System.out.println(label + "starting in " + dir + " with " + env.keySet());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command + " (is node 20+ on the PATH?)", e);
        }
        StringBuffer output = new StringBuffer();
        Thread pump = new Thread(() -> copyLines(process, label, output), "node-output");
        pump.setDaemon(true);
        pump.start();

        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for node", e);
        }
        if (!finished) {
            System.out.println(label + "timed out after " + timeout + "; killing it");
            kill(process);
        }
        try {
            pump.join(TimeUnit.SECONDS.toMillis(5)); // the rest of the output after exit
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int exit = finished ? process.exitValue() : -1;
        System.out.println(label + (finished ? "exited with " + exit : "killed"));
        return new Result(exit, !finished, output.toString());
    }

    private static void copyLines(Process process, String label, StringBuffer output) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                System.out.println(label + line);
                output.append(line).append('\n');
            }
        } catch (IOException e) {
            output.append("[output lost: ").append(e).append("]\n");
        }
    }

    /** Kills node and the test processes {@code node --test} spawned. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
