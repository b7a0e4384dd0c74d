package dev.syncio.demo.orders;

import dev.syncio.demo.chat.LiveUpdates;
import dev.syncio.demo.store.Database;
import dev.syncio.demo.store.DuplicateKeyException;
import dev.syncio.demo.store.Ids;
import dev.syncio.demo.store.Order;
import dev.syncio.demo.store.OrderStore;
import dev.syncio.event.ChangeAction;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The orders board: listing, creating and ticking off orders. Every change is stored in a
 * transaction first and announced after the commit as {@code resource:changed} on the topic
 * {@value #TOPIC}, with the order's new version, so that a client never sees a change the
 * database does not have, and can drop one older than what it holds.
 */
public final class Orders {

    /** The topic the board's changes go to (and that every logged-in user may subscribe to). */
    public static final String TOPIC = "orders";
    /** The resource name in {@code resource:changed}. */
    public static final String RESOURCE = "order";
    /** The longest accepted order number. */
    public static final int MAX_NUMBER = 32;
    /** The longest accepted customer name. */
    public static final int MAX_CUSTOMER = 200;

    /**
     * What a writer wants changed; null flags stay as they are.
     *
     * @param paid     the new paid flag, or null
     * @param produced the new produced flag, or null
     * @param shipped  the new shipped flag, or null
     * @param version  the version the writer saw (the change is refused unless it is current)
     */
    public record Change(Boolean paid, Boolean produced, Boolean shipped, long version) {
    }

    private final Database database;
    private final OrderStore orders;
    private final LiveUpdates live;
    private final Ids ids;
    private final Clock clock;

    /** The board on this store, announcing through {@code live}. */
    public Orders(Database database, OrderStore orders, LiveUpdates live, Ids ids, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.orders = Objects.requireNonNull(orders, "orders");
        this.live = Objects.requireNonNull(live, "live");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every order. */
    public List<Order> list() {
        return database.read(orders::list);
    }

    /**
     * Stores a new order (version 1, nothing ticked off) and announces it ({@code created}).
     *
     * @throws OrderException {@code INVALID} for a blank or too long number or customer,
     *                        {@code CONFLICT} when the number is taken
     */
    public Order create(String number, String customer) {
        Order order = new Order(ids.next("o_"), text(number, "number", MAX_NUMBER),
                text(customer, "customer", MAX_CUSTOMER), false, false, false, 1, now());
        try {
            database.transaction(c -> {
                orders.insert(c, order);
                return null;
            });
        } catch (DuplicateKeyException e) {
            throw new OrderException(OrderException.Kind.CONFLICT, "an order numbered " + order.number() + " exists");
        }
        live.topicChanged(TOPIC, RESOURCE, ChangeAction.CREATED, order.id(), order, order.version());
        return order;
    }

    /**
     * Applies {@code change} when the order is still at {@code change.version()}, and announces the
     * result ({@code updated}).
     *
     * @return the order as stored now (one version on)
     * @throws OrderException {@code INVALID} when no flag is given or the version is not positive,
     *                        {@code NOT_FOUND} for an unknown id, {@code CONFLICT} when the order is
     *                        at another version (nothing is stored or announced then)
     */
    public Order update(String id, Change change) {
        Objects.requireNonNull(change, "change");
        if (change.paid() == null && change.produced() == null && change.shipped() == null) {
            throw new OrderException(OrderException.Kind.INVALID, "one of paid, produced, shipped is required");
        }
        if (change.version() < 1) {
            throw new OrderException(OrderException.Kind.INVALID, "version must be at least 1");
        }
        Order updated = database.transaction(c -> {
            Order current = orders.find(c, id).orElseThrow(() -> notFound(id));
            if (current.version() != change.version()) {
                throw conflict(current, change.version());
            }
            OrderStore.Flags flags = new OrderStore.Flags(
                    Objects.requireNonNullElse(change.paid(), current.paid()),
                    Objects.requireNonNullElse(change.produced(), current.produced()),
                    Objects.requireNonNullElse(change.shipped(), current.shipped()));
            Optional<Order> stored = orders.update(c, id, change.version(), flags, now());
            if (stored.isEmpty()) {
                // changed between our read and our update by a concurrent writer that won
                throw conflict(orders.find(c, id).orElseThrow(() -> notFound(id)), change.version());
            }
            return stored.get();
        });
        live.topicChanged(TOPIC, RESOURCE, ChangeAction.UPDATED, updated.id(), updated, updated.version());
        return updated;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String text(String value, String field, int max) {
        String clean = value == null ? "" : value.strip();
        if (clean.isEmpty()) {
            throw new OrderException(OrderException.Kind.INVALID, field + " is required and must not be blank");
        }
        if (clean.length() > max) {
            throw new OrderException(OrderException.Kind.INVALID, field + " is longer than " + max + " characters");
        }
        return clean;
    }

    private static OrderException notFound(String id) {
        return new OrderException(OrderException.Kind.NOT_FOUND, "no order " + id);
    }

    private static OrderException conflict(Order current, long seen) {
        return new OrderException(OrderException.Kind.CONFLICT, "order " + current.id() + " is at version "
                + current.version() + ", not " + seen + ": refetch it and try again");
    }
}
