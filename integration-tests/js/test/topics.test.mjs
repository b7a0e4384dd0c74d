// Topics with the real JavaScript client: subscribe and its acks, resource:changed, a topic:batch,
// recovery through a cuttable proxy and the refetch signal. Started by JavaScriptTopicsTest with
// SYNC_URL (coalescing `logs:` topics for 200 ms), SYNC_URL_SHORT_WINDOW (a 300 ms recovery window)
// and tokens for alice and bob. alice may subscribe to orders, prices and logs:job-1; bob to orders.
// Host events: `changes {topic, versions, tag}` emits a change of order o-1 per version, then acks;
// `revoke {userId, topic}` takes a user's grant away; `sessions` acks {connected, kept}.
import { test } from "node:test";
import assert from "node:assert/strict";
import { io } from "socket.io-client";
import { SYNC_URL, WAIT_MS, connect, connected, once, until } from "./helpers.mjs";
import { cuttableProxy, restoreAndReconnect } from "./proxy.mjs";

const SHORT_WINDOW_URL = process.env.SYNC_URL_SHORT_WINDOW;
const ALICE = process.env.SYNC_TOKEN_ALICE;
const BOB = process.env.SYNC_TOKEN_BOB;
const skip = !SYNC_URL || !SHORT_WINDOW_URL || !ALICE || !BOB
  ? "needs SYNC_URL, SYNC_URL_SHORT_WINDOW, SYNC_TOKEN_ALICE and SYNC_TOKEN_BOB (set by JavaScriptTopicsTest)"
  : false;

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** emitWithAck with a failure guard; resolves with the (single) ack argument. */
function call(socket, event, ...args) {
  return socket.timeout(WAIT_MS).emitWithAck(event, ...args);
}

/** Asks the server (through `socket`) to emit a change of order o-1 to `topic` for each version. */
async function changes(socket, topic, versions, tag) {
  const ack = await call(socket, "changes", { topic, versions, tag });
  assert.equal(ack.ok, true, JSON.stringify(ack));
}

/** `from`, `from + 1`, ... `count` numbers. */
function range(from, count) {
  return Array.from({ length: count }, (_, i) => from + i);
}

/**
 * Every event emitted to `socket` before this call has reached its listeners once this resolves:
 * the server handles a socket's packets in order and writes its events in order.
 */
async function settle(socket) {
  const ack = await call(socket, "ping", {});
  assert.equal(ack.ok, true, JSON.stringify(ack));
}

/** Every change `socket` receives, from resource:changed and from topic:batch, in order. */
function recordChanges(socket) {
  const got = [];
  socket.on("resource:changed", (change, offset) => got.push({ event: "resource:changed", change, offset }));
  socket.on("topic:batch", (batch, offset) => {
    for (const change of batch.events) got.push({ event: "topic:batch", change, offset });
  });
  return got;
}

/** A socket through `proxy` that reconnects quickly, as the app's would. */
function recoveringClient(proxy, token, transports = ["websocket"]) {
  return io(proxy.url, {
    forceNew: true, transports, upgrade: false, timeout: WAIT_MS,
    reconnectionDelay: 50, reconnectionDelayMax: 200, auth: { token },
  });
}

/** Cuts the proxy and resolves once `socket` noticed. */
async function cut(proxy, socket) {
  const disconnected = once(socket, "disconnect", 10_000);
  proxy.cut();
  await disconnected;
}

test("subscribe is acked with the topic; a topic the policy does not allow, and a bad payload, are refused",
  { skip, timeout: 20_000 }, async () => {
    const bob = await connect({ auth: { token: BOB } });
    try {
      assert.deepEqual(await call(bob, "subscribe", { topic: "orders" }), { ok: true, topic: "orders" });

      const forbidden = await call(bob, "subscribe", { topic: "prices" });
      assert.equal(forbidden.ok, false);
      assert.equal(forbidden.error.code, "forbidden");
      assert.equal(typeof forbidden.error.message, "string");
      const unknown = await call(bob, "subscribe", { topic: "no-such-topic" });
      assert.deepEqual(unknown, forbidden, "unknown and not-allowed topics look the same");

      for (const payload of [{}, { topic: 42 }, { topic: "" }, { topic: "x".repeat(201) }]) {
        const res = await call(bob, "subscribe", payload);
        assert.equal(res.ok, false, JSON.stringify(payload));
        assert.equal(res.error.code, "invalid_payload", JSON.stringify(res));
      }

      assert.deepEqual(await call(bob, "unsubscribe", { topic: "orders" }), { ok: true, topic: "orders" });
      assert.deepEqual(await call(bob, "unsubscribe", { topic: "orders" }), { ok: true, topic: "orders" },
        "a topic not subscribed: ok too");
    } finally {
      bob.disconnect();
    }
  });

