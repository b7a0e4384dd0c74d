// The demo's orders board (/orders.html) in real headless Chromium (playwright-core, Debian's
// /usr/bin/chromium): alice and bob in two browser contexts. Started by OrdersBoardBrowserTest,
// which runs the demo service and passes:
//   DEMO_URL       the demo's HTTP address (pages + REST), e.g. http://127.0.0.1:41234
//   SCREENSHOT_DIR where orders.png (always) and failure-orders-*.png (on failure) go
//   CHROMIUM       optional: the browser executable (default /usr/bin/chromium)
//   SHORT_RECOVERY_DEMO_URL optional: another demo whose recovery window is short (the page's
//                  reconnect after it is not recovered; that test is skipped without it)
// Each test creates its own orders (unique numbers), so the tests do not depend on each other.
// Every wait is a Playwright wait on the page's state with a timeout, never a sleep.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
  DEMO_URL, PASSWORD, RECONNECT_WAIT_MS, connection, loggedIn, proxyToSocketServer, rest, screenshot, statsUntil,
  withBrowser,
} from "./demo-pages.mjs";

const { SHORT_RECOVERY_DEMO_URL } = process.env;
const ORDERS_PAGE = "/orders.html";
const DESKTOP = { width: 1100, height: 720 };

// ---- helpers ----

/** Each user's REST token, one login per user and demo: the demo throttles logins per address. */
const tokens = new Map();

async function token(username, base = DEMO_URL) {
  const key = `${base} ${username}`;
  if (!tokens.has(key)) {
    tokens.set(key, (await rest("POST", "/api/login", { base, body: { username, password: PASSWORD } })).token);
  }
  return tokens.get(key);
}

/** A new order over REST (carol), with a number no other test uses. */
async function newOrder(customer, base = DEMO_URL) {
  const number = `T-${randomUUID().slice(0, 8)}`;
  return rest("POST", "/api/orders", { base, token: await token("carol", base), body: { number, customer } });
}

function row(page, order) {
  return page.locator(`[data-testid="order-row"][data-id="${order.id}"]`);
}

function pending(page, order, yes) {
  return page.locator(`[data-testid="order-row"][data-id="${order.id}"][data-pending="${yes}"]`).waitFor();
}

function box(page, order, flag) {
  return row(page, order).getByTestId(`order-${flag}`);
}

/** Waits until the page shows the order at `version` with exactly these flags ticked. */
async function shows(page, order, version, ticked, timeout) {
  await page.locator(`[data-testid="order-row"][data-id="${order.id}"][data-version="${version}"]`).waitFor({ timeout });
  for (const flag of ["paid", "produced", "shipped"]) {
    assert.equal(await box(page, order, flag).isChecked(), ticked.includes(flag),
      `${order.number} v${version}: ${flag} ${ticked.includes(flag) ? "ticked" : "not ticked"}`);
  }
}

/**
 * Holds the page's next PATCH of an order until `release()`; `arrived` resolves when the page sent
 * it. Other requests go through.
 */
async function holdNextPatch(page) {
  let arrive;
  const arrived = new Promise((resolve) => { arrive = resolve; });
  let held = null;
  await page.route("**/api/orders/*", async (route) => {
    if (route.request().method() !== "PATCH" || held) return route.continue();
    held = route;
    arrive(route.request().postDataJSON());
  });
  return {
    arrived,
    async release() {
      await held.continue();
      await page.unroute("**/api/orders/*");
    },
  };
}

// ---- tests ----

test("a tick in one page appears in the other without reload, and only once the server confirmed it",
  { timeout: 120_000, skip: !DEMO_URL && "DEMO_URL is not set (OrdersBoardBrowserTest runs this)" },
  () => withBrowser("orders-live", async (browser, pages) => {
    pages.alice = await loggedIn(browser, "alice", DESKTOP, { path: ORDERS_PAGE });
    pages.bob = await loggedIn(browser, "bob", { width: 760, height: 720 }, { path: ORDERS_PAGE });
    const { alice, bob } = pages;

    // created elsewhere (carol over REST): both boards show it live
    const order = await newOrder("Globex");
    await shows(alice, order, 1, []);
    await shows(bob, order, 1, []);

    // alice ticks "paid"; her PATCH is held: nothing changes anywhere until the server answers
    const patch = await holdNextPatch(alice);
    await box(alice, order, "paid").click();
    assert.deepEqual(await patch.arrived, { paid: true, version: 1 }, "the change names the version it is based on");
    await pending(alice, order, true);
    assert.equal(await box(alice, order, "paid").isChecked(), false, "not ticked before the server confirmed it");
    assert.equal(await box(bob, order, "paid").isChecked(), false);
    assert.equal(await row(alice, order).getAttribute("data-version"), "1");

    await patch.release();
    await shows(alice, order, 2, ["paid"]);
    await shows(bob, order, 2, ["paid"]);
    await pending(alice, order, false);

    // and back the other way: bob ticks "produced", alice sees it
    await box(bob, order, "produced").click();
    await shows(bob, order, 3, ["paid", "produced"]);
    await shows(alice, order, 3, ["paid", "produced"]);

    // a new order from alice's form reaches bob
    const number = `F-${randomUUID().slice(0, 8)}`;
    await alice.getByTestId("order-form-number").fill(number);
    await alice.getByTestId("order-form-customer").fill("Soylent");
    await alice.getByTestId("order-form-submit").click();
    await bob.locator(`[data-testid="order-row"][data-number="${number}"][data-version="1"]`).waitFor();

    // the pages link to each other
    await alice.getByTestId("nav-chat").waitFor();
    await screenshot(alice, "orders.png");
  }));

