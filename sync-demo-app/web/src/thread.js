// The loaded messages of one conversation, oldest first: stored messages and the user's own
// pending ones (optimistic, keyed by clientMessageId), with no duplicates.

const byTimeThenId = (a, b) =>
  Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class Thread {
  constructor() {
    /** Stored messages, oldest first. */
    this.stored = [];
    /** Own messages not acknowledged yet, in sending order: {clientMessageId, text, senderId, createdAt, state}. */
    this.pending = [];
    this.hasMore = false;
    this.loaded = false;
    this.loadingOlder = false;
  }

  /** Everything to show, oldest first; pending messages last. */
  get messages() {
    return [...this.stored, ...this.pending];
  }

  get oldestId() {
    return this.stored[0]?.id;
  }

  /** The first page (or a refetch): keeps pending messages and stored ones newer than the page. */
  reset(messages, hasMore) {
    const newestFetched = messages.at(-1);
    const newer = newestFetched ? this.stored.filter((m) => byTimeThenId(m, newestFetched) > 0) : this.stored;
    this.stored = [];
    this.hasMore = hasMore;
    this.loaded = true;
    for (const message of [...messages, ...newer]) this.add(message);
  }

  /** Older messages from `before=<oldestId>`. */
  addOlder(messages, hasMore) {
    this.hasMore = hasMore;
    for (const message of messages) this.add(message);
  }

  /**
   * Adds or updates a stored message; an own pending message with the same clientMessageId is
   * replaced by it. Returns false when it was already there unchanged.
   */
  add(message) {
    if (message.clientMessageId) {
      this.pending = this.pending.filter(
        (p) => !(p.clientMessageId === message.clientMessageId && p.senderId === message.senderId));
    }
    const index = this.stored.findIndex((m) => m.id === message.id);
    if (index >= 0) {
      if (this.stored[index].text === message.text) return false;
      this.stored[index] = message;
      return true;
    }
    // usually the newest: insert from the end
    let at = this.stored.length;
    while (at > 0 && byTimeThenId(this.stored[at - 1], message) > 0) at -= 1;
    this.stored.splice(at, 0, message);
    return true;
  }

  addPending(pending) {
    this.pending.push({ ...pending, state: "pending" });
  }

  /** Marks a pending message "pending" or "failed". */
  setPendingState(clientMessageId, state) {
    const pending = this.pending.find((p) => p.clientMessageId === clientMessageId);
    if (pending) pending.state = state;
    return pending;
  }

  has(messageId) {
    return this.stored.some((m) => m.id === messageId);
  }

  /** The newest stored message not sent by `userId`. */
  newestFromOthers(userId) {
    for (let i = this.stored.length - 1; i >= 0; i -= 1) {
      if (this.stored[i].senderId !== userId) return this.stored[i];
    }
    return undefined;
  }
}
