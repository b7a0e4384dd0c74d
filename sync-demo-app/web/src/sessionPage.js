// What every page of the demo shares around its content: the login form, the session in
// sessionStorage (so moving between the chat and the orders board keeps it), the "me" bar with
// "Log out", and leaving the content when the session ends.
import { createApi, syncUrl } from "./api.js";
import { clearSession, loadSession, saveSession } from "./session.js";
import { createLoginForm } from "./ui/login.js";

/**
 * Shows the login until there is a session, then `start`s the page's content. The top bar and the
 * login are pages/shell.html's, found by their ids.
 *
 * @param content the page's own element, shown while logged in
 * @param start   `({api, user, token, url, onSessionEnded})` -> `{stop()}`: the page's content
 */
export function startSessionPage(content, start) {
  const byId = (id) => document.getElementById(id);
  const views = {
    login: byId("login-view"),
    content,
    sessionBar: byId("session-bar"),
    meName: byId("me-name"),
    logoutButton: byId("logout-button"),
    loginForm: byId("login-form"),
    loginError: byId("login-error"),
  };
  let session = loadSession();
  let running = null;

  const api = createApi({
    getToken: () => session?.token ?? null,
    onUnauthorized: () => endSession("Your session has ended. Please sign in again."),
  });

  const login = createLoginForm(
    { form: views.loginForm, error: views.loginError },
    {
      async onLogin(username, password) {
        const result = await api.login(username, password);
        session = { token: result.token, expiresAt: result.expiresAt, user: result.user };
        saveSession(session);
        await enter();
      },
    });

  views.logoutButton.addEventListener("click", () => endSession(""));

  async function enter() {
    views.login.hidden = true;
    views.content.hidden = false;
    views.sessionBar.hidden = false;
    views.meName.textContent = session.user.name ?? session.user.id;
    const url = await syncUrl(api);
    if (!session) return; // logged out meanwhile
    running = start({
      api,
      user: session.user,
      token: session.token,
      url,
      onSessionEnded: () => endSession("Your session has expired. Please sign in again."),
    });
  }

  function showLogin(message) {
    views.content.hidden = true;
    views.sessionBar.hidden = true;
    views.login.hidden = false;
    login.show(message);
  }

  function endSession(message) {
    running?.stop();
    running = null;
    session = null;
    clearSession();
    showLogin(message);
  }

  if (session) enter();
  else showLogin("");
}
