// Entry point: login, then the chat; logout and an ended session bring the login back.
import { createApi, syncUrl } from "./api.js";
import { startChat } from "./chat.js";
import { clearSession, loadSession, saveSession } from "./session.js";
import { createLoginForm } from "./ui/login.js";

const byId = (id) => document.getElementById(id);

const el = {
  loginView: byId("login-view"),
  chat: byId("chat-view"),
  sessionBar: byId("session-bar"),
  meName: byId("me-name"),
  logoutButton: byId("logout-button"),
  connectionStatus: byId("connection-status"),
  reconnectButton: byId("reconnect-button"),
  conversationList: byId("conversation-list"),
  backButton: byId("back-button"),
  threadTitle: byId("thread-title"),
  threadMembers: byId("thread-members"),
  messages: byId("messages"),
  messagesMore: byId("messages-more"),
  messageList: byId("message-list"),
  typingIndicator: byId("typing-indicator"),
  composer: byId("composer"),
  composerInput: byId("composer-input"),
  announcer: byId("announcer"),
};

let session = loadSession();
let chat = null;

const api = createApi({
  getToken: () => session?.token ?? null,
  onUnauthorized: () => endSession("Your session has ended. Please sign in again."),
});

const login = createLoginForm(
  { form: byId("login-form"), error: byId("login-error") },
  {
    async onLogin(username, password) {
      const result = await api.login(username, password);
      session = { token: result.token, expiresAt: result.expiresAt, user: result.user };
      saveSession(session);
      await enterChat();
    },
  });

el.logoutButton.addEventListener("click", () => endSession(""));

async function enterChat() {
  el.loginView.hidden = true;
  el.chat.hidden = false;
  el.sessionBar.hidden = false;
  el.meName.textContent = session.user.name ?? session.user.id;
  const url = await syncUrl(api);
  if (!session) return; // logged out meanwhile
  chat = startChat({
    api,
    user: session.user,
    token: session.token,
    url,
    el,
    onSessionEnded: () => endSession("Your session has expired. Please sign in again."),
  });
}

function showLogin(message) {
  el.chat.hidden = true;
  el.sessionBar.hidden = true;
  el.loginView.hidden = false;
  login.show(message);
}

function endSession(message) {
  chat?.stop();
  chat = null;
  session = null;
  clearSession();
  showLogin(message);
}

if (session) enterChat();
else showLogin("");
