// JWT authentication at the handshake, session expiry and session:refresh with the real
// socket.io-client v4. Started by JavaScriptAuthTest against an HS256 AuthServer (no clock skew):
// the tokens are minted in Java and arrive as TOKEN_* environment variables.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { WAIT_MS, ask, client, connected, once } from "./helpers.mjs";

/** A token from the environment, or a failure that says which one is missing. */
function token(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: this file is started by JavaScriptAuthTest`);
  }
  return value;
}

/** The `exp` of a JWT in milliseconds since the epoch, read without verification. */
function expMillis(jwt) {
  const payload = JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8"));
  return payload.exp * 1000;
}

/** Resolves with the connect_error of a socket opened with `opts`; rejects if it connects instead. */
async function refusal(opts) {
  const socket = client(opts);
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no connect_error within ${WAIT_MS} ms`)), WAIT_MS);
      socket.once("connect", () => {
        clearTimeout(timer);
        reject(new Error("connected, but a refusal was expected"));
      });
      socket.once("connect_error", (err) => {
        clearTimeout(timer);
        resolve(err);
      });
    });
  } finally {
    socket.disconnect();
  }
}

/** Asserts a refusal is `unauthorized` with `code`, and that the code is all the client learns. */
function assertRefused(err, code) {
  assert.equal(err.message, "unauthorized", `refusal message: ${err.message}`);
  assert.deepEqual(err.data, { code });
}

/** Opens a socket with `opts`, runs `body(socket)` once connected, always disconnects. */
async function withSocket(opts, body) {
  const socket = client(opts);
  try {
    await connected(socket);
    return await body(socket);
  } finally {
    socket.disconnect();
  }
}

/** Asks the server who this socket is and checks it is `userId` in its user room. */
async function assertIs(socket, userId) {
  const [id, rooms] = await ask(socket, "whoami");
  assert.equal(id, userId);
  assert.ok(rooms.includes(`user:${userId}`), `rooms ${JSON.stringify(rooms)} lack user:${userId}`);
}

/**
 * Records what happens to a socket after it connects: session:expired payloads and disconnects, in
 * order, with the time they arrived. `next()` resolves with the next entry (waits at most `ms`).
 */
function timeline(socket, ms) {
  const entries = [];
  const waiters = [];
  const push = (entry) => {
    const waiter = waiters.shift();
    if (waiter) waiter(entry);
    else entries.push(entry);
  };
  socket.on("session:expired", (payload) => push({ event: "session:expired", payload, at: Date.now() }));
  socket.on("disconnect", (reason) => push({ event: "disconnect", reason, at: Date.now() }));
  return {
    entries,
    sawExpiry: () => entries.some((e) => e.event === "session:expired"),
    next: () =>
      entries.length > 0
        ? Promise.resolve(entries.shift())
        : new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`nothing happened on the socket within ${ms} ms`)), ms);
            waiters.push((entry) => {
              clearTimeout(timer);
              resolve(entry);
            });
          }),
  };
}

/** Waits for session:expired {id, code: "token_expired"} and then the server's disconnect. */
async function assertExpires(events, exp) {
  const expired = await events.next();
  assert.equal(expired.event, "session:expired", `first event: ${JSON.stringify(expired)}`);
  assert.equal(expired.payload.code, "token_expired");
  assert.equal(typeof expired.payload.id, "string");
  assert.ok(expired.payload.id.length > 0, "session:expired has an empty id");
  assert.ok(expired.at >= exp - 100, `session:expired at ${new Date(expired.at).toISOString()}, before exp`);
  const disconnect = await events.next();
  assert.equal(disconnect.event, "disconnect");
  assert.equal(disconnect.reason, "io server disconnect");
}

// --- expiry and refresh first: TOKEN_SHORT was minted just before node started and expires soon ---

describe("session expiry and refresh", { concurrency: true }, () => {
  const shortToken = token("TOKEN_SHORT");
  const exp = expMillis(shortToken);
  // every wait below is bounded by the short token's remaining life plus a margin
  const untilExp = () => Math.max(0, exp - Date.now()) + WAIT_MS;

  test("the short token still has time left (else node started too slowly for these tests)", () => {
    assert.ok(exp - Date.now() > 2000, `TOKEN_SHORT expires in ${exp - Date.now()} ms`);
  });

  test("at exp the server emits session:expired, then disconnects", { timeout: 30_000 }, async () => {
    const socket = client({ transports: ["websocket"], auth: { token: shortToken } });
    const events = timeline(socket, untilExp());
    try {
      await connected(socket);
      await assertIs(socket, "alice");
      await assertExpires(events, exp);
      assert.equal(socket.connected, false);
    } finally {
      socket.disconnect();
    }
  });

  test("session:refresh with a longer token keeps the session past the old exp", { timeout: 30_000 }, async () => {
    const socket = client({ transports: ["websocket"], auth: { token: shortToken } });
    const events = timeline(socket, untilExp());
    try {
      await connected(socket);
      const refreshToken = token("TOKEN_REFRESH");
      const [ack] = await ask(socket, "session:refresh", { token: refreshToken });
      assert.equal(ack.ok, true, JSON.stringify(ack));
      assert.equal(Date.parse(ack.expiresAt), expMillis(refreshToken), `expiresAt ${ack.expiresAt}`);

      // Elapsed time is the thing under test here, so this waits for the clock itself: until one
      // second past the old exp, for a timer left over from the first token to have fired.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp + 1000 - Date.now())));

      assert.equal(socket.connected, true);
      assert.equal(events.sawExpiry(), false, `events: ${JSON.stringify(events.entries)}`);
      await assertIs(socket, "alice");
    } finally {
      socket.disconnect();
    }
  });

  test("session:refresh with another user's token is forbidden and the old expiry still fires", { timeout: 30_000 }, async () => {
    const socket = client({ transports: ["polling"], upgrade: false, auth: { token: shortToken } });
    const events = timeline(socket, untilExp());
    try {
      await connected(socket);
      const [ack] = await ask(socket, "session:refresh", { token: token("TOKEN_OTHER_USER") });
      assert.equal(ack.ok, false, JSON.stringify(ack));
      assert.equal(ack.error.code, "forbidden");
      assert.equal(typeof ack.error.message, "string");
      await assertIs(socket, "alice");
      await assertExpires(events, exp);
    } finally {
      socket.disconnect();
    }
  });

  test("session:refresh with an expired token acks token_expired and changes nothing", { timeout: 30_000 }, async () => {
    const socket = client({ transports: ["websocket"], auth: { token: shortToken } });
    const events = timeline(socket, untilExp());
    try {
      await connected(socket);
      const [ack] = await ask(socket, "session:refresh", { token: token("TOKEN_EXPIRED") });
      assert.equal(ack.ok, false, JSON.stringify(ack));
      assert.equal(ack.error.code, "token_expired");
      const [badSig] = await ask(socket, "session:refresh", { token: token("TOKEN_BAD_SIG") });
      assert.equal(badSig.ok, false, JSON.stringify(badSig));
      assert.equal(badSig.error.code, "token_invalid");
      await assertIs(socket, "alice");
      await assertExpires(events, exp);
    } finally {
      socket.disconnect();
    }
  });
});

