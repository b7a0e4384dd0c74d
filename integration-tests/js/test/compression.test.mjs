// permessage-deflate with the real client (Node's `ws` offers it by default), against a server
// started with webSocketCompression(0) by CompressionTest.
import { test } from "node:test";
import assert from "node:assert/strict";
import { WAIT_MS, client, connected } from "./helpers.mjs";

test("websocket messages travel deflated when both sides agree", { timeout: 20_000 }, async () => {
  const socket = client({ transports: ["websocket"] });
  try {
    await connected(socket);
    const ws = socket.io.engine.transport.ws;
    assert.equal(ws.extensions, "permessage-deflate", "the server did not accept permessage-deflate");
    const big = "syncio ".repeat(20_000); // 140 kB, highly compressible
    const echoed = await socket.timeout(WAIT_MS).emitWithAck("echo", { big });
    assert.deepEqual(echoed, { big });
    const small = await socket.timeout(WAIT_MS).emitWithAck("echo", "x");
    assert.equal(small, "x");
  } finally {
    socket.disconnect();
  }
});
