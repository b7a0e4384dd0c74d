// Broadcast to all sockets: every client receives each broadcast exactly once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { WAIT_MS, withSockets } from "./helpers.mjs";

/**
 * Records every 'broadcast' event the socket receives; `until(tag)` resolves when one whose first
 * argument is `tag` arrives (rejects after WAIT_MS).
 */
function record(socket) {
  const seen = [];
  const waiters = [];
  socket.on("broadcast", (...args) => {
    seen.push(args);
    for (const w of waiters.filter((w) => w.tag === args[0])) w.done();
  });
  const until = (tag) =>
    new Promise((resolve, reject) => {
      if (seen.some((args) => args[0] === tag)) return resolve();
      const timer = setTimeout(() => reject(new Error(`no broadcast '${tag}' within ${WAIT_MS} ms; seen ${JSON.stringify(seen)}`)), WAIT_MS);
      waiters.push({ tag, done: () => { clearTimeout(timer); resolve(); } });
    });
  return { seen, until };
}

for (const [name, optsA, optsB] of [
  ["websocket + websocket", { transports: ["websocket"] }, { transports: ["websocket"] }],
  ["websocket + polling", { transports: ["websocket"] }, { transports: ["polling"], upgrade: false }],
]) {
  test(`two clients both receive a broadcast exactly once (${name})`, { timeout: 20_000 }, async () => {
    await withSockets([optsA, optsB], async (a, b) => {
      assert.notEqual(a.id, b.id);
      const ra = record(a);
      const rb = record(b);

      a.emit("broadcast", "first", { from: "a" });
      await Promise.all([ra.until("first"), rb.until("first")]);

      // the server handles a's second broadcast after the first one was written to every socket,
      // so once 'barrier' arrives any duplicate of 'first' would have arrived before it
      a.emit("broadcast", "barrier");
      await Promise.all([ra.until("barrier"), rb.until("barrier")]);

      const expected = [["first", { from: "a" }], ["barrier"]];
      assert.deepEqual(ra.seen, expected, "sender");
      assert.deepEqual(rb.seen, expected, "other client");
    });
  });
}
