// The orders as the server last confirmed them, one version per order. No DOM.

/** The flags a click can change, in the table's order. */
export const FLAGS = ["paid", "produced", "shipped"];

/**
 * Holds the newest confirmed state of each order. Confirmations come from two places that can
 * arrive in any order (a PATCH response and the `resource:changed` event of the same change, a
 * refetch and an event that overtakes it): whichever has the higher `version` wins, and one whose
 * version is not higher than what is held is dropped.
 */
export class OrderBook {
  constructor() {
    this.orders = new Map(); // id -> order
  }

  /** Takes `order` unless the one held is as new or newer; true when taken. */
  offer(order) {
    if (!order || typeof order.id !== "string" || typeof order.version !== "number") return false;
    const held = this.orders.get(order.id);
    if (held && held.version >= order.version) return false;
    this.orders.set(order.id, order);
    return true;
  }

  get(id) {
    return this.orders.get(id);
  }

  /** The orders by number. */
  list() {
    return [...this.orders.values()].sort((a, b) => a.number.localeCompare(b.number) || a.id.localeCompare(b.id));
  }
}
