// Delivery ticks: what the other members reported with `message:status`. A receipt for one
// message also covers every earlier message of the conversation (reading the newest means
// having read the rest), so a message's tick is the best receipt at or after it.

export const STATUS_RANK = { sent: 1, delivered: 2, read: 3 };

export class Receipts {
  constructor() {
    /** messageId -> best status reported by another member */
    this.byMessage = new Map();
  }

  /** Records a receipt; returns true when it raised the message's status. */
  record(messageId, status) {
    if (!STATUS_RANK[status]) return false;
    const current = this.byMessage.get(messageId);
    if (current && STATUS_RANK[current] >= STATUS_RANK[status]) return false;
    this.byMessage.set(messageId, status);
    return true;
  }

  /**
   * The tick of each own stored message in `messages` (oldest first): Map messageId -> status.
   */
  ticks(messages, ownUserId) {
    const ticks = new Map();
    let carried = "sent";
    for (let i = messages.length - 1; i >= 0; i -= 1) {
      const message = messages[i];
      const receipt = this.byMessage.get(message.id) ?? message.status;
      if (receipt && STATUS_RANK[receipt] > STATUS_RANK[carried]) carried = receipt;
      if (message.senderId === ownUserId) ticks.set(message.id, carried);
    }
    return ticks;
  }
}
