// What every end-to-end check uses: the browser, `check`, waiting on jobs through the API, the API
// itself, screenshots with their accessibility check, and the failures reported at the end.
// Importing it starts nothing and reads no environment (figures.mjs launches its browser here too).
import { mkdirSync, readFileSync } from "node:fs";
import { chromium } from "playwright-core";

/** Headless Chromium as the tests and figures run it (Debian's, or CHROMIUM). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
  });
}

/** A variable the run cannot do without. */
export function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** Stops the run at the first wrong answer; each passed check is one "ok - " line. */
export function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
  console.log(`ok - ${message}`);
}

/** What does not stop the run but fails it at the end: console errors, accessibility violations. */
export const failures = [];

const FINISHED = ["succeeded", "failed", "cancelled"];
const STALL_S = Number(process.env.RNNVIS_E2E_STALL_S ?? 120);

/** Waits on jobs through the API, not on the clock: `poll` lists them (id, status, progress), and the
 * wait ends once `count` of them have finished. It fails only when none of them has moved (a new job,
 * a status, a progress) for STALL_S seconds, so a slow machine waits longer and a stuck job still fails. */
export async function waitForJobs(what, poll, count) {
  let last = "";
  let moved = Date.now();
  for (;;) {
    const jobs = await poll();
    const state = JSON.stringify(jobs.map((j) => [j.id, j.status, j.progress]));
    if (state !== last) [last, moved] = [state, Date.now()];
    if (jobs.length >= count && jobs.every((j) => FINISHED.includes(j.status))) return jobs;
    if (Date.now() - moved > STALL_S * 1000) throw new Error(`${what}: no progress in ${STALL_S} s (${state})`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** GET and POST on the API with a bearer token; an answer that is not OK throws with its body. */
export function apiClient(base, token) {
  const call = async (path, init = {}) => {
    const answer = await fetch(`${base}/api/v1${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...init.headers } });
    if (!answer.ok) throw new Error(`${path}: ${answer.status} ${await answer.text()}`);
    return answer.json();
  };
  return {
    api: (path) => call(path),
    apiPost: (path, body) => call(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
  };
}

/** The URL parameters that open the co-cluster view on `co` by its settings (`prefix`: a compare panel's). */
export function coclusterParams(c, prefix = "") {
  return [["recording", c.recording_id], ["layer", c.layer], ["state", c.state], ["k", c.n_clusters], ["top", c.top_words], ["min", c.min_count], ["mode", c.mode]]
    .map(([key, value]) => `${prefix}${key}=${value}`).join("&");
}

/** The parameters of the page's current hash (#/view?...). */
export function hashParams(page) {
  return new URLSearchParams(new URL(page.url()).hash.split("?")[1]);
}

// axe-core (WCAG 2.1 A and AA, and best practices) on every view the test photographs: none may fail
let axeSource = null;
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
export async function accessibility(page, view) {
  axeSource ??= readFileSync(new URL("../node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
  await page.evaluate(axeSource); // through the debugger protocol: the page's CSP stays as it is
  const violations = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }).then((r) => r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5), count: v.nodes.length }))), AXE_TAGS);
  for (const v of violations) failures.push(`accessibility (${view}): ${v.id}: ${v.help} - ${v.count} element(s): ${v.nodes.join(", ")}`);
  console.log(`ok - ${view}: axe-core checked (${violations.length} rule(s) violated)`);
}

/** Everything the run shares, from the environment test_web.py sets (see run.mjs) and the API's
 * answers: the server, the user, the co-clustering, recording and model the views show, the browser. */
export async function setUp() {
  const base = env("RNNVIS_URL");
  const token = env("RNNVIS_TOKEN");
  const userName = env("RNNVIS_NAME");
  const password = env("RNNVIS_PASSWORD");
  const shots = env("RNNVIS_SHOTS");
  mkdirSync(shots, { recursive: true });
  const { api, apiPost } = apiClient(base, token);
  const co = await api(`/coclusterings/${env("RNNVIS_COCLUSTERING")}`);
  const text = process.env.RNNVIS_TEXT ?? "the company said it will sell its stake in the unit";
  const rec = await api(`/recordings/${co.recording_id}`);
  const model = await api(`/models/${env("RNNVIS_MODEL")}`);
  const browser = await launchBrowser();
  return { base, token, userName, password, shots, api, apiPost, co, text, rec, model, browser };
}

/** One window size's page, signed out, its console errors and page errors recorded as failures; with
 * `shot` (a screenshot, after checking that nothing runs past the window's width, and axe-core) and
 * `go` (open a view and wait until it is drawn). */
export async function openViewport(run, viewport) {
  const page = await run.browser.newPage({ viewport });
  page.on("console", (m) => m.type() === "error" && !/status of 4\d\d/.test(m.text()) && failures.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => failures.push(`page error: ${e.message}`));
  const tag = `${viewport.width}x${viewport.height}`;
  const shot = async (name) => {
    // nothing wider than the window: a chart cut at the right edge, or a page to scroll sideways
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `${tag} ${name}: the page fits the window's width (${overflow} px over)`);
    await page.screenshot({ path: `${run.shots}/${name}-${tag}.png`, fullPage: true });
    await accessibility(page, `${name} ${tag}`);
  };
  const go = async (hash) => {
    await page.goto(`${run.base}/${hash}`);
    await page.waitForSelector("#app[data-ready=true]", { timeout: 30000 });
  };
  return { ...run, page, viewport, tag, shot, go };
}
