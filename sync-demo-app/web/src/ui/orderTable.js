// The orders table: one row per order with its paid/produced/shipped checkboxes. A click never
// ticks a box by itself: it is cancelled at once and reported as `onToggle(order, flag)`; the box
// changes when the next render brings the server's answer.
import { FLAGS } from "../orderBook.js";
import { h, placeChildren } from "./dom.js";

const LABELS = { paid: "Paid", produced: "Produced", shipped: "Shipped" };

export function createOrderTable(body, { onToggle, signal }) {
  const rows = new Map(); // order id -> {row, boxes, version}
  let current = new Map(); // order id -> order, as last rendered

  body.addEventListener("click", (event) => {
    const box = event.target.closest?.("input[type=checkbox][data-flag]");
    if (!box) return;
    // undo the browser's toggle: the box shows what the server confirmed, nothing else
    event.preventDefault();
    const order = current.get(box.closest("tr").dataset.id);
    if (order && !box.disabled) onToggle(order, box.dataset.flag);
  }, { signal });

  function rowFor(order) {
    let entry = rows.get(order.id);
    if (entry) return entry;
    const boxes = Object.fromEntries(FLAGS.map((flag) => [flag, h("input", {
      type: "checkbox",
      "data-testid": `order-${flag}`,
      "data-flag": flag,
      "aria-label": `${LABELS[flag]}: ${order.number}`,
    })]));
    const version = h("td", { class: "order-version", "data-testid": "order-version" });
    const row = h("tr", { "data-testid": "order-row", dataset: { id: order.id, number: order.number } },
      h("td", { class: "order-number", "data-testid": "order-number" }, order.number),
      h("td", { "data-testid": "order-customer" }, order.customer),
      FLAGS.map((flag) => h("td", { class: "order-flag" }, boxes[flag])),
      version);
    entry = { row, boxes, version };
    rows.set(order.id, entry);
    return entry;
  }

  return {
    /** Shows `orders` (confirmed state); `pending` ids have a change on the way (their boxes wait). */
    render(orders, pending) {
      current = new Map(orders.map((order) => [order.id, order]));
      placeChildren(body, orders.map((order) => {
        const { row, boxes, version } = rowFor(order);
        for (const flag of FLAGS) {
          boxes[flag].checked = order[flag] === true;
          boxes[flag].disabled = pending.has(order.id);
        }
        row.dataset.version = String(order.version);
        row.dataset.pending = String(pending.has(order.id));
        version.textContent = `v${order.version}`;
        return row;
      }));
    },
  };
}
