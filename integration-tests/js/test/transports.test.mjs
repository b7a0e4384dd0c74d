// Connecting over each transport: websocket only, polling only, and polling upgraded to websocket.
import { test } from "node:test";
import assert from "node:assert/strict";
import { WAIT_MS, ask, client, connected, once } from "./helpers.mjs";

/** The checks every transport must pass once connected. */
async function roundTrips(socket, transportName) {
  assert.equal(typeof socket.id, "string");
  assert.ok(socket.id.length > 0, "socket.id is empty");

  // emitWithAck resolves with the first ack argument
  const first = await socket.timeout(WAIT_MS).emitWithAck("echo", { a: 1 }, "x");
  assert.deepEqual(first, { a: 1 });
  // and the ack carries all of them
  assert.deepEqual(await ask(socket, "echo", { a: 1 }, "x"), [{ a: 1 }, "x"]);

  // without an ack the server emits them back as an 'echo' event
  const echoed = once(socket, "echo");
  socket.emit("echo", { b: [1, 2, 3], c: null }, "y", 42, true, 1.5, "ünï €");
  assert.deepEqual(await echoed, [{ b: [1, 2, 3], c: null }, "y", 42, true, 1.5, "ünï €"]);

  assert.equal(socket.io.engine.transport.name, transportName);
}

test("websocket only", { timeout: 20_000 }, async () => {
  const socket = client({ transports: ["websocket"] });
  try {
    await connected(socket);
    assert.equal(socket.io.engine.transport.name, "websocket");
    await roundTrips(socket, "websocket");
  } finally {
    socket.disconnect();
  }
});

test("polling only, no upgrade", { timeout: 20_000 }, async () => {
  const socket = client({ transports: ["polling"], upgrade: false });
  let upgraded = false;
  socket.io.engine.on("upgrade", () => {
    upgraded = true;
  });
  try {
    await connected(socket);
    assert.equal(socket.io.engine.transport.name, "polling");
    await roundTrips(socket, "polling");
    assert.equal(upgraded, false, "a polling-only client must not upgrade");
  } finally {
    socket.disconnect();
  }
});

test("default: polling, then upgrade to websocket", { timeout: 20_000 }, async () => {
  const socket = client();
  // the engine exists as soon as io() returns, before any network event, so nothing is missed
  const engine = socket.io.engine;
  assert.equal(engine.transport.name, "polling", "the default client starts with polling");
  const upgrade = once(engine, "upgrade");
  try {
    await connected(socket);
    const [transport] = await upgrade;
    assert.equal(transport.name, "websocket");
    assert.equal(socket.io.engine.transport.name, "websocket");
    await roundTrips(socket, "websocket");
  } finally {
    socket.disconnect();
  }
});

test("default: events sent while the upgrade is under way are not lost", { timeout: 20_000 }, async () => {
  const socket = client();
  const upgrade = once(socket.io.engine, "upgrade");
  try {
    await connected(socket);
    // fire a burst straight after connecting, as the upgrade probe runs
    const burst = Array.from({ length: 20 }, (_, i) => ask(socket, "echo", i));
    assert.deepEqual(await Promise.all(burst), Array.from({ length: 20 }, (_, i) => [i]));
    await upgrade;
    assert.deepEqual(await ask(socket, "echo", "after"), ["after"]);
  } finally {
    socket.disconnect();
  }
});

// null is a JSON value like any other, also as a top-level argument (socket.io-client sends it as
// such, e.g. the common `callback(null, result)` error-first style)
test("null as a top-level argument: echoed as an event", { timeout: 20_000 }, async () => {
  const socket = client({ transports: ["websocket"] });
  try {
    await connected(socket);
    const echoed = once(socket, "echo");
    socket.emit("echo", "a", null, 1);
    assert.deepEqual(await echoed, ["a", null, 1]);
  } finally {
    socket.disconnect();
  }
});

test("null as a top-level argument: echoed in the ack", { timeout: 20_000 }, async () => {
  const socket = client({ transports: ["websocket"] });
  try {
    await connected(socket);
    assert.deepEqual(await ask(socket, "echo", null, { ok: true }), [null, { ok: true }]);
  } finally {
    socket.disconnect();
  }
});

test("null as a top-level argument: broadcast", { timeout: 20_000 }, async () => {
  const socket = client({ transports: ["websocket"] });
  try {
    await connected(socket);
    const received = once(socket, "broadcast");
    socket.emit("broadcast", null, "tail");
    assert.deepEqual(await received, [null, "tail"]);
  } finally {
    socket.disconnect();
  }
});
