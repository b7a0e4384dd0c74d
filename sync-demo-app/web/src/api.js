// The demo's REST API (docs/demo.md). Errors come back as ApiError with the server's code.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * @param getToken       returns the current bearer token (or null)
 * @param onUnauthorized called when an authenticated request gets 401 (the session is over)
 */
export function createApi({ getToken, onUnauthorized }) {
  async function request(method, path, body) {
    const token = getToken();
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await response.json().catch(() => null);
    if (!response.ok) {
      const error = new ApiError(response.status, data?.error?.code ?? `http_${response.status}`,
        data?.error?.message ?? response.statusText);
      if (response.status === 401 && token) onUnauthorized(error);
      throw error;
    }
    return data;
  }

  const conversationPath = (id) => `/api/conversations/${encodeURIComponent(id)}`;

  return {
    login: (username, password) => request("POST", "/api/login", { username, password }),
    /** `{syncPort}` or `{syncUrl}`: where the Socket.IO server listens. */
    config: () => request("GET", "/api/config"),
    conversations: () => request("GET", "/api/conversations"),
    /** `{messages, hasMore}`, newest last. */
    messages(conversationId, { before, limit = 30 } = {}) {
      const query = new URLSearchParams({ limit: String(limit) });
      if (before) query.set("before", before);
      return request("GET", `${conversationPath(conversationId)}/messages?${query}`);
    },
    orders: () => request("GET", "/api/orders"),
    createOrder: (number, customer) => request("POST", "/api/orders", { number, customer }),
    /** `changes`: some of `{paid, produced, shipped}`; `version`: the one the change is based on. */
    updateOrder: (id, changes, version) =>
      request("PATCH", `/api/orders/${encodeURIComponent(id)}`, { ...changes, version }),
    setStatus: (conversationId, messageId, status) =>
      request("POST", `${conversationPath(conversationId)}/messages/${encodeURIComponent(messageId)}/status`, { status }),
  };
}

/** The Socket.IO address: `syncUrl` if the server gives one, else this host on `syncPort` (default 9092). */
export async function syncUrl(api) {
  let config = {};
  try {
    config = await api.config();
  } catch (error) {
    console.warn("GET /api/config failed; assuming the Socket.IO server on port 9092", error);
  }
  if (config.syncUrl) return config.syncUrl;
  return `${location.protocol}//${location.hostname}:${config.syncPort ?? 9092}`;
}