test("resource:changed reaches the topic's subscribers with every field, and a client keeps the newest version",
  { skip, timeout: 20_000 }, async () => {
    const alice = await connect({ auth: { token: ALICE } });
    let bob;
    try {
      bob = await connect({ auth: { token: BOB } });
      assert.equal((await call(alice, "subscribe", { topic: "orders" })).ok, true);
      assert.equal((await call(alice, "subscribe", { topic: "prices" })).ok, true);
      assert.equal((await call(bob, "subscribe", { topic: "orders" })).ok, true);
      const bobGot = recordChanges(bob);

      // the client's copy of the board, fetched at version 5 of o-1; older changes are ignored
      const board = new Map([["o-1", { version: 5 }]]);
      const applied = [];
      const render = (change) => applied.push(change);
      const socket = alice;

      // docs/topics.md: versions
      function applyChange(change) {
        const held = board.get(change.resourceId);
        if (held && change.version <= held.version) return; // not newer than what we have
        board.set(change.resourceId, { version: change.version, action: change.action, ...change.data });
        render(change);
      }
      socket.on("resource:changed", applyChange);
      socket.on("topic:batch", (batch) => batch.events.forEach(applyChange));
      // end of docs

      await changes(bob, "orders", [3, 6, 6, 4, 7], "live");
      await until(alice, () => applied.length === 2, () => `versions 6 and 7 (applied ${applied.length})`);
      assert.deepEqual(applied.map((c) => c.version), [6, 7], "3, the second 6 and 4 are not newer");
      assert.equal(board.get("o-1").version, 7);

      const change = applied[0];
      assert.deepEqual(Object.keys(change).sort(),
        ["action", "at", "data", "id", "resource", "resourceId", "topic", "version"]);
      assert.equal(typeof change.id, "string");
      assert.equal(change.topic, "orders");
      assert.equal(change.resource, "order");
      assert.equal(change.action, "updated");
      assert.equal(change.resourceId, "o-1");
      assert.deepEqual(change.data, { tag: "live", version: 6 });
      assert.equal(typeof change.version, "number");
      assert.match(change.at, ISO_UTC);

      // prices: alice only (bob's own host event emitted it, so its events precede its ack)
      await changes(bob, "prices", [1], "live");
      await settle(bob);
      assert.deepEqual(bobGot.map((g) => `${g.change.topic} ${g.change.version}`),
        ["orders 3", "orders 6", "orders 6", "orders 4", "orders 7"], "bob: orders once each, no prices");
      assert.equal(new Set(bobGot.map((g) => g.change.id)).size, 5, "every change has an id of its own");
    } finally {
      alice.disconnect();
      bob?.disconnect();
    }
  });

test("a burst of 50 changes to a coalesced topic arrives as a few topic:batch events, in order, once",
  { skip, timeout: 20_000 }, async () => {
    const alice = await connect({ auth: { token: ALICE } });
    try {
      assert.equal((await call(alice, "subscribe", { topic: "logs:job-1" })).ok, true);
      const batches = [];
      const plain = [];
      alice.on("topic:batch", (batch) => batches.push(batch));
      alice.on("resource:changed", (change) => plain.push(change));

      await changes(alice, "logs:job-1", range(1, 50), "burst");
      const held = () => batches.reduce((n, b) => n + b.events.length, 0);
      await until(alice, () => held() >= 50, () => `50 changes in batches (got ${held()})`);

      assert.ok(batches.length <= 10, `50 changes at once should make a few batches, not ${batches.length}`);
      for (const batch of batches) {
        assert.deepEqual(Object.keys(batch).sort(), ["events", "id", "topic"]);
        assert.equal(batch.topic, "logs:job-1");
      }
      const events = batches.flatMap((b) => b.events);
      assert.deepEqual(events.map((e) => e.version), range(1, 50));
      assert.ok(events.every((e) => e.topic === "logs:job-1" && e.action === "updated"));
      assert.deepEqual(plain, [], "a coalesced topic gets batches only");
    } finally {
      alice.disconnect();
    }
  });

for (const transports of [["websocket"], ["polling"]]) {
  const prices = `prices:${transports}`; // a topic of its own: the test takes alice's grant away
  test(`a client cut off recovers its subscriptions and the changes it missed, in order and once; a revoked topic stays away (${transports})`,
    { skip, timeout: 30_000 }, async () => {
      const proxy = await cuttableProxy(SYNC_URL);
      const alice = recoveringClient(proxy, ALICE, transports);
      let bob;
      try {
        bob = await connect({ auth: { token: BOB } });
        await connected(alice);
        assert.equal(alice.recovered, false, "a first connection recovers nothing");
        assert.equal((await call(alice, "subscribe", { topic: "orders" })).ok, true);
        assert.equal((await call(alice, "subscribe", { topic: prices })).ok, true);
        const got = recordChanges(alice);
        await changes(bob, "orders", [1], "before");
        await until(alice, () => got.length === 1, "the first change");
        assert.equal(typeof got[0].offset, "string", "a retained event carries its offset last");
        const sid = alice.id;

        await cut(proxy, alice);
        await changes(bob, "orders", range(2, 20), "away");
        await changes(bob, prices, [1], "away");
        // the host takes alice's grant of prices away while she is away
        assert.equal((await call(bob, "revoke", { userId: "alice", topic: prices })).ok, true);
        await changes(bob, prices, [2], "away");
        await restoreAndReconnect(proxy, alice);

        assert.equal(alice.recovered, true, "the reconnection recovered the session");
        assert.equal(alice.id, sid, "the socket id is the old one");
        await until(alice, () => got.length >= 21, "the 20 missed changes", 10_000);
        await changes(bob, "orders", [22], "live"); // not subscribed again
        await changes(bob, prices, [3], "live");
        await until(alice, () => got.length >= 22, "the live change");
        await settle(alice);

        assert.deepEqual(got.map((g) => `${g.change.topic} ${g.change.version}`),
          ["orders 1", ...range(2, 20).map((v) => `orders ${v}`), "orders 22"],
          "orders: before, the missed changes in order, then live ones; nothing of prices; nothing twice");
        assert.equal(new Set(got.map((g) => g.offset)).size, got.length, "every offset once");
      } finally {
        alice.disconnect();
        bob?.disconnect();
        proxy.close();
      }
    });
}

