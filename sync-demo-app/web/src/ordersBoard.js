// The orders board once logged in: the table kept in step with the server through the topic
// "orders", changes sent over REST, and the connection indicator.
import { openConnection } from "./connection.js";
import { OrderBook } from "./orderBook.js";
import { createConnectionStatus } from "./ui/connectionStatus.js";
import { createOrderForm } from "./ui/orderForm.js";
import { createOrderTable } from "./ui/orderTable.js";

const TOPIC = "orders";
/** How long a notice (a conflict, a failed change) stays. */
const NOTICE_MS = 6_000;

/**
 * Starts the board for a logged-in user.
 *
 * What the table shows is only ever what the server confirmed: a click sends the change with the
 * version it is based on and leaves the box as it was; the PATCH response or the `resource:changed`
 * event, whichever is newer by version, changes it. A refused change (409: someone else changed the
 * order first) shows a notice and refetches.
 *
 * On every connection that did not recover its session (the first, or after the server's recovery
 * window passed) the page subscribes again and refetches the list; a recovered one gets the missed
 * changes replayed, so it fetches nothing.
 *
 * @param el `{connectionStatus, reconnectButton, tableBody, notice, createForm, createError}`
 * @returns {stop()}
 */
export function startOrdersBoard({ api, token, url, el, onSessionEnded }) {
  const book = new OrderBook();
  const pending = new Set(); // ids with a PATCH on the way
  const lifetime = new AbortController();
  const { signal } = lifetime;
  let noticeTimer = null;
  let connection = null;

  const status = createConnectionStatus(
    { indicator: el.connectionStatus, reconnectButton: el.reconnectButton },
    { onReconnect: () => connection?.reconnectNow(), signal });
  const table = createOrderTable(el.tableBody, { onToggle: toggle, signal });
  createOrderForm({ form: el.createForm, error: el.createError }, {
    async onCreate(number, customer) {
      take(await api.createOrder(number, customer));
    },
    signal,
  });

  const render = () => table.render(book.list(), pending);

  function take(order) {
    if (book.offer(order)) render();
  }

  function notify(text) {
    clearTimeout(noticeTimer);
    el.notice.textContent = text;
    el.notice.hidden = !text;
    if (text) noticeTimer = setTimeout(() => notify(""), NOTICE_MS);
  }

  async function refetch() {
    try {
      for (const order of await api.orders()) book.offer(order);
      render();
    } catch (error) {
      if (error.status !== 401) notify(`Could not load the orders: ${error.message}`);
    }
  }

  async function toggle(order, flag) {
    if (pending.has(order.id)) return;
    pending.add(order.id);
    render();
    try {
      take(await api.updateOrder(order.id, { [flag]: !order[flag] }, order.version));
    } catch (error) {
      if (error.code === "conflict") {
        notify(`Order ${order.number} was changed by someone else meanwhile: showing the latest.`);
        await refetch();
      } else if (error.status !== 401) {
        notify(`Could not change order ${order.number}: ${error.message}`);
      }
    } finally {
      pending.delete(order.id);
      render();
    }
  }

  function onEvent(name, event) {
    const changes = name === "topic:batch" ? event.events ?? [] : [event];
    for (const change of changes) {
      if (change?.topic === TOPIC && change.resource === "order") take(change.data);
    }
  }

  async function onConnect({ recovered }) {
    status.connected(recovered);
    if (recovered) return; // the server replays what this page missed
    try {
      const ack = await connection.request("subscribe", { topic: TOPIC });
      if (!ack?.ok) notify(`Live updates are off: ${ack?.error?.message ?? "subscribe refused"}`);
    } catch (error) {
      // no ack in time: the connection dropped again; the next connect subscribes again
      console.warn("subscribe got no answer", error);
    }
    // after subscribing: a change stored meanwhile is in the list or comes as an event (or both)
    await refetch();
  }

  connection = openConnection({
    url,
    token,
    events: ["resource:changed", "topic:batch"],
    onState: (state) => status.show(state),
    onConnect,
    onDisconnect: () => {},
    onEvent,
    onSessionEnded,
  });

  return {
    stop() {
      lifetime.abort();
      clearTimeout(noticeTimer);
      connection.close();
      status.show("connecting");
      el.tableBody.replaceChildren();
    },
  };
}