test("a change refused because someone else changed the order first shows a notice and the latest state",
  { timeout: 90_000, skip: !DEMO_URL && "DEMO_URL is not set (OrdersBoardBrowserTest runs this)" },
  () => withBrowser("orders-conflict", async (browser, pages) => {
    pages.alice = await loggedIn(browser, "alice", DESKTOP, { path: ORDERS_PAGE });
    const { alice } = pages;
    const order = await newOrder("Initrode");
    await shows(alice, order, 1, []);

    // alice clicks "shipped" at version 1; before her PATCH reaches the server, bob ticks "paid"
    const patch = await holdNextPatch(alice);
    await box(alice, order, "shipped").click();
    await patch.arrived;
    await rest("PATCH", `/api/orders/${order.id}`, { token: await token("bob"), body: { paid: true, version: 1 } });
    await shows(alice, order, 2, ["paid"]); // bob's change arrives live meanwhile

    await patch.release(); // version 1 is stale now: 409
    await alice.getByTestId("orders-notice").getByText("changed by someone else", { exact: false }).waitFor();
    await pending(alice, order, false);
    await shows(alice, order, 2, ["paid"]);
    const stored = (await rest("GET", "/api/orders", { token: await token("alice") })).find((o) => o.id === order.id);
    assert.equal(stored.shipped, false, "the refused change was not stored");
  }));

/**
 * Alice's board reaches the Socket.IO server through a TCP proxy that the test cuts (every
 * connection reset, new ones refused) while bob ticks boxes on his board; then the network comes
 * back. With `recovered` the reconnect recovers the session: the missed changes are replayed and
 * nothing is fetched. Otherwise the demo's short window has passed: the page subscribes again and
 * refetches the list.
 */
async function dropAndComeBack(base, { recovered }) {
  const proxy = await proxyToSocketServer(base);
  try {
    await withBrowser(`orders-${recovered ? "recovered" : "not-recovered"}`, (browser, pages) =>
      boardDropsAndComesBack(base, proxy, browser, pages, recovered));
  } finally {
    proxy.close();
  }
}

async function boardDropsAndComesBack(base, proxy, browser, pages, recovered) {
  const carolToken = await token("carol", base);
  pages.bob = await loggedIn(browser, "bob", DESKTOP, { base, path: ORDERS_PAGE }); // online throughout
  pages.alice = await loggedIn(browser, "alice", DESKTOP, { base, path: ORDERS_PAGE, syncUrl: proxy.url });
  const { alice, bob } = pages;
  assert.equal(await connection(alice, 1), false, "a first connection recovers nothing");
  const order = await newOrder("Cyberdyne", base);
  await shows(alice, order, 1, []); // live, so the page's client knows how far it got
  const statsBefore = await rest("GET", "/api/stats", { base, token: carolToken });

  const fetches = [];
  alice.on("request", (request) => {
    const { pathname } = new URL(request.url());
    if (request.method() === "GET" && pathname === "/api/orders") fetches.push(pathname);
  });

  proxy.cut();
  await alice.locator('[data-testid="connection-status"]:not([data-state="live"])').waitFor({ timeout: RECONNECT_WAIT_MS });
  await box(bob, order, "paid").click();
  await shows(bob, order, 2, ["paid"]);
  await box(bob, order, "shipped").click();
  await shows(bob, order, 3, ["paid", "shipped"]);
  if (!recovered) {
    // the server saw the drop and its short window passed: alice's session is gone (bob's stays)
    await statsUntil(base, carolToken, (s) => s.recoverySessions === statsBefore.recoverySessions - 1,
      "alice's session to expire");
  }
  assert.equal(await box(alice, order, "paid").isChecked(), false, "nothing arrives while the network is down");

  proxy.restore();
  assert.equal(await connection(alice, 2, RECONNECT_WAIT_MS), recovered,
    recovered ? "the reconnect recovered the session" : "the reconnect got a fresh session");
  await shows(alice, order, 3, ["paid", "shipped"], RECONNECT_WAIT_MS);

  // and live changes flow again (subscribed again, or still)
  await box(bob, order, "produced").click();
  await shows(alice, order, 4, ["paid", "produced", "shipped"]);
  if (recovered) {
    assert.deepEqual(fetches, [], "a recovered page fetches nothing: the missed changes were replayed");
  } else {
    assert.deepEqual(fetches, ["/api/orders"], "a page that was not recovered refetches the list once");
  }
}

test("a board whose network drops shows the changes it missed when it comes back, without refetching",
  { timeout: 120_000, skip: !DEMO_URL && "DEMO_URL is not set (OrdersBoardBrowserTest runs this)" },
  () => dropAndComeBack(DEMO_URL, { recovered: true }));

test("a board that comes back after the recovery window subscribes again and refetches",
  { timeout: 120_000, skip: !SHORT_RECOVERY_DEMO_URL && "SHORT_RECOVERY_DEMO_URL is not set (OrdersBoardBrowserTest runs this)" },
  () => dropAndComeBack(SHORT_RECOVERY_DEMO_URL, { recovered: false }));
