// Small helpers without DOM.

/** A random UUID; `crypto.randomUUID` exists only in secure contexts (https, localhost). */
export function newClientMessageId() {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Remembers the last `capacity` ids; `firstTime(id)` is true once per id. */
export class RecentIds {
  constructor(capacity = 2000) {
    this.capacity = capacity;
    this.ids = new Set();
  }

  firstTime(id) {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value);
    return true;
  }
}

/** Calls `fn` at most once per `intervalMs`; `reset()` lets the next call through. */
export function throttle(fn, intervalMs) {
  let last = 0;
  const throttled = (...args) => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    fn(...args);
  };
  throttled.reset = () => {
    last = 0;
  };
  return throttled;
}
