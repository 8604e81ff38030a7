// End-to-end checks of the built real site in headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core; no browser download).
// usage: node tests/e2e/browser.mjs <base URL ending in /> <screenshot folder>
// Prints one line per check and exits non-zero when any fails.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

// Any further arguments are pages (relative to base) that must also fit a
// 360 px screen, such as the code pages with the widest call-flow diagrams.
const [base, shots, ...extraPages] = process.argv.slice(2);
if (!base || !shots) {
  console.error("usage: node tests/e2e/browser.mjs <base URL> <screenshot folder>");
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

const failures = [];
const consoleErrors = [];
const offsite = [];

async function newPage(options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(`${page.url()}: ${m.text()}`); });
  page.on("pageerror", (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) offsite.push(r.url()); });
  return page;
}

async function check(name, fn) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (e) {
    failures.push(name);
    console.log(`FAIL ${name}: ${e.message}`);
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

// Types `query` into the search box and returns the codes listed.
async function search(page, query) {
  const input = page.locator("#search-input");
  // Clear first and wait for the list to empty, so the answer read below
  // belongs to this query and not to the one before.
  await input.fill("");
  await page.waitForFunction(() => document.querySelectorAll("#search-results [role=option]").length === 0);
  await input.fill(query);
  await page.waitForFunction(
    () => document.querySelectorAll("#search-results [role=option]").length > 0
      || document.querySelector("#search-status").textContent !== "",
    null, { timeout: 5000 });
  return page.$$eval("#search-results [role=option] strong", (xs) => xs.map((x) => x.textContent));
}

const page = await newPage({ viewport: { width: 1280, height: 900 } });

await check("search by number lists the codes it begins", async () => {
  await page.goto(base + "en/sip/");
  const t0 = Date.now();
  const codes = await search(page, "48");
  console.log(`     time to first result (first query, index fetched): ${Date.now() - t0} ms`);
  assert(codes.length >= 5 && codes.every((c) => c.startsWith("48")), `got ${codes}`);
  assert(codes.includes("486") && codes.includes("480"), `got ${codes}`);
});

await check("search by an English word finds the authentication codes", async () => {
  const codes = await search(page, "auth");
  assert(codes.includes("401") && codes.includes("407"), `got ${codes}`);
});

await check("a pasted status line finds its code first", async () => {
  const codes = await search(page, "SIP/2.0 486 Busy Here");
  assert(codes[0] === "486", `got ${codes}`);
});

await check("the status is announced to screen readers", async () => {
  await search(page, "486");
  const status = await page.textContent("#search-status");
  assert(/1/.test(status), `status: ${status}`);
  const expanded = await page.getAttribute("#search-input", "aria-expanded");
  assert(expanded === "true", `aria-expanded=${expanded}`);
});

await check("arrow keys and Enter open the chosen result; Escape closes the list", async () => {
  await search(page, "48");
  await page.keyboard.press("ArrowDown");
  const chosen = await page.$eval("[role=option][aria-selected=true] strong", (x) => x.textContent);
  await Promise.all([page.waitForURL(`**/sip/${chosen}/`), page.keyboard.press("Enter")]);
  await search(page, "48");
  await page.keyboard.press("Escape");
  const open = await page.$$eval("#search-results [role=option]", (xs) => xs.length);
  assert(open === 0, `${open} results still listed`);
});

await check("search by a Russian word", async () => {
  await page.goto(base + "ru/sip/");
  const codes = await search(page, "занято");
  assert(codes.includes("486"), `got ${codes}`);
});

await check("search by a Chinese word, without spaces", async () => {
  await page.goto(base + "zh/sip/");
  const codes = await search(page, "忙");
  assert(codes.includes("486"), `got ${codes}`);
  const auth = await search(page, "鉴权");
  assert(auth.includes("401") && auth.includes("407"), `got ${auth}`);
});

for (const [a, b] of [["302", "401"], ["401", "302"]]) {
  await check(`the picker reaches the pair page from ${a} and ${b}`, async () => {
    await page.goto(base + "en/sip/");
    await page.selectOption("#pair-picker select[name=a]", a);
    await page.selectOption("#pair-picker select[name=b]", b);
    await Promise.all([page.waitForURL("**/sip/302-vs-401/"), page.click("#pair-picker button")]);
  });
}

await check("the language switcher keeps the page", async () => {
  await page.goto(base + "en/sip/302-vs-401/");
  await Promise.all([page.waitForURL("**/ru/sip/302-vs-401/"), page.click(".languages a[hreflang=ru]")]);
});

await check("without JavaScript the picker and the search are hidden", async () => {
  const noJs = await newPage({ javaScriptEnabled: false });
  await noJs.goto(base + "en/sip/");
  assert(!(await noJs.isVisible("#pair-picker")), "picker visible");
  assert(!(await noJs.isVisible(".search")), "search visible");
  await noJs.context().close();
});

// Elements wider than a 360 px viewport, outside a labelled scroll box.
async function overflow(p) {
  return p.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [];
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 0.5) continue;
      if (el.closest("[role=region][aria-label]")) continue;
      wide.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)}`);
    }
    if (document.documentElement.scrollWidth > width) wide.push(`page scrollWidth=${document.documentElement.scrollWidth}`);
    return wide.slice(0, 5);
  });
}

const phone = await newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1 });
const wide = await newPage({ viewport: { width: 1280, height: 900 } });
const pages = [
  "en/", "ru/", "zh/", "en/sip/", "ru/sip/", "zh/sip/",
  "en/sip/302/", "ru/sip/401/", "zh/sip/183/", "ru/sip/503/",
  "ru/sip/302-vs-401/", "en/sip/401-vs-407/", "zh/sip/486-vs-600/", "ru/sip/100-vs-183/",
  ...extraPages,
];
for (const rel of pages) {
  await check(`no sideways scroll at 360 px: ${rel}`, async () => {
    await phone.goto(base + rel);
    const found = await overflow(phone);
    assert(found.length === 0, found.join("; "));
  });
}

// WCAG 2.2 target size (minimum): a control that stands alone is at least
// 24 px high; links inside a sentence are exempt.
const standalone = [
  ".site-header a", ".breadcrumbs a", ".toc a", ".code-list dt a", ".comparisons a",
  ".cards a", "#search-input", "#pair-picker select", "#pair-picker button",
];
for (const rel of ["en/", "ru/sip/", "zh/sip/401/", "ru/sip/302-vs-401/"]) {
  await check(`tap targets of at least 24 px at 360 px: ${rel}`, async () => {
    await phone.goto(base + rel);
    const small = await phone.evaluate((selectors) => {
      const out = [];
      for (const el of document.querySelectorAll(selectors.join(","))) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height < 24) out.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 20)}" ${r.height.toFixed(1)} px`);
      }
      return out.slice(0, 5);
    }, standalone);
    assert(small.length === 0, small.join("; "));
  });
}

await check("screenshots of a code and a pair page at 360 and 1280 px", async () => {
  for (const [rel, name] of [["ru/sip/401/", "code-ru-401"], ["ru/sip/302-vs-401/", "pair-ru-302-vs-401"]]) {
    await phone.goto(base + rel);
    await phone.screenshot({ path: `${shots}/${name}-360.png`, fullPage: true });
    await wide.goto(base + rel);
    await wide.screenshot({ path: `${shots}/${name}-1280.png`, fullPage: true });
  }
});

await check("no console errors on any page visited", async () => {
  assert(consoleErrors.length === 0, consoleErrors.join("; "));
});

await check("no request leaves the site", async () => {
  assert(offsite.length === 0, offsite.join("; "));
});

await browser.close();
if (failures.length) {
  console.log(`${failures.length} check(s) failed`);
  process.exit(1);
}
console.log("all checks passed");
