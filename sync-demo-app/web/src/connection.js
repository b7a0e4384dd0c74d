// The Socket.IO connection: connection state for the indicator, reconnection, and server events
// with duplicates (by event id) dropped.
import { io } from "socket.io-client";
import { RecentIds } from "./util.js";

/** Server events the chat listens to (docs/events.md). */
export const CHAT_EVENTS = ["message:new", "message:status", "message:updated", "conversation:updated", "typing", "presence"];

/** Failed attempts in a row after which the indicator says "Offline" (the client keeps retrying). */
const OFFLINE_AFTER_FAILURES = 3;

/** Refusal codes that mean the login token is no good any more. */
const SESSION_CODES = new Set(["token_missing", "token_invalid", "token_expired", "token_not_yet_valid", "token_claims"]);

/**
 * Connects to the Socket.IO server.
 *
 * @param url            the Socket.IO server
 * @param token          the login token (sent in the CONNECT auth payload)
 * @param onState        "connecting" | "live" | "offline"
 * @param onConnect      `({reconnect, recovered})` after every (re)connection: `recovered` when the
 *                       server gave this socket its earlier session back (same id, same rooms) and
 *                       replays the events missed meanwhile right after
 * @param onDisconnect   after the connection dropped
 * @param onEvent        `(name, payload)` for each server event, once per event id
 * @param onSessionEnded `(code)` when the server refused or ended the session
 * @param events         the server events passed to `onEvent` (default: the chat's)
 */
export function openConnection({
  url, token, onState, onConnect, onDisconnect, onEvent, onSessionEnded, events = CHAT_EVENTS,
}) {
  const socket = io(url, {
    auth: { token },
    forceNew: true, // a Manager per login, never shared with a previous user's connection
    transports: ["websocket", "polling"],
    tryAllTransports: true, // fall back to long-polling where WebSockets are blocked
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    timeout: 8000,
  });
  const seen = new RecentIds();
  let failures = 0;
  let everConnected = false;

  onState("connecting");

  socket.on("connect", () => {
    failures = 0;
    onState("live");
    onConnect({ reconnect: everConnected, recovered: socket.recovered === true });
    everConnected = true;
  });

  socket.on("disconnect", (reason) => {
    onDisconnect(reason);
    if (reason === "io client disconnect") return; // we closed it: logout or reconnectNow()
    // "io server disconnect" leaves the socket inactive: the server does not want us back right now
    onState(socket.active ? "connecting" : "offline");
  });

  socket.on("connect_error", (error) => {
    failures += 1;
    if (!socket.active) {
      // refused by the server (CONNECT_ERROR): no automatic retry
      onState("offline");
      const code = error?.data?.code;
      if (SESSION_CODES.has(code)) onSessionEnded(code);
      else console.warn("connection refused", error?.message, code);
      return;
    }
    onState(failures >= OFFLINE_AFTER_FAILURES ? "offline" : "connecting");
  });

  socket.on("session:expired", (event) => onSessionEnded(event?.code ?? "token_expired"));

  for (const name of events) {
    // the payload only: with connection state recovery the server adds the event's offset as a
    // last argument, which socket.io-client itself keeps for the next reconnect
    socket.on(name, (payload) => {
      if (!payload || typeof payload !== "object") return;
      if (payload.id !== undefined && !seen.firstTime(`${name}:${payload.id}`)) return;
      onEvent(name, payload);
    });
  }

  const onBrowserOnline = () => {
    if (!socket.connected) reconnectNow();
  };
  window.addEventListener("online", onBrowserOnline);

  function reconnectNow() {
    failures = 0;
    onState("connecting");
    socket.disconnect().connect(); // drops the backoff timer and tries at once
  }

  return {
    get connected() {
      return socket.connected;
    },
    /** Emits and waits for the ack; rejects after `timeoutMs` (buffered while disconnected until then). */
    request: (event, payload, timeoutMs = 8000) => socket.timeout(timeoutMs).emitWithAck(event, payload),
    /** Emits only when connected (typing notices are worthless later). */
    notify(event, payload) {
      if (socket.connected) socket.emit(event, payload);
    },
    reconnectNow,
    close() {
      window.removeEventListener("online", onBrowserOnline);
      socket.disconnect();
    },
  };
}
