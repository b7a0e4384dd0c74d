// Shared helpers for the node:test files that drive syncio with the real socket.io-client.
// Not a test file, but a bare `node --test` (which also picks up every file under test/) may load
// it: importing it must stay free of side effects and failures.
import { io } from "socket.io-client";

/** The syncio server under test, e.g. http://127.0.0.1:41234 (set by JavaScriptClientTest). */
export const SYNC_URL = process.env.SYNC_URL;

/** Failure guard for a single wait, never a synchronisation device. */
export const WAIT_MS = 5000;

/**
 * Resolves with the arguments (an array) of the next `event` on `emitter` (a Socket, a Manager or
 * an engine), rejects after `ms` or when the socket reports a connect_error first.
 */
export function once(emitter, event, ms = WAIT_MS) {
  return new Promise((resolve, reject) => {
    const onEvent = (...args) => {
      cleanup();
      resolve(args);
    };
    const onError = (err) => {
      cleanup();
      reject(new Error(`connect_error while waiting for '${event}': ${err?.message ?? err}`, { cause: err }));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${ms} ms waiting for '${event}'`));
    }, ms);
    const watchErrors = event !== "connect_error" && typeof emitter.io === "object";
    function cleanup() {
      clearTimeout(timer);
      emitter.off(event, onEvent);
      if (watchErrors) emitter.off("connect_error", onError);
    }
    emitter.once(event, onEvent);
    if (watchErrors) emitter.once("connect_error", onError);
  });
}

/**
 * A new socket (own Manager, no reconnection, so a failure surfaces instead of retrying). The
 * connection starts at once; await `connected(socket)` before using it.
 */
export function client(opts = {}) {
  if (!SYNC_URL) {
    throw new Error("SYNC_URL is not set: these tests are started by JavaScriptClientTest (or set it by hand)");
  }
  return io(SYNC_URL, { forceNew: true, reconnection: false, timeout: WAIT_MS, ...opts });
}

/** Resolves once `socket` is connected (or at once if it already is). */
export async function connected(socket, ms = WAIT_MS) {
  if (!socket.connected) {
    await once(socket, "connect", ms);
  }
  return socket;
}

/**
 * Resolves once `predicate()` holds, checked after every event `socket` receives (catch-all
 * listeners run before an event's own listeners, hence the microtask).
 */
export function until(socket, predicate, what, ms = WAIT_MS) {
  return new Promise((resolve, reject) => {
    const evaluate = () => {
      if (predicate()) {
        cleanup();
        resolve();
      }
    };
    const check = () => queueMicrotask(evaluate);
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${ms} ms waiting for ${typeof what === "function" ? what() : what}`));
    }, ms);
    function cleanup() {
      clearTimeout(timer);
      socket.offAny(check);
    }
    socket.onAny(check);
    evaluate();
  });
}

/** Opens a socket with `opts` and waits until it is connected. */
export async function connect(opts = {}) {
  const socket = client(opts);
  try {
    return await connected(socket);
  } catch (err) {
    socket.disconnect();
    throw err;
  }
}

/** emitWithAck with a failure guard; resolves with the ack's arguments as an array. */
export async function ask(socket, event, ...args) {
  // with several ack arguments emitWithAck resolves with the first only, so use a callback
  return new Promise((resolve, reject) => {
    socket.timeout(WAIT_MS).emit(event, ...args, (err, ...ackArgs) => {
      if (err) {
        reject(new Error(`no ack for '${event}' within ${WAIT_MS} ms`, { cause: err }));
      } else {
        resolve(ackArgs);
      }
    });
  });
}

/** Runs `body(sockets...)` with freshly connected sockets and always disconnects them. */
export async function withSockets(optsList, body) {
  const sockets = optsList.map((opts) => client(opts));
  try {
    await Promise.all(sockets.map((s) => connected(s)));
    return await body(...sockets);
  } finally {
    for (const s of sockets) s.disconnect();
  }
}

/** The bytes of a Buffer, Uint8Array or ArrayBuffer as a Buffer (for byte-exact comparison). */
export function bytes(value) {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError(`expected binary data, got ${Object.prototype.toString.call(value)}: ${JSON.stringify(value)?.slice(0, 200)}`);
}
