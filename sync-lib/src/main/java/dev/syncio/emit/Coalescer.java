package dev.syncio.emit;

import dev.syncio.event.Payloads;

/**
 * Where {@code resource:changed} events of coalesced topics wait to go out together as one
 * {@code topic:batch}. Internal.
 */
@FunctionalInterface
public interface Coalescer {

    /** Coalesces nothing: every change goes out at once. */
    Coalescer NONE = (target, change) -> false;

    /**
     * Takes a change to send later in a batch; false when the change is not for a coalesced topic
     * (or not to the topic alone), and must go out now.
     */
    boolean hold(Target target, Payloads.ResourceChanged change);
}
