// The open conversation's messages: bubbles with time and ticks, scrolled to the newest;
// scrolling to the top asks for older ones.
import { h, placeChildren, formatTime } from "./dom.js";

const NEAR_EDGE_PX = 80;

const TICKS = {
  pending: { symbol: "\u{1F552}", label: "Sending" },
  failed: { symbol: "!", label: "Not sent" },
  sent: { symbol: "\u2713", label: "Sent" },
  delivered: { symbol: "\u2713\u2713", label: "Delivered" },
  read: { symbol: "\u2713\u2713", label: "Read" },
};

/** One element per message; the acked message keeps the element of its pending version. */
const keyOf = (m) => (m.clientMessageId ? `c:${m.senderId}:${m.clientMessageId}` : `m:${m.id}`);

export function createMessageView({ scroller, list, loadingNote }, { onNearTop, onRetry, signal }) {
  let items = new Map(); // key -> <li>

  scroller.addEventListener("scroll", () => {
    if (scroller.scrollTop < NEAR_EDGE_PX) onNearTop();
  }, { passive: true, signal });

  list.addEventListener("click", (event) => {
    const retry = event.target.closest("[data-retry]");
    if (retry) onRetry(retry.dataset.retry);
  }, { signal });

  function isNearBottom() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_EDGE_PX;
  }

  function messageItem(message, { me, tick, senderName }) {
    const own = message.senderId === me;
    const state = message.state; // "pending" | "failed" for unacknowledged own messages
    const status = state ?? (own ? tick ?? "sent" : null);
    const classes = ["message", own ? "own" : "other", state].filter(Boolean).join(" ");
    return h("li", {
      class: classes,
      "data-testid": "message-item",
      dataset: {
        messageId: message.id,
        clientMessageId: message.clientMessageId,
        sender: message.senderId,
        pending: state ? "true" : undefined,
      },
    },
    h("div", { class: "bubble" },
      senderName && !own ? h("span", { class: "message-sender" }, senderName) : null,
      h("p", { class: "message-text", "data-testid": "message-text" }, message.text),
      h("span", { class: "message-meta" },
        h("time", { datetime: message.createdAt }, formatTime(message.createdAt)),
        status ? h("span", {
          class: "tick",
          "data-testid": "message-tick",
          "data-status": status,
          role: "img",
          "aria-label": TICKS[status].label,
          title: TICKS[status].label,
        }, TICKS[status].symbol) : null)),
    state === "failed"
      ? h("button", { type: "button", class: "button button-small button-quiet message-retry", "data-testid": "message-retry", dataset: { retry: message.clientMessageId } }, "Retry")
      : null);
  }

  /**
   * @param messages oldest first
   * @param context  {me, ticks: Map messageId -> status, nameOf(userId), showSenders}
   * @param scroll   "auto" (follow the bottom if already there), "bottom", or "older" (keep the view still)
   */
  function render(messages, context, scroll = "auto") {
    const followBottom = scroll === "bottom" || (scroll === "auto" && isNearBottom());
    const previousHeight = scroller.scrollHeight;
    const previousTop = scroller.scrollTop;

    const next = new Map();
    const elements = messages.map((message) => {
      const key = keyOf(message);
      const fresh = messageItem(message, {
        me: context.me,
        tick: context.ticks.get(message.id),
        senderName: context.showSenders ? context.nameOf(message.senderId) : null,
      });
      const existing = items.get(key);
      const element = existing && existing.outerHTML === fresh.outerHTML ? existing : fresh;
      next.set(key, element);
      return element;
    });
    items = next;
    placeChildren(list, elements);

    if (followBottom) scroller.scrollTop = scroller.scrollHeight;
    else if (scroll === "older") scroller.scrollTop = previousTop + (scroller.scrollHeight - previousHeight);
  }

  return {
    render,
    isNearBottom,
    /** Whether the messages fill the view (else there is no scrolling to trigger loading older ones). */
    fillsView: () => scroller.scrollHeight > scroller.clientHeight + NEAR_EDGE_PX,
    setLoadingOlder(loading) {
      loadingNote.hidden = !loading;
    },
    clear() {
      items = new Map();
      list.replaceChildren();
    },
  };
}
