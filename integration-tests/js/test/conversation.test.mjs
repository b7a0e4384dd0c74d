// Conversations with the real JavaScript client: join, typing and a host event (send_message)
// against the ChatServer fixture, started by JavaScriptConversationTest with SYNC_URL and a token
// for alice and bob (SYNC_TOKEN_ALICE, SYNC_TOKEN_BOB). c1's members are alice, bob and carol.
import { test } from "node:test";
import assert from "node:assert/strict";
import { WAIT_MS, connect, once } from "./helpers.mjs";

const ALICE = process.env.SYNC_TOKEN_ALICE;
const BOB = process.env.SYNC_TOKEN_BOB;
const skip = !process.env.SYNC_URL || !ALICE || !BOB
  ? "needs SYNC_URL, SYNC_TOKEN_ALICE and SYNC_TOKEN_BOB (set by JavaScriptConversationTest)"
  : false;

/** emitWithAck with a failure guard; resolves with the (single) ack argument. */
function call(socket, event, ...args) {
  return socket.timeout(WAIT_MS).emitWithAck(event, ...args);
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

for (const transports of [["websocket"], ["polling"]]) {
  test(`alice and bob chat in c1: typing and message:new reach bob, never alice (${transports})`,
    { skip, timeout: 20_000 }, async () => {
      const opts = { transports, upgrade: false };
      const alice = await connect({ ...opts, auth: { token: ALICE } });
      let bob;
      try {
        bob = await connect({ ...opts, auth: { token: BOB } });

        const aliceJoin = await call(alice, "join_conversation", { conversationId: "c1" });
        assert.equal(aliceJoin.ok, true, JSON.stringify(aliceJoin));
        assert.equal(aliceJoin.conversationId, "c1");
        assert.ok(aliceJoin.online.includes("alice"), JSON.stringify(aliceJoin));
        const bobJoin = await call(bob, "join_conversation", { conversationId: "c1" });
        assert.equal(bobJoin.ok, true, JSON.stringify(bobJoin));
        assert.deepEqual([...bobJoin.online].sort(), ["alice", "bob"]);

        // everything alice receives from now on
        const aliceGot = [];
        for (const event of ["message:new", "typing"]) {
          alice.on(event, (payload) => aliceGot.push([event, payload]));
        }

        // typing
        const bobTyping = once(bob, "typing");
        assert.deepEqual(await call(alice, "typing_start", { conversationId: "c1" }), { ok: true });
        const [typing] = await bobTyping;
        assert.equal(typeof typing.id, "string");
        assert.equal(typing.conversationId, "c1");
        assert.equal(typing.userId, "alice");
        assert.equal(typing.typing, true);

        // a host event: bob gets message:new
        const bobMessage = once(bob, "message:new");
        const sent = await call(alice, "send_message",
          { conversationId: "c1", text: "hello from node", clientMessageId: "js-1" });
        assert.equal(sent.ok, true, JSON.stringify(sent));
        assert.equal(typeof sent.messageId, "string");
        const [event] = await bobMessage;
        assert.equal(typeof event.id, "string");
        assert.equal(event.conversationId, "c1");
        assert.notEqual(event.id, event.message.id);
        assert.equal(event.message.id, sent.messageId);
        assert.equal(event.message.conversationId, "c1");
        assert.equal(event.message.senderId, "alice");
        assert.equal(event.message.text, "hello from node");
        assert.equal(event.message.clientMessageId, "js-1");
        assert.match(event.message.createdAt, ISO_UTC);
        assert.ok(!Number.isNaN(Date.parse(event.message.createdAt)));

        // barrier: alice's events are handled in order, and the server emits message:new before it
        // acks send_message, so a message:new for alice would have been written before this pong
        const pong = once(alice, "pong");
        const pingAck = await call(alice, "ping");
        assert.equal(pingAck.ok, true);
        await pong;
        assert.deepEqual(aliceGot, [], "alice got her own message:new or typing");
      } finally {
        alice.disconnect();
        bob?.disconnect();
      }
    });
}

test("a forbidden conversation is refused to the JavaScript client too", { skip, timeout: 20_000 }, async () => {
  const bob = await connect({ transports: ["websocket"], auth: { token: BOB } });
  try {
    const ack = await call(bob, "join_conversation", { conversationId: "secret" });
    assert.equal(ack.ok, false);
    assert.equal(ack.error.code, "forbidden");
    assert.equal(typeof ack.error.message, "string");
    const typing = await call(bob, "typing_start", { conversationId: "secret" });
    assert.equal(typing.error.code, "forbidden");
    const invalid = await call(bob, "join_conversation", {});
    assert.equal(invalid.error.code, "invalid_payload");
    assert.match(invalid.error.message, /conversationId/);
  } finally {
    bob.disconnect();
  }
});
