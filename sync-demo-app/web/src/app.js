// Entry point of the chat page: login, then the chat; logout and an ended session bring the login back.
import { startChat } from "./chat.js";
import { startSessionPage } from "./sessionPage.js";

const byId = (id) => document.getElementById(id);

const el = {
  chat: byId("chat-view"),
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

startSessionPage(el.chat, ({ api, user, token, url, onSessionEnded }) =>
  startChat({ api, user, token, url, el, onSessionEnded }));
