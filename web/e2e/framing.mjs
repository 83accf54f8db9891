// Is /embed/{token} framed by a page of an allowed origin, and refused by another's? (SPEC 12)
// node web/e2e/framing.mjs <embed url> <allowed page url> <other page url> prints one JSON line:
// {"allowed": {"loaded": bool, "url": ...}, "other": {...}}. Each page holds one <iframe> of the
// embed url (tests/service/test_sharing.py serves them from two origins).
import { launchBrowser } from "./harness.mjs";

const [embedUrl, allowedPage, otherPage] = process.argv.slice(2);
const browser = await launchBrowser();
try {
  const result = {};
  for (const [name, pageUrl] of [["allowed", allowedPage], ["other", otherPage]]) {
    const page = await browser.newPage();
    const refused = [];
    page.on("console", (m) => { if (/frame-ancestors|refused to frame/i.test(m.text())) refused.push(m.text()); });
    await page.goto(pageUrl); // "load": after the frame's own document (or Chromium's refusal) loaded
    const frame = page.frames().find((f) => f !== page.mainFrame());
    // a refused frame holds Chromium's error page instead of the web client's (its #app)
    const served = frame !== undefined && frame.url() === embedUrl;
    const loaded = served && (await frame.$("#app")) !== null;
    // the view drew into #app and marked it ready (web/src/main.ts)
    const ready = loaded && (await frame.waitForSelector("#app[data-ready]", { timeout: 120000 }).then(() => true, () => false));
    result[name] = { loaded, ready, url: frame ? frame.url().replace(/\/embed\/.*/, "/embed/<token>") : null, refused };
    await page.close();
  }
  console.log(JSON.stringify({ embed: embedUrl.replace(/\/embed\/.*/, "/embed/<token>"), ...result }));
} finally {
  await browser.close();
}
