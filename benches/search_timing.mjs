// Time to first search result in headless Chromium (Debian's /usr/bin/chromium
// through playwright-core, installed by scripts/test), per locale: the first
// query (which fetches the locale's data file) and a later query (index in
// memory). Medians of 5 fresh page loads.
// usage: node benches/search_timing.mjs <base URL ending in /> [family]
import { chromium } from "playwright-core";

const [base, family = "sip"] = process.argv.slice(2);
if (!base) {
  console.error("usage: node benches/search_timing.mjs <base URL> [family]");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Milliseconds from typing `query` until the first result is in the list.
async function timed(page, query) {
  await page.fill("#search-input", "");
  await page.waitForFunction(() => !document.querySelector("#search-results [role=option]"));
  return page.evaluate((q) => new Promise((resolve) => {
    const input = document.querySelector("#search-input");
    const list = document.querySelector("#search-results");
    const t0 = performance.now();
    const done = () => resolve(performance.now() - t0);
    new MutationObserver((_, obs) => {
      if (list.querySelector("[role=option]")) { obs.disconnect(); done(); }
    }).observe(list, { childList: true });
    input.value = q;
    input.dispatchEvent(new Event("input"));
  }), query);
}

for (const [locale, query, later] of [["en", "48", "busy"], ["ru", "занят", "401"], ["zh", "忙", "鉴权"]]) {
  const first = [];
  const warm = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}${locale}/${family}/`);
    first.push(await timed(page, query));
    warm.push(await timed(page, later));
    await context.close();
  }
  console.log(`${locale}: first query ${median(first).toFixed(1)} ms (fetches the data file), later query ${median(warm).toFixed(1)} ms`);
}
await browser.close();
