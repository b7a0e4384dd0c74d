// Binary attachments (Socket.IO BINARY_EVENT / BINARY_ACK) through the echo ack, byte for byte.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ask, bytes, withSockets } from "./helpers.mjs";

const allBytes = () => Uint8Array.from({ length: 256 }, (_, i) => i);
const reversed = () => Buffer.from(allBytes()).reverse();

/** A payload of `size` bytes that is not periodic in small powers of two. */
function pattern(size) {
  const buf = Buffer.alloc(size);
  let x = 0x12345678;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    buf[i] = x >>> 24;
  }
  return buf;
}

async function echoesTwoAttachments(socket) {
  const top = allBytes();
  const nested = { label: "nested", inner: { data: reversed(), n: 7 }, list: [1, "two"] };

  const [gotTop, gotNested, ...rest] = await ask(socket, "echo", top, nested);

  assert.equal(rest.length, 0, "the ack carries exactly the two arguments sent");
  assert.deepEqual(bytes(gotTop), Buffer.from(top), "top-level attachment differs");
  assert.equal(gotNested.label, "nested");
  assert.equal(gotNested.inner.n, 7);
  assert.deepEqual(gotNested.list, [1, "two"]);
  assert.deepEqual(bytes(gotNested.inner.data), reversed(), "nested attachment differs");
}

test("two attachments over websocket", { timeout: 20_000 }, async () => {
  await withSockets([{ transports: ["websocket"] }], async (socket) => {
    await echoesTwoAttachments(socket);
    assert.equal(socket.io.engine.transport.name, "websocket");
  });
});

test("two attachments over polling", { timeout: 20_000 }, async () => {
  await withSockets([{ transports: ["polling"], upgrade: false }], async (socket) => {
    await echoesTwoAttachments(socket);
    assert.equal(socket.io.engine.transport.name, "polling");
  });
});

test("binary as an ArrayBuffer and an empty attachment over websocket", { timeout: 20_000 }, async () => {
  await withSockets([{ transports: ["websocket"] }], async (socket) => {
    const [gotArrayBuffer, gotEmpty] = await ask(socket, "echo", allBytes().buffer, new Uint8Array(0));
    assert.deepEqual(bytes(gotArrayBuffer), Buffer.from(allBytes()));
    assert.equal(bytes(gotEmpty).length, 0);
  });
});

test("200 KB attachment over websocket", { timeout: 20_000 }, async () => {
  await withSockets([{ transports: ["websocket"] }], async (socket) => {
    const big = pattern(200 * 1024);
    const [got] = await ask(socket, "echo", big);
    assert.equal(bytes(got).length, big.length);
    assert.ok(bytes(got).equals(big), "200 KB attachment differs");
  });
});

test("200 KB attachment over polling", { timeout: 20_000 }, async () => {
  await withSockets([{ transports: ["polling"], upgrade: false }], async (socket) => {
    const big = pattern(200 * 1024);
    const [got] = await ask(socket, "echo", big);
    assert.equal(bytes(got).length, big.length);
    assert.ok(bytes(got).equals(big), "200 KB attachment differs");
  });
});