// --- accepted tokens ---

for (const [name, opts] of [
  ["websocket", { transports: ["websocket"] }],
  ["polling", { transports: ["polling"], upgrade: false }],
]) {
  test(`valid token in the auth payload is accepted over ${name}`, { timeout: 20_000 }, async () => {
    await withSocket({ ...opts, auth: { token: token("TOKEN_VALID") } }, async (socket) => {
      assert.equal(socket.io.engine.transport.name, name);
      await assertIs(socket, "alice");
    });
  });
}

test("valid token in the auth payload is accepted with the default upgrade", { timeout: 20_000 }, async () => {
  const socket = client({ auth: { token: token("TOKEN_VALID") } });
  const upgrade = once(socket.io.engine, "upgrade");
  try {
    await connected(socket);
    const [transport] = await upgrade;
    assert.equal(transport.name, "websocket");
    await assertIs(socket, "alice");
  } finally {
    socket.disconnect();
  }
});

test("auth as a function is asked for the token", { timeout: 20_000 }, async () => {
  await withSocket({ transports: ["websocket"], auth: (cb) => cb({ token: token("TOKEN_OTHER_USER") }) }, async (socket) => {
    await assertIs(socket, "bob");
  });
});

test("Authorization: Bearer header is accepted over polling", { timeout: 20_000 }, async () => {
  const opts = { transports: ["polling"], upgrade: false, extraHeaders: { Authorization: `Bearer ${token("TOKEN_VALID")}` } };
  await withSocket(opts, async (socket) => {
    await assertIs(socket, "alice");
  });
});

test("token query parameter is accepted", { timeout: 20_000 }, async () => {
  await withSocket({ query: { token: token("TOKEN_VALID") } }, async (socket) => {
    await assertIs(socket, "alice");
  });
});

test("a bad token in the auth payload is refused even with a good header", { timeout: 20_000 }, async () => {
  const err = await refusal({
    transports: ["polling"],
    auth: { token: token("TOKEN_BAD_SIG") },
    extraHeaders: { Authorization: `Bearer ${token("TOKEN_VALID")}` },
  });
  assertRefused(err, "token_invalid");
});

// --- refusals ---

const refusals = [
  ["no token anywhere", null, "token_missing"],
  ["malformed token", "TOKEN_MALFORMED", "token_invalid"],
  ["tampered token", "TOKEN_TAMPERED", "token_invalid"],
  ["token signed with another secret", "TOKEN_BAD_SIG", "token_invalid"],
  ["alg none", "TOKEN_NONE", "token_invalid"],
  ["RS256 token on an HS256 server", "TOKEN_RS256", "token_invalid"],
  ["expired token", "TOKEN_EXPIRED", "token_expired"],
  ["token not valid yet", "TOKEN_NOT_YET_VALID", "token_not_yet_valid"],
  ["wrong issuer", "TOKEN_WRONG_ISS", "token_claims"],
  ["wrong audience", "TOKEN_WRONG_AUD", "token_claims"],
  ["no sub", "TOKEN_NO_SUB", "token_claims"],
];

for (const [name, opts] of [
  ["websocket", { transports: ["websocket"] }],
  ["polling", { transports: ["polling"], upgrade: false }],
]) {
  for (const [what, variable, code] of refusals) {
    test(`${what} is refused with ${code} over ${name}`, { timeout: 20_000 }, async () => {
      const auth = variable === null ? {} : { auth: { token: token(variable) } };
      const err = await refusal({ ...opts, ...auth });
      assertRefused(err, code);
    });
  }
}

test("an empty token counts as absent: token_missing", { timeout: 20_000 }, async () => {
  assertRefused(await refusal({ transports: ["websocket"], auth: { token: "" } }), "token_missing");
});

test("a refused socket can connect again once it has a good token", { timeout: 20_000 }, async () => {
  const auth = { token: token("TOKEN_EXPIRED") };
  const socket = client({ transports: ["websocket"], auth });
  try {
    const [err] = await once(socket, "connect_error");
    assertRefused(err, "token_expired");
    auth.token = token("TOKEN_VALID");
    socket.connect();
    await connected(socket);
    await assertIs(socket, "alice");
  } finally {
    socket.disconnect();
  }
});
