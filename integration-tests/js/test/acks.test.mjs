// Server-to-client acknowledgements: the server emits 'question' with an ack callback.
import { test } from "node:test";
import assert from "node:assert/strict";
import { once, withSockets } from "./helpers.mjs";

for (const transports of [["websocket"], ["polling"]]) {
  test(`client answers the server's question (${transports})`, { timeout: 20_000 }, async () => {
    await withSockets([{ transports, upgrade: false }], async (socket) => {
      const questions = [];
      socket.on("question", (payload, callback) => {
        questions.push(payload);
        callback("yes", { n: 2 }, [true, null]);
      });
      const answer = once(socket, "answer");
      socket.emit("ask", { q: "ready?" }, 5000);

      assert.deepEqual(await answer, ["yes", { n: 2 }, [true, null]]);
      assert.deepEqual(questions, [{ q: "ready?" }]);
    });
  });
}

test("client that never answers: the server's ack times out", { timeout: 20_000 }, async () => {
  await withSockets([{ transports: ["websocket"] }], async (socket) => {
    const asked = [];
    socket.on("question", (payload, callback) => {
      asked.push([payload, typeof callback]); // ...and never call back
    });
    const timedOut = once(socket, "answer-timeout");
    const answered = [];
    socket.on("answer", (...args) => answered.push(args));
    socket.emit("ask", "silence", 200);

    assert.deepEqual(await timedOut, [200]);
    assert.deepEqual(asked, [["silence", "function"]], "one question, with an ack callback");
    assert.deepEqual(answered, [], "no answer without an ack");
  });
});