/** Resolves once the short-window server keeps bob's session only: it has let alice's lost session go. */
async function windowPassed(bob) {
  for (;;) {
    const { connected: sockets, kept } = await call(bob, "sessions");
    if (sockets === 1 && kept === 1) return;
    await new Promise((resolve) => setTimeout(resolve, 100)); // the poll's pace, within the rate limit
  }
}

/** bob, connected to the short-window server directly. */
function bobOnShortWindow() {
  return connected(io(SHORT_WINDOW_URL, { forceNew: true, reconnection: false, timeout: WAIT_MS, auth: { token: BOB } }));
}

test("past the recovery window: recovered is false, and no topic event arrives until the client subscribes again",
  { skip, timeout: 30_000 }, async () => {
    const proxy = await cuttableProxy(SHORT_WINDOW_URL);
    const alice = recoveringClient(proxy, ALICE);
    let bob;
    try {
      bob = await bobOnShortWindow();
      await connected(alice);
      assert.equal((await call(alice, "subscribe", { topic: "orders" })).ok, true);
      const got = recordChanges(alice);
      await changes(bob, "orders", [1], "before");
      await until(alice, () => got.length === 1, "the first change");
      const sid = alice.id;

      await cut(proxy, alice);
      await changes(bob, "orders", [2], "away");
      await windowPassed(bob);
      await restoreAndReconnect(proxy, alice);

      assert.equal(alice.recovered, false, "the refetch signal");
      assert.notEqual(alice.id, sid, "a new socket");
      await changes(bob, "orders", [3], "unsubscribed");
      await settle(alice);
      assert.deepEqual(got.map((g) => g.change.version), [1], "nothing missed is replayed, nothing live arrives");

      assert.deepEqual(await call(alice, "subscribe", { topic: "orders" }), { ok: true, topic: "orders" });
      await changes(bob, "orders", [4], "subscribed-again");
      await until(alice, () => got.length === 2, "the change after subscribing again");
      assert.deepEqual(got.map((g) => g.change.version), [1, 4]);
    } finally {
      alice.disconnect();
      bob?.disconnect();
      proxy.close();
    }
  });

test("the documented connect handler subscribes again and refetches when the session was not recovered",
  { skip, timeout: 30_000 }, async () => {
    const proxy = await cuttableProxy(SHORT_WINDOW_URL);
    const socket = recoveringClient(proxy, ALICE);
    let bob;
    try {
      // the handler is on before the socket (which connects at once) can connect
      const topics = ["orders", "prices"];
      const fetches = [];
      const refetchBoard = async () => {
        fetches.push(socket.recovered);
      };

      // docs/topics.md: the refetch signal
      async function onConnect() {
        if (socket.recovered) return; // same socket, still subscribed, missed changes on their way
        // first connection, or a fresh session: subscribe, then load the state again
        for (const topic of topics) {
          const res = await socket.emitWithAck("subscribe", { topic });
          if (!res.ok) console.warn(`subscribe ${topic}: ${res.error.code}`);
        }
        await refetchBoard(); // changes from now on arrive too: their versions sort out the overlap
      }
      // end of docs
      let handled;
      socket.on("connect", () => {
        handled = onConnect(); // settles once the handler has subscribed and refetched
      });

      const got = recordChanges(socket);
      bob = await bobOnShortWindow();
      await connected(socket);
      await handled;
      assert.deepEqual(fetches, [false]);
      await cut(proxy, socket);
      await windowPassed(bob);
      await restoreAndReconnect(proxy, socket);
      await handled;
      assert.equal(socket.recovered, false);
      assert.deepEqual(fetches, [false, false], "refetched at the first connect and after the fresh session");

      await changes(bob, "orders", [1], "after");
      await changes(bob, "prices", [1], "after");
      await until(socket, () => got.length === 2, "a change of each topic subscribed again");
      assert.deepEqual(got.map((g) => g.change.topic), ["orders", "prices"]);
    } finally {
      socket.disconnect();
      bob?.disconnect();
      proxy.close();
    }
  });
