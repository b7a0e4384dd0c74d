package dev.syncio.cluster;

import org.slf4j.Logger;

import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether Redis is reachable, as one component last saw it, logged once per change: a WARN when
 * an outage begins and an INFO when it ends, never one line per failed command (a node that
 * publishes thousands of events a second would otherwise flood its log while Redis is down).
 * Messages name the component and the error's class and message, never credentials: Redisson's
 * errors name the server address, not the password.
 * <p>
 * Only a command issued during the outage can end it: a reply to one sent before it began says
 * nothing about now, and would make the state (and the log) flap.
 */
final class Outage {

    private final Logger log;
    private final String what;
    private final String meanwhile;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong outages = new AtomicLong();

    /**
     * @param log       the component's logger
     * @param what      the component, e.g. "cluster bus"
     * @param meanwhile what it does until Redis is back, for the WARN line
     */
    Outage(Logger log, String what, String meanwhile) {
        this.log = log;
        this.what = what;
        this.meanwhile = meanwhile;
    }

    boolean active() {
        return down.get();
    }

    /** Taken when a command is issued, and given back to {@link #succeeded(long)} with its reply. */
    long epoch() {
        return outages.get();
    }

    /** A command failed; returns true if that began an outage (and logged it). */
    boolean failed(Throwable error) {
        if (down.compareAndSet(false, true)) {
            outages.incrementAndGet();
            log.warn("{}: Redis unreachable ({}); {}", what, describe(error), meanwhile);
            return true;
        }
        log.debug("{}: Redis still unreachable ({})", what, describe(error));
        return false;
    }

    /**
     * A command succeeded; returns true if that ended an outage (and logged it).
     *
     * @param issuedAt {@link #epoch()} when the command was issued
     */
    boolean succeeded(long issuedAt) {
        if (down.get() && outages.get() == issuedAt && down.compareAndSet(true, false)) {
            log.info("{}: Redis reachable again", what);
            return true;
        }
        return false;
    }

    /**
     * The error's class and the start of its message, and its root cause's ("Unexpected exception
     * while processing command" says little; "ConnectException: Connection refused" does).
     * Redisson's timeout messages go on to list the command's parameters, which may hold user
     * data: they are cut there.
     */
    static String describe(Throwable error) {
        Throwable top = error;
        while (top instanceof CompletionException && top.getCause() != null) {
            top = top.getCause();
        }
        Throwable root = top;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = brief(top);
        return root == top ? text : text + ", caused by " + brief(root);
    }

    private static String brief(Throwable error) {
        String message = String.valueOf(error.getMessage());
        int end = message.indexOf(", command:");
        if (end >= 0) {
            message = message.substring(0, end);
        }
        if (message.length() > 160) {
            message = message.substring(0, 160) + "...";
        }
        return error.getClass().getSimpleName() + ": " + message;
    }
}
