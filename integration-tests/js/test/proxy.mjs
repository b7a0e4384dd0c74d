// A TCP proxy whose connections the test cuts abruptly: a network that drops, as a phone's does.
// Shared by recovery.test.mjs (the JavaScript client) and browser.test.mjs (the chat page). Not a
// test file: importing it has no side effects (a bare `node --test` may load it).
import net from "node:net";

/**
 * A TCP proxy on a free loopback port to `targetUrl`'s host and port. `cut()` resets every proxied
 * connection, both sides (RST, no close handshake: neither end is told politely), and refuses new
 * ones (RST again) until `restore()`.
 */
export async function cuttableProxy(targetUrl) {
  const { hostname, port } = new URL(targetUrl);
  const open = new Set();
  let refusing = false;
  const server = net.createServer((downstream) => {
    if (refusing) {
      downstream.resetAndDestroy();
      return;
    }
    const upstream = net.connect(Number(port), hostname);
    open.add(downstream);
    open.add(upstream);
    const end = () => {
      open.delete(downstream);
      open.delete(upstream);
      downstream.destroy();
      upstream.destroy();
    };
    downstream.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    downstream.pipe(upstream);
    upstream.pipe(downstream);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    /** Resets every proxied connection (both sides) and refuses new ones until `restore`. */
    cut() {
      refusing = true;
      for (const socket of [...open]) socket.resetAndDestroy();
      open.clear();
    },
    restore() {
      refusing = false;
    },
    close() {
      this.cut();
      server.close();
    },
  };
}

/**
 * Restores `proxy` and resolves once `socket` (which reconnects by itself) is connected again.
 * Attempts made while the proxy refused fail with connect_error, maybe just after restore: the
 * client retries by itself, so only the connect counts.
 */
export function restoreAndReconnect(proxy, socket, ms = 15_000) {
  const reconnected = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no reconnection within ${ms} ms`)), ms);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  proxy.restore();
  return reconnected;
}
