package dev.syncio.emit;

import java.util.Collection;

/** The sockets of this node that a target can reach. Internal. */
public interface LocalMembers {

    /** The sockets in a room of a namespace (a live view or a snapshot); empty when none. */
    Collection<? extends Recipient> members(String namespace, String room);

    /** Every socket of a namespace; empty when the namespace does not exist here. */
    Collection<? extends Recipient> all(String namespace);
}
