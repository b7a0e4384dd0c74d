// The conversation list: title, presence dots, unread badge, last message (or who is typing).
import { h, placeChildren } from "./dom.js";

export function createConversationList(list, { onSelect, signal }) {
  const items = new Map(); // conversationId -> <li>

  list.addEventListener("click", (event) => {
    const button = event.target.closest("[data-conversation-id]");
    if (button) onSelect(button.dataset.conversationId);
  }, { signal });

  function itemFor(id) {
    let item = items.get(id);
    if (!item) {
      item = h("li", {}, h("button", { type: "button", class: "conversation", dataset: { testid: "conversation-item", conversationId: id } }));
      items.set(id, item);
    }
    return item;
  }

  /**
   * @param conversations [{id, title, unreadCount, lastMessage}] in display order
   * @param view          {openId, titleOf(c), previewOf(c) -> {text, typing}, onlineOthers(c) -> [{id, name}]}
   */
  function render(conversations, view) {
    const ids = new Set(conversations.map((c) => c.id));
    for (const id of items.keys()) if (!ids.has(id)) items.delete(id);

    placeChildren(list, conversations.map((conversation) => {
      const item = itemFor(conversation.id);
      const button = item.firstElementChild;
      const unread = conversation.unreadCount ?? 0;
      const preview = view.previewOf(conversation);
      const online = view.onlineOthers(conversation);
      const title = view.titleOf(conversation);
      button.setAttribute("aria-current", String(conversation.id === view.openId));
      button.dataset.title = title;
      button.setAttribute("aria-label",
        [title, unread ? `${unread} unread` : "", online.length ? `online: ${online.map((u) => u.name).join(", ")}` : "", preview.text]
          .filter(Boolean).join(", "));
      button.replaceChildren(
        h("span", { class: "conversation-title" },
          h("span", { class: "conversation-title-text", "data-testid": "conversation-title" }, title),
          online.map((u) => h("span", { class: "presence-dot", "data-testid": "presence-dot", title: `${u.name} is online`, dataset: { user: u.id } }))),
        unread > 0 ? h("span", { class: "unread-badge", "data-testid": "unread-badge" }, String(unread)) : h("span"),
        h("span", { class: `conversation-preview${preview.typing ? " is-typing" : ""}`, "data-testid": "conversation-preview" }, preview.text),
      );
      return item;
    }));
  }

  return { render };
}
