// Shared helpers for the tests that drive the demo's pages in real headless Chromium
// (browser.test.mjs: the chat, orders-browser.test.mjs: the orders board): the browser, REST calls,
// a logged-in page, the connection indicator, screenshots. Not a test file: importing it has no
// side effects (a bare `node --test` may load it).
//
// Every wait is a Playwright wait on the page's state with a timeout, never a sleep (the server's
// counters, which have no event, are polled with a deadline).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { cuttableProxy } from "./proxy.mjs";

/** The demo's HTTP address (page + REST), e.g. http://127.0.0.1:41234; set by the *BrowserTest classes. */
export const DEMO_URL = process.env.DEMO_URL;
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? "screenshots";
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const PASSWORD = "demo";

/** Failure guards for one wait. */
export const WAIT_MS = 10_000;
/** Losing and regaining the connection includes the client's backoff (at most 5 s a step). */
export const RECONNECT_WAIT_MS = 30_000;

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  // both pages count as on screen (the page marks messages read only while visible)
  "--disable-renderer-backgrounding",
  "--disable-background-timer-throttling",
  "--disable-backgrounding-occluded-windows",
];

/** A headless Chromium with the arguments above. */
export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * Runs `body(browser, pages)` in a new browser; `pages` is for `body` to fill (name -> page): on
 * failure each gets a screenshot `failure-<name>-<page name>.png`. The browser is closed after.
 */
export async function withBrowser(name, body) {
  const browser = await launch();
  const pages = {};
  try {
    await body(browser, pages);
  } catch (error) {
    for (const [who, page] of Object.entries(pages)) {
      await screenshot(page, `failure-${name}-${who}.png`).catch((e) => console.log(`no screenshot of ${who}: ${e}`));
    }
    throw error;
  } finally {
    await browser.close();
  }
}

/** A {@link cuttableProxy} to the Socket.IO server of the demo at `base` (from its `GET /api/config`). */
export async function proxyToSocketServer(base) {
  const config = await rest("GET", "/api/config", { base });
  return cuttableProxy(`http://127.0.0.1:${config.syncPort}`);
}

export async function rest(method, path, { token, body, headers = {}, base = DEMO_URL } = {}) {
  const response = await fetch(new URL(path, base), {
    method,
    headers: {
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path} -> ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * A page logged in as `username` showing "Live"; on the demo at `base`, on its page `path` (the
 * chat by default), and with `syncUrl` the page is told to reach the Socket.IO server there (its
 * `GET /api/config` answered by the test).
 */
export async function loggedIn(browser, username, viewport, { base = DEMO_URL, syncUrl, path = "/" } = {}) {
  const context = await browser.newContext({ viewport });
  if (syncUrl) await context.route("**/api/config", (route) => route.fulfill({ json: { syncUrl } }));
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on("pageerror", (error) => console.log(`[${username} page error] ${error.stack ?? error}`));
  page.on("console", (message) => {
    // connection refusals while the Socket.IO server is down, and resets while the network is cut, are expected
    if (/ERR_CONNECTION_(REFUSED|RESET)/.test(message.text())) return;
    if (message.type() === "error" || message.type() === "warning") {
      console.log(`[${username} console.${message.type()}] ${message.text()}`);
    }
  });
  await page.goto(new URL(path, base).href);
  await page.getByTestId("login-username").fill(username);
  await page.getByTestId("login-password").fill(PASSWORD);
  await page.getByTestId("login-submit").click();
  await connectionState(page, "live");
  return page;
}

export function connectionState(page, state, timeout = WAIT_MS) {
  return page.locator(`[data-testid="connection-status"][data-state="${state}"]`).waitFor({ timeout });
}

/** Waits for the page's `connects`-th connection to be live; resolves with whether it recovered. */
export async function connection(page, connects, timeout = WAIT_MS) {
  const status = page.locator(`[data-testid="connection-status"][data-state="live"][data-connects="${connects}"]`);
  await status.waitFor({ timeout });
  return (await status.getAttribute("data-recovered")) === "true";
}

/** Polls the demo's `GET /api/stats` (syncio's counters, no event to wait for) until `predicate` holds. */
export async function statsUntil(base, token, predicate, what, timeout = RECONNECT_WAIT_MS) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const stats = await rest("GET", "/api/stats", { base, token });
    if (predicate(stats)) return stats;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}: ${JSON.stringify(stats)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, name);
  await page.screenshot({ path, fullPage: false });
  console.log(`screenshot: ${path}`);
}
