// The chat once logged in: conversations, the open thread, live events and the connection.
import { openConnection } from "./connection.js";
import { Receipts, STATUS_RANK } from "./receipts.js";
import { Thread } from "./thread.js";
import { newClientMessageId, RecentIds } from "./util.js";
import { createComposer } from "./ui/composer.js";
import { createConnectionStatus } from "./ui/connectionStatus.js";
import { createConversationList } from "./ui/conversationList.js";
import { createMessageView } from "./ui/messageView.js";
import { h } from "./ui/dom.js";

const PAGE_SIZE = 30;
/** How long a send may wait for its ack (also while offline: the client buffers it) before "Retry". */
const SEND_TIMEOUT_MS = 10_000;
/** Forget a "typing" that was never ended (the server ends them after 6 s; this covers lost events). */
const TYPING_EXPIRY_MS = 8_000;

/**
 * Starts the chat for a logged-in user.
 *
 * @param api            from createApi
 * @param user           {id, name}
 * @param token          the login token, for the socket
 * @param url            the Socket.IO server
 * @param el             the page's elements (see app.js)
 * @param onSessionEnded (reason) when the server no longer accepts the token
 * @returns {stop()}
 */
export function startChat({ api, user, token, url, el, onSessionEnded }) {
  const me = user;
  const names = new Map([[me.id, me.name]]);
  const conversations = new Map(); // id -> {id, title, type, memberIds, lastMessage, unreadCount}
  const threads = new Map(); // conversationId -> Thread (loaded once opened)
  const receipts = new Receipts();
  const presence = new Map(); // conversationId -> Set of online user ids
  const typing = new Map(); // conversationId -> Map userId -> expiry timer
  const joined = new Set(); // conversations joined on the current connection
  // what the connection that dropped had (joined conversations, presence): back as it was when the
  // next connection recovers its session, dropped when it does not
  let lastConnection = null;
  const reported = new Map(); // messageId -> highest status this page reported
  const seenMessages = new RecentIds();
  let openId = null;
  let connection = null;
  let listLoaded = false;
  const lifetime = new AbortController(); // removes every listener on stop()
  const { signal } = lifetime;

  // ---- views ----

  const status = createConnectionStatus(
    { indicator: el.connectionStatus, reconnectButton: el.reconnectButton },
    { onReconnect: () => connection?.reconnectNow(), signal });
  const list = createConversationList(el.conversationList, { onSelect: openConversation, signal });
  const messageView = createMessageView(
    { scroller: el.messages, list: el.messageList, loadingNote: el.messagesMore },
    { onNearTop: loadOlder, onRetry: retry, signal });
  const composer = createComposer(
    { form: el.composer, input: el.composerInput, sendButton: el.composer.querySelector("[type=submit]") },
    {
      onSend: send,
      onTypingStart: () => openId && connection?.notify("typing_start", { conversationId: openId }),
      onTypingStop: () => openId && connection?.notify("typing_stop", { conversationId: openId }),
      signal,
    });

  const nameOf = (userId) => names.get(userId) ?? userId;
  const othersIn = (c) => (c.memberIds ?? []).filter((id) => id !== me.id);
  const titleOf = (c) => c.title || othersIn(c).map(nameOf).join(", ") || "Just you";
  const isGroup = (c) => c.type === "group" || othersIn(c).length > 1;
  const viewing = (conversationId) => conversationId === openId && document.visibilityState === "visible";

  function typingText(conversationId) {
    const who = [...(typing.get(conversationId)?.keys() ?? [])].map(nameOf);
    if (who.length === 0) return "";
    if (who.length === 1) return `${who[0]} is typing...`;
    if (who.length === 2) return `${who[0]} and ${who[1]} are typing...`;
    return "Several people are typing...";
  }

  function onlineOthers(c) {
    const online = presence.get(c.id) ?? new Set();
    return [...online].filter((id) => id !== me.id).map((id) => ({ id, name: nameOf(id) }));
  }

  function renderList() {
    const time = (c) => (c.lastMessage ? Date.parse(c.lastMessage.createdAt) : 0);
    const ordered = [...conversations.values()]
      .sort((a, b) => time(b) - time(a) || titleOf(a).localeCompare(titleOf(b)));
    list.render(ordered, {
      openId,
      titleOf,
      onlineOthers,
      previewOf(c) {
        const typingNow = typingText(c.id);
        if (typingNow) return { text: typingNow, typing: true };
        const last = c.lastMessage;
        if (!last) return { text: "No messages yet", typing: false };
        const who = last.senderId === me.id ? "You" : nameOf(last.senderId);
        return { text: `${who}: ${last.text}`, typing: false };
      },
    });
  }

  function renderHeader() {
    const c = conversations.get(openId);
    el.threadTitle.textContent = c ? titleOf(c) : "Pick a conversation";
    if (!c) {
      el.threadMembers.replaceChildren();
      return;
    }
    const online = presence.get(c.id) ?? new Set();
    el.threadMembers.replaceChildren(...othersIn(c).flatMap((id, index) => [
      index ? ", " : "",
      h("span", {
        class: online.has(id) ? "member-online" : "member-offline",
        "data-testid": "member",
        dataset: { user: id, online: String(online.has(id)) },
      }, `${nameOf(id)}${online.has(id) ? " (online)" : ""}`),
    ]));
  }

  function renderTyping() {
    el.typingIndicator.textContent = openId ? typingText(openId) : "";
  }

  function renderMessages(scroll = "auto") {
    const thread = threads.get(openId);
    if (!thread) return;
    const c = conversations.get(openId);
    const messages = thread.messages;
    messageView.render(messages, {
      me: me.id,
      ticks: receipts.ticks(thread.stored, me.id),
      nameOf,
      showSenders: c ? isGroup(c) : false,
    }, scroll);
  }

  function announce(text) {
    el.announcer.textContent = "";
    requestAnimationFrame(() => {
      el.announcer.textContent = text;
    });
  }

  // ---- conversations and threads ----

  function rememberNames(c) {
    for (const member of c.members ?? []) names.set(member.id, member.name ?? member.username ?? member.id);
  }

  async function loadConversations() {
    const fetched = await api.conversations();
    const next = new Map();
    for (const c of fetched) {
      const known = conversations.get(c.id)?.lastMessage;
      // a message that came live while the list was on its way is newer than the list's
      if (known && (!c.lastMessage || Date.parse(known.createdAt) > Date.parse(c.lastMessage.createdAt))) {
        c.lastMessage = known;
      }
      rememberNames(c);
      next.set(c.id, c);
    }
    conversations.clear();
    for (const [id, c] of next) conversations.set(id, c);
    listLoaded = true;
    if (openId && !conversations.has(openId)) closeConversation();
    renderList();
    renderHeader();
    // this device now has the newest message of each conversation
    for (const c of conversations.values()) {
      if (c.unreadCount > 0 && c.lastMessage && c.lastMessage.senderId !== me.id && !viewing(c.id)) {
        report(c.id, c.lastMessage.id, "delivered");
      }
    }
  }

  function threadFor(conversationId) {
    let thread = threads.get(conversationId);
    if (!thread) {
      thread = new Thread();
      threads.set(conversationId, thread);
    }
    return thread;
  }

  /** The newest page of a conversation (first open, or a refetch after a reconnect that lost events). */
  async function loadLatest(conversationId, scroll) {
    const page = await api.messages(conversationId, { limit: PAGE_SIZE });
    const thread = threadFor(conversationId);
    page.messages.forEach((m) => seenMessages.firstTime(m.id));
    thread.reset(page.messages, page.hasMore);
    if (conversationId !== openId) return;
    renderMessages(scroll);
    markRead();
    fillView();
  }

  async function loadOlder() {
    const conversationId = openId;
    const thread = threads.get(conversationId);
    if (!thread?.loaded || !thread.hasMore || thread.loadingOlder) return;
    thread.loadingOlder = true;
    messageView.setLoadingOlder(true);
    let loaded = false;
    try {
      const page = await api.messages(conversationId, { before: thread.oldestId, limit: PAGE_SIZE });
      page.messages.forEach((m) => seenMessages.firstTime(m.id));
      thread.addOlder(page.messages, page.hasMore);
      loaded = true;
    } catch (error) {
      console.warn("could not load older messages", error);
    } finally {
      thread.loadingOlder = false;
      if (conversationId === openId) {
        messageView.setLoadingOlder(false);
        renderMessages("older");
        if (loaded) fillView();
      }
    }
  }

  /** Loads older messages until the view can scroll (scrolling up is what asks for more). */
  function fillView() {
    if (!messageView.fillsView()) loadOlder();
  }

  function openConversation(conversationId) {
    if (!conversations.has(conversationId)) return;
    composer.show(true); // ends typing in the conversation left
    openId = conversationId;
    el.chat.classList.add("show-thread");
    messageView.clear();
    renderList();
    renderHeader();
    renderTyping();
    const thread = threads.get(conversationId);
    if (thread?.loaded) {
      renderMessages("bottom");
      markRead();
      fillView();
    } else {
      loadLatest(conversationId, "bottom").catch((error) => console.warn("could not load messages", error));
    }
    el.composerInput.focus();
  }

  function closeConversation() {
    composer.show(false);
    openId = null;
    el.chat.classList.remove("show-thread");
    messageView.clear();
    renderList();
    renderHeader();
    renderTyping();
  }

  // ---- receipts ----

  /** Tells the server this device received (`delivered`) or showed (`read`) a message, once. */
  function report(conversationId, messageId, status) {
    if ((STATUS_RANK[reported.get(messageId)] ?? 0) >= STATUS_RANK[status]) return;
    reported.set(messageId, status);
    api.setStatus(conversationId, messageId, status).catch((error) => {
      if (reported.get(messageId) === status) reported.delete(messageId);
      console.warn(`could not report ${status}`, error);
    });
  }

  /** The open conversation is on screen: its newest message from others is read. */
  function markRead() {
    if (!openId || !viewing(openId)) return;
    const c = conversations.get(openId);
    const newest = threads.get(openId)?.newestFromOthers(me.id);
    if (c?.unreadCount) {
      c.unreadCount = 0;
      renderList();
    }
    if (newest) report(openId, newest.id, "read");
  }

  // ---- sending ----

  function send(text) {
    if (!openId) return;
    const pending = {
      clientMessageId: newClientMessageId(),
      conversationId: openId,
      senderId: me.id,
      text,
      createdAt: new Date().toISOString(),
    };
    threadFor(openId).addPending(pending);
    renderMessages("bottom");
    deliver(pending);
  }

  function retry(clientMessageId) {
    const pending = threads.get(openId)?.pending.find((p) => p.clientMessageId === clientMessageId);
    if (pending) deliver(pending);
  }

  async function deliver({ clientMessageId, conversationId, text }) {
    const thread = threadFor(conversationId);
    thread.setPendingState(clientMessageId, "pending");
    if (conversationId === openId) renderMessages("auto");
    try {
      // the same clientMessageId on a retry: the server stores it once
      const ack = await connection.request("send_message", { conversationId, text, clientMessageId }, SEND_TIMEOUT_MS);
      if (!ack?.ok || !ack.message) throw new Error(ack?.error?.message ?? "not acknowledged");
      onMessage(ack.message);
    } catch (error) {
      console.warn("message not sent", error);
      if (thread.setPendingState(clientMessageId, "failed") && conversationId === openId) {
        renderMessages("auto");
        announce("Message not sent. Use Retry to send it again.");
      }
    }
  }

  // ---- live events ----

  function onMessage(message) {
    const c = conversations.get(message.conversationId);
    if (!c) {
      refreshConversations(); // a conversation we were just added to
      return;
    }
    const firstSeen = seenMessages.firstTime(message.id);
    const thread = threads.get(c.id);
    const changed = thread ? thread.add(message) : firstSeen;
    if (!changed) return;
    const fromOthers = message.senderId !== me.id;
    if (fromOthers) setTyping(c.id, message.senderId, false);
    if (!c.lastMessage || Date.parse(message.createdAt) >= Date.parse(c.lastMessage.createdAt)) c.lastMessage = message;

    if (c.id === openId) renderMessages(fromOthers ? "auto" : "bottom");
    if (fromOthers && firstSeen) {
      if (viewing(c.id)) {
        markRead();
      } else {
        c.unreadCount = (c.unreadCount ?? 0) + 1;
        report(c.id, message.id, "delivered");
      }
      announce(`${nameOf(message.senderId)} in ${titleOf(c)}: ${message.text}`);
    }
    renderList();
  }

  /** An edited message: shown where it is loaded, never counted as new. */
  function onMessageUpdated(message) {
    const c = conversations.get(message.conversationId);
    if (!c) return;
    const changed = threads.get(c.id)?.add(message);
    if (c.lastMessage?.id === message.id) c.lastMessage = message;
    if (changed && c.id === openId) renderMessages("auto");
    renderList();
  }

  function onStatus(event) {
    if (event.userId === me.id) {
      // read on another device of mine
      const c = conversations.get(event.conversationId);
      if (event.status === "read" && c?.unreadCount && c.lastMessage?.id === event.messageId) {
        c.unreadCount = 0;
        renderList();
      }
      return;
    }
    if (receipts.record(event.messageId, event.status) && event.conversationId === openId) renderMessages("auto");
  }

  function setTyping(conversationId, userId, isTyping) {
    if (userId === me.id) return;
    let users = typing.get(conversationId);
    if (!users) typing.set(conversationId, (users = new Map()));
    const wasTyping = users.has(userId);
    clearTimeout(users.get(userId));
    if (isTyping) users.set(userId, setTimeout(() => setTyping(conversationId, userId, false), TYPING_EXPIRY_MS));
    else users.delete(userId);
    if (wasTyping === isTyping) return;
    renderList();
    if (conversationId === openId) renderTyping();
  }

  function setPresence(conversationId, userId, online) {
    let users = presence.get(conversationId);
    if (!users) presence.set(conversationId, (users = new Set()));
    if (online) users.add(userId);
    else users.delete(userId);
    renderList();
    if (conversationId === openId) renderHeader();
  }

  function onEvent(name, event) {
    switch (name) {
      case "message:new":
        if (event.message) onMessage(event.message);
        break;
      case "message:updated":
        if (event.message) onMessageUpdated(event.message);
        break;
      case "message:status":
        onStatus(event);
        break;
      case "typing":
        setTyping(event.conversationId, event.userId, event.typing === true);
        break;
      case "presence":
        setPresence(event.conversationId, event.userId, event.online === true);
        break;
      case "conversation:updated":
        refreshConversations();
        break;
      default:
        break;
    }
  }

  // ---- connection ----

  async function join(conversationId) {
    joined.add(conversationId);
    try {
      const ack = await connection.request("join_conversation", { conversationId });
      if (!ack?.ok) throw new Error(ack?.error?.code ?? "refused");
      presence.set(conversationId, new Set(ack.online ?? []));
    } catch (error) {
      joined.delete(conversationId);
      console.warn(`could not join ${conversationId}`, error);
    }
  }

  /** Joins every listed conversation not joined on this connection yet (rooms belong to a connection). */
  async function joinAll() {
    await Promise.all([...conversations.keys()].filter((id) => !joined.has(id)).map(join));
    renderList();
    renderHeader();
  }

  function refreshConversations() {
    loadConversations().then(joinAll).catch((error) => console.warn("could not refresh conversations", error));
  }

  async function onConnect({ reconnect, recovered }) {
    status.connected(recovered);
    const before = lastConnection;
    lastConnection = null;
    if (recovered && before) {
      // the server gave back our rooms and replays what we missed right after this (message:new,
      // presence, ... in order): the page is as it was, nothing to fetch
      for (const id of before.joined) joined.add(id);
      for (const [id, users] of before.presence) presence.set(id, users);
      renderList();
      renderHeader();
      return;
    }
    try {
      await joinAll(); // first: from here on nothing is missed
      if (!reconnect && listLoaded) return;
      // a fresh session (or the first list failed to load): what happened meanwhile is only in the database
      for (const id of threads.keys()) if (id !== openId) threads.delete(id);
      await loadConversations();
      await joinAll();
      if (openId) await loadLatest(openId, "auto");
    } catch (error) {
      console.warn("could not catch up after reconnecting", error);
    }
  }

  function onDisconnect() {
    lastConnection = { joined: new Set(joined), presence: new Map(presence) };
    joined.clear();
    presence.clear();
    for (const users of typing.values()) for (const timer of users.values()) clearTimeout(timer);
    typing.clear();
    renderList();
    renderHeader();
    renderTyping();
  }

  document.addEventListener("visibilitychange", markRead, { signal });
  el.backButton.addEventListener("click", closeConversation, { signal });

  // ---- start ----

  composer.show(false);
  status.show("connecting");
  loadConversations()
    .catch((error) => console.warn("could not load conversations", error))
    .finally(() => {
      if (signal.aborted) return;
      connection = openConnection({
        url,
        token,
        onState: (state) => status.show(state),
        onConnect,
        onDisconnect,
        onEvent,
        onSessionEnded,
      });
    });

  return {
    stop() {
      lifetime.abort();
      connection?.close();
      connection = null;
      onDisconnect();
      closeConversation();
      conversations.clear();
      threads.clear();
      renderList();
    },
  };
}
