// The benchmark's Node baseline: socket.io v4 with the same events as BenchServer (Java) and
// BaselineServer (netty-socketio); contract in dev.syncio.it.bench.server.BenchEvents.
// Usage: node --expose-gc server.mjs PORT HS256_SECRET   (listens on 127.0.0.1)
// HS256 is verified with node:crypto so that no JWT package has to be installed.
import { createServer } from "node:http";
import { createHmac, timingSafeEqual } from "node:crypto";
import { Server } from "socket.io";

const ISSUER = "syncio-bench";
const [port, secret] = [Number(process.argv[2]), process.argv[3]];
if (!port || !secret) {
  console.error("usage: node --expose-gc server.mjs PORT HS256_SECRET");
  process.exit(2);
}

/** The token's sub if it is a valid HS256 JWT from ISSUER, else null. */
function verify(token) {
  if (typeof token !== "string") return null;
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  let header, claims;
  try {
    header = JSON.parse(Buffer.from(parts[0], "base64url"));
    claims = JSON.parse(Buffer.from(parts[1], "base64url"));
  } catch {
    return null;
  }
  if (header.alg !== "HS256") return null;
  const expected = createHmac("sha256", secret).update(parts[0] + "." + parts[1]).digest();
  const given = Buffer.from(parts[2], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const now = Date.now() / 1000;
  if (typeof claims.exp === "number" && now > claims.exp + 30) return null;
  if (typeof claims.nbf === "number" && now < claims.nbf - 30) return null;
  if (claims.iss !== ISSUER || typeof claims.sub !== "string") return null;
  return claims.sub;
}

const http = createServer();
// syncio's defaults, so the three servers ping at the same rate
const io = new Server(http, { pingInterval: 25000, pingTimeout: 20000 });

io.use((socket, next) => {
  const userId = verify(socket.handshake.auth?.token);
  if (!userId) {
    const error = new Error("unauthorized");
    error.data = { code: "token_invalid" };
    return next(error);
  }
  socket.data.userId = userId;
  next();
});

io.on("connection", (socket) => {
  socket.join("user:" + socket.data.userId);
  socket.on("join_conversation", (payload, ack) => {
    const conversationId = payload?.conversationId;
    socket.join("conversation:" + conversationId);
    if (typeof ack === "function") ack({ ok: true, conversationId });
  });
  socket.on("send_message", (payload) => {
    const { conversationId, text, sentAt } = payload ?? {};
    io.to("conversation:" + conversationId).emit("message:new", { conversationId, text, sentAt });
  });
  socket.on("bench:stats", (...args) => {
    const ack = args[args.length - 1];
    if (global.gc) global.gc();
    if (typeof ack === "function") ack({ ok: true, heapUsed: process.memoryUsage().heapUsed });
  });
});

http.listen(port, "127.0.0.1", () => console.log(`BENCH-SERVER-READY node port=${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    io.close();
    http.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
