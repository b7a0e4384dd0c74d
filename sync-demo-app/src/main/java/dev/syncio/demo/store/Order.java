package dev.syncio.demo.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An order on the demo's orders board: three steps a team ticks off, and a version for optimistic
 * locking (every change adds one; a writer names the version it saw).
 *
 * @param id        server-generated id ({@code o_...})
 * @param number    the order number people use ({@code "A-1001"}), unique
 * @param customer  who ordered
 * @param paid      whether it is paid
 * @param produced  whether it is produced
 * @param shipped   whether it is shipped
 * @param version   1 when created, one more on every change
 * @param updatedAt when it last changed
 */
public record Order(String id, String number, String customer, boolean paid, boolean produced, boolean shipped,
                    long version, Instant updatedAt) {

    /** Validates. */
    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
