package dev.syncio.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a child process's output (a node started in its own JVM): waits for the line that says it
 * is ready, and keeps draining the output afterwards so the child never blocks on a full pipe.
 */
public final class ProcessOutput {

    private ProcessOutput() {
    }

    /**
     * Waits until a line of {@code process}'s output matches {@code ready} and returns the
     * pattern's first group as a number (a port); fails when the process ends first or after
     * {@code seconds}.
     */
    public static int awaitNumber(Process process, Pattern ready, long seconds) throws Exception {
        CompletableFuture<Integer> found = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher matcher = ready.matcher(line);
                    if (!found.isDone() && matcher.find()) {
                        found.complete(Integer.parseInt(matcher.group(1)));
                    }
                }
                found.completeExceptionally(new IllegalStateException("the process ended before printing " + ready));
            } catch (IOException e) {
                found.completeExceptionally(e);
            }
        }, "child-process-output");
        drain.setDaemon(true);
        drain.start();
        return found.get(seconds, TimeUnit.SECONDS);
    }
}
