// The demo chat page in real headless Chromium (playwright-core, Debian's /usr/bin/chromium):
// alice (desktop) and bob (phone width) in two browser contexts. Started by ChatPageBrowserTest,
// which runs the demo service and passes:
//   DEMO_URL       the demo's HTTP address (page + REST), e.g. http://127.0.0.1:41234
//   CONTROL_URL    POST /sync/stop and /sync/start stop and start the demo's Socket.IO server
//   SCREENSHOT_DIR where chat.png (always) and failure-*.png (on failure) go
//   WEBHOOK_SECRET optional: the inbound webhook's secret (adds a webhook message while offline)
//   CHROMIUM       optional: the browser executable (default /usr/bin/chromium)
// Every wait is a Playwright wait on the page's state with a timeout, never a sleep.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { chromium } from "playwright-core";

const { DEMO_URL, CONTROL_URL, WEBHOOK_SECRET } = process.env;
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? "screenshots";
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const PASSWORD = "demo";

/** Failure guards for one wait. */
const WAIT_MS = 10_000;
/** Losing and regaining the connection includes the client's backoff (at most 5 s a step). */
const RECONNECT_WAIT_MS = 30_000;

const CHROMIUM_ARGS = [
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

// ---- REST helpers (carol, the webhook, the control endpoint) ----

async function rest(method, path, { token, body, headers = {} } = {}) {
  const response = await fetch(new URL(path, DEMO_URL), {
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

async function control(action) {
  const response = await fetch(new URL(`/sync/${action}`, CONTROL_URL), { method: "POST" });
  assert.equal(response.status, 204, `control ${action} -> ${response.status} ${await response.text()}`);
}

// ---- page helpers ----

/** A page logged in as `username` showing "Live". */
async function loggedIn(browser, username, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on("pageerror", (error) => console.log(`[${username} page error] ${error.stack ?? error}`));
  page.on("console", (message) => {
    // connection refusals while the Socket.IO server is down are expected
    if (/ERR_CONNECTION_REFUSED/.test(message.text())) return;
    if (message.type() === "error" || message.type() === "warning") {
      console.log(`[${username} console.${message.type()}] ${message.text()}`);
    }
  });
  await page.goto(DEMO_URL);
  await page.getByTestId("login-username").fill(username);
  await page.getByTestId("login-password").fill(PASSWORD);
  await page.getByTestId("login-submit").click();
  await connectionState(page, "live");
  return page;
}

function connectionState(page, state, timeout = WAIT_MS) {
  return page.locator(`[data-testid="connection-status"][data-state="${state}"]`).waitFor({ timeout });
}

function conversation(page, title) {
  return page.getByTestId("conversation-item").filter({ has: page.getByTestId("conversation-title").getByText(title, { exact: true }) });
}

async function open(page, title) {
  await conversation(page, title).click();
  await page.getByTestId("thread-title").getByText(title, { exact: true }).waitFor();
  await page.getByTestId("composer-input").waitFor();
}

function message(page, text) {
  return page.getByTestId("message-item").filter({ has: page.getByTestId("message-text").getByText(text, { exact: true }) });
}

function tick(page, text, status) {
  return message(page, text).locator(`[data-testid="message-tick"][data-status="${status}"]`);
}

async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, name);
  await page.screenshot({ path, fullPage: false });
  console.log(`screenshot: ${path}`);
}

test("two users chat live, see typing and read ticks, and catch up after the Socket.IO server restarts",
  { timeout: 150_000, skip: !DEMO_URL && "DEMO_URL is not set (ChatPageBrowserTest runs this)" },
  async () => {
    assert.ok(CONTROL_URL, "CONTROL_URL is not set");
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const pages = {};
    try {
      pages.alice = await loggedIn(browser, "alice", { width: 1100, height: 720 });
      pages.bob = await loggedIn(browser, "bob", { width: 390, height: 760 }); // phone: one column
      const { alice, bob } = pages;

      // bob's phone shows the list, then only the thread once one is open
      await open(alice, "General");
      await open(bob, "General");
      assert.equal(await bob.getByTestId("conversation-list").isVisible(), false, "phone layout: the list gives way to the thread");

      // presence: each sees the other online in General
      await conversation(alice, "General").locator('[data-testid="presence-dot"][data-user="bob"]').waitFor();
      await bob.locator('[data-testid="member"][data-user="alice"][data-online="true"]').waitFor();

      // typing
      const hello = `Hello bob ${randomUUID().slice(0, 8)}`;
      await alice.getByTestId("composer-input").pressSequentially(hello.slice(0, 5));
      await bob.getByTestId("typing-indicator").getByText("alice is typing...").waitFor();

      // send: bob sees it live, alice's tick goes sent -> read (bob has the conversation open)
      await alice.getByTestId("composer-input").fill(hello);
      await alice.getByTestId("composer-send").click();
      await message(bob, hello).waitFor();
      await bob.getByTestId("typing-indicator").getByText("alice is typing...").waitFor({ state: "detached" });
      await tick(alice, hello, "read").waitFor();
      assert.equal(await message(alice, hello).count(), 1, "the acked message replaced the pending one");

      // the Socket.IO server goes away: both indicators turn red
      await control("stop");
      await Promise.all([
        connectionState(alice, "offline", RECONNECT_WAIT_MS),
        connectionState(bob, "offline", RECONNECT_WAIT_MS),
      ]);
      await alice.getByTestId("reconnect-button").waitFor();

      // meanwhile, messages arrive over REST (carol) and the webhook (bob, in the direct conversation)
      const carol = await rest("POST", "/api/login", { body: { username: "carol", password: PASSWORD } });
      const general = (await rest("GET", "/api/conversations", { token: carol.token }))
        .find((c) => c.title === "General");
      const whileAway = `While you were away ${randomUUID().slice(0, 8)}`;
      await rest("POST", `/api/conversations/${general.id}/messages`,
        { token: carol.token, body: { text: whileAway, clientMessageId: randomUUID() } });
      const fromWebhook = `Via the webhook ${randomUUID().slice(0, 8)}`;
      if (WEBHOOK_SECRET) {
        const bobLogin = await rest("POST", "/api/login", { body: { username: "bob", password: PASSWORD } });
        const direct = (await rest("GET", "/api/conversations", { token: bobLogin.token }))
          .find((c) => c.type === "direct");
        await rest("POST", "/api/webhooks/inbound", {
          headers: { "X-Webhook-Secret": WEBHOOK_SECRET },
          body: { conversationId: direct.id, senderId: "bob", text: fromWebhook },
        });
      }
      assert.equal(await message(alice, whileAway).count(), 0, "nothing arrives while offline");

      // back: alice presses Reconnect, bob's page retries by itself
      await control("start");
      await alice.getByTestId("reconnect-button").click();
      await Promise.all([
        connectionState(alice, "live", RECONNECT_WAIT_MS),
        connectionState(bob, "live", RECONNECT_WAIT_MS),
      ]);

      // the reconnect was not recovered, so both pages refetched: what was sent meanwhile is there
      await message(alice, whileAway).waitFor();
      await message(bob, whileAway).waitFor();
      if (WEBHOOK_SECRET) {
        await conversation(alice, "Alice & Bob").getByTestId("conversation-preview").getByText(fromWebhook, { exact: false }).waitFor();
        await conversation(alice, "Alice & Bob").getByTestId("unread-badge").getByText("1", { exact: true }).waitFor();
      }

      // and the pages joined their conversations again: live messages flow both ways
      const after = `Back online ${randomUUID().slice(0, 8)}`;
      await bob.getByTestId("composer-input").fill(after);
      await bob.getByTestId("composer-input").press("Enter");
      await message(alice, after).waitFor();
      await tick(bob, after, "read").waitFor();

      await screenshot(alice, "chat.png");
      await screenshot(bob, "chat-phone.png");
    } catch (error) {
      for (const [name, page] of Object.entries(pages)) {
        await screenshot(page, `failure-${name}.png`).catch((e) => console.log(`no screenshot of ${name}: ${e}`));
      }
      throw error;
    } finally {
      await browser.close();
    }
  });

test("scrolling to the top of a long conversation loads older messages, oldest first",
  { timeout: 90_000, skip: !DEMO_URL && "DEMO_URL is not set (ChatPageBrowserTest runs this)" },
  async () => {
    // carol starts a conversation with alice and fills it before alice logs in
    const carol = await rest("POST", "/api/login", { body: { username: "carol", password: PASSWORD } });
    const title = `History ${randomUUID().slice(0, 8)}`;
    const created = await rest("POST", "/api/conversations", { token: carol.token, body: { title, memberIds: ["alice"] } });
    const total = 65;
    for (let n = 1; n <= total; n += 1) {
      await rest("POST", `/api/conversations/${created.id}/messages`,
        { token: carol.token, body: { text: `${title} #${n}`, clientMessageId: randomUUID() } });
    }

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    let alice;
    try {
      alice = await loggedIn(browser, "alice", { width: 1100, height: 720 });
      await conversation(alice, title).getByTestId("unread-badge").getByText(String(total), { exact: true }).waitFor();
      await open(alice, title);
      await message(alice, `${title} #${total}`).waitFor();
      const items = alice.getByTestId("message-item");
      assert.equal(await items.count(), 30, "the first page");
      await conversation(alice, title).getByTestId("unread-badge").waitFor({ state: "detached" });

      const scroller = alice.getByTestId("message-scroller");
      for (const expected of [60, total]) {
        await scroller.evaluate((el) => el.scrollTo(0, 0));
        await alice.waitForFunction((n) => document.querySelectorAll('[data-testid="message-item"]').length === n,
          expected, { timeout: WAIT_MS });
      }
      const texts = await alice.getByTestId("message-text").allTextContents();
      assert.deepEqual(texts, Array.from({ length: total }, (_, i) => `${title} #${i + 1}`));
      // no further requests once everything is there
      await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await scroller.evaluate((el) => el.scrollTo(0, 0));
      assert.equal(await items.count(), total);
    } catch (error) {
      if (alice) await screenshot(alice, "failure-history.png").catch(() => {});
      throw error;
    } finally {
      await browser.close();
    }
  });
