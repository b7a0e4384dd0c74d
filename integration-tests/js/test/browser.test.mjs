// The demo chat page in real headless Chromium (playwright-core, Debian's /usr/bin/chromium):
// alice (desktop) and bob (phone width) in two browser contexts. Started by ChatPageBrowserTest,
// which runs the demo service and passes:
//   DEMO_URL       the demo's HTTP address (page + REST), e.g. http://127.0.0.1:41234
//   CONTROL_URL    POST /sync/stop and /sync/start stop and start the demo's Socket.IO server
//   SCREENSHOT_DIR where chat.png (always) and failure-*.png (on failure) go
//   WEBHOOK_SECRET optional: the inbound webhook's secret (adds a webhook message while offline)
//   CHROMIUM       optional: the browser executable (default /usr/bin/chromium)
//   SHORT_RECOVERY_DEMO_URL optional: another demo whose recovery window is short (the page's
//                  reconnect after it is not recovered; that test is skipped without it)
// Every wait is a Playwright wait on the page's state with a timeout, never a sleep (the server's
// counters, which have no event, are polled with a deadline). Shared helpers: demo-pages.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
  DEMO_URL, PASSWORD, RECONNECT_WAIT_MS, WAIT_MS, connection, connectionState, launch, loggedIn, proxyToSocketServer,
  rest, screenshot, statsUntil,
} from "./demo-pages.mjs";

const { CONTROL_URL, WEBHOOK_SECRET, SHORT_RECOVERY_DEMO_URL } = process.env;

// ---- the control endpoint ----

async function control(action) {
  const response = await fetch(new URL(`/sync/${action}`, CONTROL_URL), { method: "POST" });
  assert.equal(response.status, 204, `control ${action} -> ${response.status} ${await response.text()}`);
}

// ---- page helpers ----

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

test("two users chat live, see typing and read ticks, and catch up after the Socket.IO server restarts",
  { timeout: 150_000, skip: !DEMO_URL && "DEMO_URL is not set (ChatPageBrowserTest runs this)" },
  async () => {
    assert.ok(CONTROL_URL, "CONTROL_URL is not set");
    const browser = await launch();
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

    const browser = await launch();
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

/**
 * Alice has General open, bob is online; alice's network drops abruptly (the TCP proxy between her page and the
 * Socket.IO server resets every connection and refuses new ones); carol sends three messages over
 * REST meanwhile; the network comes back. With `recovered` the reconnect is to recover the
 * session (the missed messages are replayed, nothing is fetched), otherwise the demo's window has
 * passed before the network comes back and the page must refetch.
 */
async function dropAndComeBack(base, { recovered }) {
  const proxy = await proxyToSocketServer(base);
  const browser = await launch();
  let alice;
  try {
    const carol = await rest("POST", "/api/login", { base, body: { username: "carol", password: PASSWORD } });
    const general = (await rest("GET", "/api/conversations", { base, token: carol.token }))
      .find((c) => c.title === "General");
    const say = (text) => rest("POST", `/api/conversations/${general.id}/messages`,
      { base, token: carol.token, body: { text, clientMessageId: randomUUID() } });

    await loggedIn(browser, "bob", { width: 390, height: 760 }, { base }); // online throughout, no proxy
    alice = await loggedIn(browser, "alice", { width: 1100, height: 720 }, { base, syncUrl: proxy.url });
    await open(alice, "General");
    const bobOnline = alice.locator('[data-testid="member"][data-user="bob"][data-online="true"]');
    await bobOnline.waitFor();
    assert.equal(await connection(alice, 1), false, "a first connection recovers nothing");
    const tag = randomUUID().slice(0, 8);
    const before = `Before the drop ${tag}`;
    await say(before);
    await message(alice, before).waitFor(); // live, so the page's client knows how far it got
    const statsBefore = await rest("GET", "/api/stats", { base, token: carol.token });

    // from here on, every GET of the conversations or messages API the page makes
    const fetches = [];
    alice.on("request", (request) => {
      const { pathname } = new URL(request.url());
      if (request.method() === "GET" && pathname.startsWith("/api/conversations")) fetches.push(pathname);
    });

    proxy.cut();
    await alice.locator('[data-testid="connection-status"]:not([data-state="live"])').waitFor({ timeout: RECONNECT_WAIT_MS });
    const missed = [1, 2, 3].map((n) => `While the network was down #${n} ${tag}`);
    for (const text of missed) await say(text);
    if (!recovered) {
      // the server saw the drop and its short window passed: alice's session is gone (bob's stays)
      await statsUntil(base, carol.token, (s) => s.recoverySessions === statsBefore.recoverySessions - 1,
        "alice's session to expire");
    }
    assert.equal(await message(alice, missed[0]).count(), 0, "nothing arrives while the network is down");

    proxy.restore();
    assert.equal(await connection(alice, 2, RECONNECT_WAIT_MS), recovered,
      recovered ? "the reconnect recovered the session" : "the reconnect got a fresh session");
    for (const text of missed) await message(alice, text).waitFor();
    await bobOnline.waitFor(); // presence is as it was (recovered) or as the joins tell (refetched)
    // and live messages flow again: a round trip after whatever the reconnect started
    const after = `After the drop ${tag}`;
    await say(after);
    await message(alice, after).waitFor();

    const texts = await alice.getByTestId("message-text").allTextContents();
    assert.deepEqual(texts.slice(-5), [before, ...missed, after], "every message once, in order");
    for (const text of [before, ...missed, after]) {
      assert.equal(texts.filter((t) => t === text).length, 1, `${text} is shown once`);
    }
    const statsAfter = await rest("GET", "/api/stats", { base, token: carol.token });
    if (recovered) {
      assert.deepEqual(fetches, [], "a recovered page fetches nothing: the missed messages were replayed");
      assert.equal(statsAfter.recoveredSessions, statsBefore.recoveredSessions + 1, JSON.stringify(statsAfter));
    } else {
      assert.ok(fetches.includes("/api/conversations"), `the list was refetched: ${fetches}`);
      assert.ok(fetches.includes(`/api/conversations/${general.id}/messages`), `the open conversation was refetched: ${fetches}`);
      assert.equal(statsAfter.unrecoveredSessions, statsBefore.unrecoveredSessions + 1, JSON.stringify(statsAfter));
    }
  } catch (error) {
    if (alice) await screenshot(alice, `failure-${recovered ? "recovered" : "not-recovered"}.png`).catch(() => {});
    throw error;
  } finally {
    await browser.close();
    proxy.close();
  }
}

test("a page whose network drops gets the messages it missed when it comes back, without refetching",
  { timeout: 90_000, skip: !DEMO_URL && "DEMO_URL is not set (ChatPageBrowserTest runs this)" },
  () => dropAndComeBack(DEMO_URL, { recovered: true }));

test("a page that comes back after the recovery window refetches and shows the messages it missed",
  { timeout: 90_000, skip: !SHORT_RECOVERY_DEMO_URL && "SHORT_RECOVERY_DEMO_URL is not set (ChatPageBrowserTest runs this)" },
  () => dropAndComeBack(SHORT_RECOVERY_DEMO_URL, { recovered: false }));
