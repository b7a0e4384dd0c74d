// Connection state recovery with the real JavaScript client (socket.io-client v4 recovers by
// itself: it keeps the CONNECT reply's pid and the last event's offset and sends both on
// reconnect). Started by JavaScriptRecoveryTest with SYNC_URL and tokens for alice and bob; the
// server's host event `burst {conversationId, userId, count, tag}` emits `count` events, turn about
// `message:new` to the conversation and `user:notice` to the user's room, then acks.
//
// Alice reaches the server through a TCP proxy that can cut every connection abruptly (RST, no
// close handshake) and refuse new ones: a network that drops, as a phone's does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { io } from "socket.io-client";
import { SYNC_URL, WAIT_MS, ask, connect, connected, once, until } from "./helpers.mjs";
import { cuttableProxy, restoreAndReconnect } from "./proxy.mjs";

const ALICE = process.env.SYNC_TOKEN_ALICE;
const BOB = process.env.SYNC_TOKEN_BOB;
const skip = !SYNC_URL || !ALICE || !BOB
  ? "needs SYNC_URL, SYNC_TOKEN_ALICE and SYNC_TOKEN_BOB (set by JavaScriptRecoveryTest)"
  : false;

for (const transports of [["websocket"], ["polling"]]) {
  test(`a client cut off for a while gets its socket id, its rooms and the 200 events it missed, in order and once (${transports})`,
    { skip, timeout: 30_000 }, async () => {
      const proxy = await cuttableProxy(SYNC_URL);
      const alice = io(proxy.url, {
        forceNew: true, transports, upgrade: false, timeout: WAIT_MS,
        reconnectionDelay: 50, reconnectionDelayMax: 200, auth: { token: ALICE },
      });
      let bob;
      try {
        bob = await connect({ auth: { token: BOB } });
        await connected(alice);
        assert.equal(alice.recovered, false, "a first connection recovers nothing");
        const [joined] = await ask(alice, "join_conversation", { conversationId: "c1" });
        assert.equal(joined.ok, true, JSON.stringify(joined));

        const got = [];
        for (const event of ["message:new", "user:notice"]) {
          alice.on(event, (payload, offset) => got.push({ event, payload, offset }));
        }
        // one event before the cut: the client's offset
        await ask(bob, "burst", { conversationId: "c1", userId: "alice", count: 1, tag: "before" });
        await until(alice, () => got.length === 1, "the first event");
        assert.equal(typeof got[0].offset, "string", "a retained event carries its offset last");
        const sid = alice.id;

        const disconnected = once(alice, "disconnect", 10_000);
        proxy.cut();
        await disconnected;
        assert.equal(alice.connected, false);
        const [burst] = await ask(bob, "burst", { conversationId: "c1", userId: "alice", count: 200, tag: "away" });
        assert.equal(burst.ok, true, JSON.stringify(burst));

        await restoreAndReconnect(proxy, alice);
        assert.equal(alice.recovered, true, "the reconnection recovered the session");
        assert.equal(alice.id, sid, "the socket id is the old one");
        await until(alice, () => got.length >= 201, "the 200 missed events", 10_000);

        // then live events, in the restored conversation and user rooms
        await ask(bob, "burst", { conversationId: "c1", userId: "alice", count: 2, tag: "after" });
        await until(alice, () => got.length >= 203, () => `the live events after the replay (got ${got.length}, `
          + `connected ${alice.connected}, transport ${alice.io.engine?.transport?.name}, `
          + `engine ${alice.io.engine?.readyState}, last tags ${got.slice(-3).map((g) => g.payload.tag)})`);

        const away = got.filter((g) => g.payload.tag === "away");
        assert.deepEqual(away.map((g) => g.payload.seq), [...Array(200).keys()], "the missed events in order");
        assert.deepEqual(away.map((g) => g.event),
          away.map((g, i) => (i % 2 === 0 ? "message:new" : "user:notice")), "both rooms, interleaved as emitted");
        assert.deepEqual(got.map((g) => g.payload.tag),
          ["before", ...Array(200).fill("away"), "after", "after"], "nothing twice, nothing out of order");
        assert.equal(new Set(got.map((g) => g.payload.id)).size, got.length, "every payload id once");
        assert.equal(new Set(got.map((g) => g.offset)).size, got.length, "every offset once");
      } finally {
        alice.disconnect();
        bob?.disconnect();
        proxy.close();
      }
    });
}
