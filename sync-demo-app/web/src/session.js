// The login session ({token, expiresAt, user}) in sessionStorage: one per tab, gone when it closes.
const KEY = "syncio.session";

export function loadSession() {
  try {
    const session = JSON.parse(sessionStorage.getItem(KEY));
    if (!session?.token || !session?.user?.id) return null;
    if (session.expiresAt && Date.parse(session.expiresAt) <= Date.now()) return null;
    return session;
  } catch {
    return null;
  }
}

export function saveSession({ token, expiresAt, user }) {
  sessionStorage.setItem(KEY, JSON.stringify({ token, expiresAt, user }));
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}
