// End-to-end: every view in headless Chromium against a running `rnnvis serve` holding data made
// through the API. Counts are checked against the API's own answers; a screenshot of each view is
// saved. Run by tests/service/test_web.py, which creates the data and passes it in the environment:
//   RNNVIS_URL, RNNVIS_TOKEN, RNNVIS_MODEL, RNNVIS_RECORDING, RNNVIS_COCLUSTERING, RNNVIS_SHOTS,
//   RNNVIS_NAME and RNNVIS_PASSWORD (the same user's password sign-in), RNNVIS_ADMIN_TOKEN,
//   RNNVIS_SSO_SUBJECT, RNNVIS_SSO_NAME and RNNVIS_SSO_LABEL (single sign-on at the test's provider)
import { mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { chromium } from "playwright-core";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const base = env("RNNVIS_URL");
const token = env("RNNVIS_TOKEN");
const userName = env("RNNVIS_NAME");
const password = env("RNNVIS_PASSWORD");
const shots = env("RNNVIS_SHOTS");
mkdirSync(shots, { recursive: true });

async function api(path) {
  const answer = await fetch(`${base}/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!answer.ok) throw new Error(`${path}: ${answer.status} ${await answer.text()}`);
  return answer.json();
}

async function apiPost(path, body) {
  const answer = await fetch(`${base}/api/v1${path}`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!answer.ok) throw new Error(`${path}: ${answer.status} ${await answer.text()}`);
  return answer.json();
}

// axe-core (WCAG 2.1 A and AA, and best practices) on every view the test photographs: none may fail
const axeSource = readFileSync(new URL("../node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
async function accessibility(page, view) {
  await page.evaluate(axeSource); // through the debugger protocol: the page's CSP stays as it is
  const violations = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }).then((r) => r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5), count: v.nodes.length }))), AXE_TAGS);
  for (const v of violations) failures.push(`accessibility (${view}): ${v.id}: ${v.help} - ${v.count} element(s): ${v.nodes.join(", ")}`);
  console.log(`ok - ${view}: axe-core checked (${violations.length} rule(s) violated)`);
}

/** The co-cluster view of `c` names its empty chips and clouds in a notice, and has none without. */
async function checkEmptyNotice(c, page = currentPage, tag = currentTag) {
  const empty = [...c.unit_clusters, ...c.word_clusters].filter((m) => m.length === 0).length;
  const notice = page.locator("[data-testid=empty-clusters]");
  check(empty === 0 ? (await notice.count()) === 0 : (await notice.textContent()).includes("a smaller k may serve"), `${tag} co-clustering ${c.id}: ${empty} empty cluster(s) ${empty ? "named in a notice" : "and no notice"}`);
}
const FINISHED = ["succeeded", "failed", "cancelled"];
const STALL_S = Number(process.env.RNNVIS_E2E_STALL_S ?? 120);

/** Waits on jobs through the API, not on the clock: `poll` lists them (id, status, progress), and the
 * wait ends once `count` of them have finished. It fails only when none of them has moved (a new job,
 * a status, a progress) for STALL_S seconds, so a slow machine waits longer and a stuck job still fails. */
async function waitForJobs(what, poll, count) {
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
let currentPage = null;
let currentTag = "";

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
  console.log(`ok - ${message}`);
}

const co = await api(`/coclusterings/${env("RNNVIS_COCLUSTERING")}`);
const text = process.env.RNNVIS_TEXT ?? "the company said it will sell its stake in the unit";
const rec = await api(`/recordings/${co.recording_id}`);
const model = await api(`/models/${env("RNNVIS_MODEL")}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
});
const failures = [];

/** Single sign-on in its own browser (the server's provider is a real OpenID Connect provider the test
 * started): declined at the provider, the sign-in page says so in the server's words; then signed in,
 * the dashboard opens as that user; signed out, the session's cookie is gone. The provider's own page
 * is not ours: its console and its stylesheet from a CDN (unreachable here) are not checked. */
async function singleSignOn() {
  const subject = process.env.RNNVIS_SSO_SUBJECT;
  if (!subject) return;
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.route(/^https?:\/\/(?!localhost|127\.0\.0\.1)/, (route) => route.abort());
  const page = await context.newPage();
  const ours = (m) => m.location().url.startsWith(base);
  page.on("console", (m) => m.type() === "error" && ours(m) && !/status of 4\d\d/.test(m.text()) && failures.push(`console (sso): ${m.text()}`));
  const button = async () => {
    await page.waitForSelector(".signin[data-options=loaded]");
    return page.locator("[data-testid=sso-signin]");
  };
  await page.goto(`${base}/`);
  const label = `Sign in with ${env("RNNVIS_SSO_LABEL")}`;
  check((await (await button()).textContent()) === label, `sso: the sign-in page offers "${label}"`);
  await (await button()).click();
  await page.waitForSelector("button[value=deny]");
  await page.click("button[value=deny]");
  await page.waitForSelector(".sso-signin .error:not([hidden])");
  check((await page.textContent(".sso-signin .error")) === "the sign-in was declined at the provider", "sso: declined at the provider, the sign-in page says so beside the button");
  check(!(await page.evaluate(() => document.cookie)).includes("rnnvis_sign_in_error"), "sso: the refusal is shown once (its cookie cleared)");
  await page.screenshot({ path: `${shots}/signin-sso-declined-1440x900.png`, fullPage: true });
  await accessibility(page, "signin after a declined single sign-on");
  await (await button()).click();
  await page.waitForSelector("input[name=sub]");
  await page.fill("input[name=sub]", subject);
  await page.click("form button[type=submit]:not([value])");
  await page.waitForSelector("#app[data-ready=true], .signin .error:not([hidden])", { timeout: 30000 });
  const refused = await page.locator(".signin .error:not([hidden])").count();
  check(refused === 0, `sso: signed in at the provider (${refused ? await page.textContent(".signin .error:not([hidden])") : "no refusal"})`);
  check((await page.textContent("#who a")) === env("RNNVIS_SSO_NAME"), `sso: signed in at the provider as ${subject}, back on the dashboard as ${env("RNNVIS_SSO_NAME")}`);
  check((await page.locator("table[data-testid=models]").count()) === 1, "sso: the dashboard opens");
  await page.click("#who button");
  await page.waitForSelector("form.password-signin");
  check((await page.evaluate(() => localStorage.getItem("rnnvis.csrf"))) === null, "sso: sign out ends the session");
  await context.close();
}

/** Cookie tossing: a server on another port of this host (cookies do not separate ports) sets its
 * own session cookie in the victim's browser, over the victim's (`__Host-rnnvis_session`, path /) or
 * beside it (`rnnvis_session` on /api/v1). The victim's tab must then act as nobody: its upload is
 * refused, nothing lands in the attacker's account, the tab says to sign in again, and signing in
 * again works. */
async function cookieTossing() {
  const adminToken = process.env.RNNVIS_ADMIN_TOKEN;
  if (!adminToken) return;
  const asAdmin = { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" };
  const mallory = { name: `mallory-${Date.now()}`, password: "mallory's own password" };
  const made = await fetch(`${base}/api/v1/users`, { method: "POST", headers: asAdmin, body: JSON.stringify(mallory) });
  check(made.status === 201, "tossing: the attacker has an account of their own");
  const malloryToken = (await made.json()).token;
  const signed = await fetch(`${base}/api/v1/session`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(mallory) });
  const attackerSession = signed.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith("__Host-rnnvis_session="))?.split("=")[1];
  check(Boolean(attackerSession), "tossing: the attacker holds a session of their own");
  const malloryCorpora = async () => (await (await fetch(`${base}/api/v1/corpora`, { headers: { Authorization: `Bearer ${malloryToken}` } })).json()).total;
  const attacks = {
    "over the session cookie": `__Host-rnnvis_session=${attackerSession}; Secure; Path=/; HttpOnly; SameSite=Strict`,
    "beside it, on the API's path": `rnnvis_session=${attackerSession}; Path=/api/v1; HttpOnly`,
  };
  const host = new URL(base).hostname;
  const attacker = createServer((request, response) => {
    const attack = attacks[decodeURIComponent(request.url.slice(1))];
    response.writeHead(200, { "Content-Type": "text/html", ...(attack ? { "Set-Cookie": attack } : {}) });
    response.end("<!doctype html><title>another site</title><p>nothing to see</p>");
  });
  await new Promise((resolve) => attacker.listen(0, host, resolve));
  const attackerUrl = `http://${host}:${attacker.address().port}`;
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const signIn = async () => {
    await page.goto(`${base}/`);
    await page.waitForSelector("form.password-signin");
    await page.fill("input[name=username]", userName);
    await page.fill("input[name=password]", password);
    await page.click("form.password-signin button[type=submit]");
    await page.waitForSelector("table[data-testid=models] tbody tr");
  };
  try {
    await signIn();
    for (const how of Object.keys(attacks)) {
      const before = await malloryCorpora();
      const other = await context.newPage();
      await other.goto(`${attackerUrl}/${encodeURIComponent(how)}`);
      await other.close();
      // the victim's tab uploads, as the dashboard's form does: the CSRF token from its own storage
      const status = await page.evaluate(async () => {
        const form = new FormData();
        form.append("name", "private notes");
        form.append("format", "text");
        form.append("file", new Blob(["a private line\n"]), "notes.txt");
        const answer = await fetch("/api/v1/corpora", { method: "POST", headers: { "X-CSRF-Token": localStorage.getItem("rnnvis.csrf") }, body: form });
        return answer.status;
      });
      check(status === 401 && (await malloryCorpora()) === before, `tossing ${how}: the victim's upload is refused (${status}) and nothing lands in the attacker's account`);
      await page.goto(`${base}/#/dashboard`);
      await page.waitForSelector("form.password-signin");
      const told = await page.textContent(".signin > .error");
      check(/sign in again/.test(told), `tossing ${how}: the tab is signed out and says "${told}"`);
      if (how === "over the session cookie") await page.screenshot({ path: `${shots}/signin-after-cookie-tossing-1440x900.png`, fullPage: true });
      await signIn();
      check((await page.textContent("#who a")) === userName, `tossing ${how}: signed in again, as ${userName}`);
    }
  } finally {
    await context.close();
    attacker.close();
  }
}

try {
  await singleSignOn();
  await cookieTossing();
  for (const viewport of [{ width: 1440, height: 900 }, { width: 1920, height: 1080 }]) {
    const page = await browser.newPage({ viewport });
    page.on("console", (m) => m.type() === "error" && !/status of 4\d\d/.test(m.text()) && failures.push(`console: ${m.text()}`));
    page.on("pageerror", (e) => failures.push(`page error: ${e.message}`));
    const tag = `${viewport.width}x${viewport.height}`;
    currentPage = page;
    currentTag = tag;
    const shot = async (name) => {
      // nothing wider than the window: a chart cut at the right edge, or a page to scroll sideways
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      check(overflow <= 0, `${tag} ${name}: the page fits the window's width (${overflow} px over)`);
      await page.screenshot({ path: `${shots}/${name}-${tag}.png`, fullPage: true });
      await accessibility(page, `${name} ${tag}`);
    };
    const go = async (hash) => {
      await page.goto(`${base}/${hash}`);
      await page.waitForSelector("#app[data-ready=true]", { timeout: 30000 });
    };

    // sign-in: a wrong password is refused in words, the right one opens the dashboard (the session
    // is an HttpOnly cookie; the forms below send its CSRF token); a wrong API token is refused too
    await page.goto(`${base}/`);
    await page.fill("input[name=username]", userName);
    await page.fill("input[name=password]", "not the password");
    await page.click("form.password-signin button[type=submit]");
    await page.waitForSelector(".signin > .error:not([hidden])");
    check((await page.textContent(".signin > .error")).includes("wrong user name or password"), `${tag} sign-in refuses a wrong password`);
    if (viewport.width === 1440) await shot("signin");
    await page.click(".token-option summary");
    await page.fill("input[name=token]", "rnv_wrong");
    await page.click("form.token-signin button[type=submit]");
    await page.waitForFunction(() => document.querySelector(".signin > .error")?.textContent.includes("not valid"));
    check(true, `${tag} sign-in refuses a wrong token`);
    await page.fill("input[name=username]", userName); // the refused token's sign-in page is a new one
    await page.fill("input[name=password]", password);
    await page.click("form.password-signin button[type=submit]");
    await page.waitForSelector("table[data-testid=models] tbody tr");
    check((await page.evaluate(() => localStorage.getItem("rnnvis.csrf"))) !== null && !(await page.evaluate(() => document.cookie)).includes("rnnvis_session"), `${tag} signed in with a password: the session cookie is not readable by scripts`);
    await page.waitForSelector("#app[data-ready=true]");
    const modelRows = await page.locator("table[data-testid=models] tbody tr").count();
    check(modelRows === (await api("/models")).total, `${tag} dashboard lists every model (${modelRows})`);
    // records are named by their model, corpus and settings, not by number; co-clusterings can be deleted
    const coRows = page.locator("table[data-testid=coclusterings] tbody tr");
    check((await coRows.locator("td:nth-child(2)").allTextContents()).filter((t) => t === co.label).length === 1 && co.label.startsWith(rec.label), `${tag} dashboard names co-clustering ${co.id} "${co.label}"`);
    check((await coRows.locator("button[aria-label^='delete co-clustering']").count()) === (await coRows.count()), `${tag} every co-clustering row has a delete button`);
    // every training shows its loss curve and validation figures; one that learned nothing says so
    const trainings = await api("/trainings");
    const trainingRows = page.locator("table[data-testid=trainings] tbody tr");
    for (const [i, t] of trainings.items.entries()) {
      const row = trainingRows.nth(i);
      if (t.status !== "succeeded") continue;
      check((await row.locator("svg.loss-chart path.train").count()) === 1 && (await row.locator("svg.loss-chart circle.validation").count()) === t.metrics.epochs.length, `${tag} training ${t.id}: loss curve and ${t.metrics.epochs.length} validation points`);
      const warned = (await row.locator("[data-testid=quality-warning]").count()) === 1;
      check(warned === Boolean(t.warning), `${tag} training ${t.id}: ${t.warning ? "warned: " + t.warning : "no warning"}`);
    }
    check(trainings.items.some((t) => t.warning), `${tag} a model that learned nothing is among the trainings`);
    // the recording form shows the chosen model's quality beside the choice
    const recordingForm = page.locator("form[data-testid=start-recording]");
    const warnedModel = trainings.items.find((t) => t.warning).model_id;
    await recordingForm.locator("select[name=model_id]").selectOption(String(warnedModel));
    check((await recordingForm.locator(".chosen-quality [data-testid=quality-warning]").count()) === 1, `${tag} choosing model ${warnedModel} for a recording shows its warning`);
    await recordingForm.locator("select[name=model_id]").selectOption(String(model.id));
    check((await recordingForm.locator(".chosen-quality svg.loss-chart").count()) === 1 && (await recordingForm.locator(".chosen-quality [data-testid=quality-warning]").count()) === 0, `${tag} choosing the learned model ${model.id} shows its curve and no warning`);
    // every field stays inside its card (file inputs ran past them)
    const fieldsInsideCards = async (when) => {
      const outside = await page.evaluate(() => [...document.querySelectorAll("form.card input, form.card select")].filter((input) => {
        if (input.offsetParent === null) return false; // a hidden choice (the other way to give a vocabulary)
        const card = input.closest("form.card").getBoundingClientRect();
        const box = input.getBoundingClientRect();
        return box.right > card.right + 0.5 || box.left < card.left - 0.5;
      }).map((input) => input.name));
      check(outside.length === 0, `${tag} dashboard${when}: every form field inside its card${outside.length ? ` (not: ${outside.join(", ")})` : ""}`);
    };
    await fieldsInsideCards("");
    // a word_language_model checkpoint as it is (torch.save(model)) with its data folder's three texts
    if (viewport.width === 1440 && process.env.RNNVIS_CHECKPOINT_DIR) {
      const dir = process.env.RNNVIS_CHECKPOINT_DIR;
      const form = page.locator("form[data-testid=upload-model]");
      await form.locator("input[name=name]").fill("word_language_model LSTM, as main.py saved it");
      await form.locator("input[name=weights]").setInputFiles(`${dir}/out/LSTM-tied.pt`);
      check(await form.locator("input[name=vocab_from]").first().isHidden(), `${tag} upload form: the training-text inputs wait until chosen`);
      await form.locator("select[name=vocab_source_choice]").selectOption("texts");
      await fieldsInsideCards(" (vocabulary from the training text)");
      const texts = form.locator("input[name=vocab_from]");
      for (const [i, name] of ["train.txt", "valid.txt", "test.txt"].entries()) await texts.nth(i).setInputFiles(`${dir}/data/${name}`);
      await form.locator("button[type=submit]").click();
      const provenance = 'table[data-testid=models] [data-testid=provenance]:has-text("train.txt, valid.txt, test.txt")';
      await Promise.race([page.waitForSelector(provenance, { timeout: 30000 }), page.waitForSelector("form[data-testid=upload-model] .error:not([hidden])", { timeout: 30000 })]);
      const formError = await page.locator("form[data-testid=upload-model] .error:not([hidden])").count();
      const wlm = (await api("/models")).items.find((m) => m.name.startsWith("word_language_model"));
      check(formError === 0 && wlm?.weights_form === "module pickle of model.RNNModel" && wlm.vocab_source.texts.map((t) => t.name).join() === "train.txt,valid.txt,test.txt", `${tag} a word_language_model module pickle and its three texts go in through the form${formError ? `: ${await page.textContent("form[data-testid=upload-model] .error")}` : ""}`);
      const row = (await page.locator(provenance).count()) === 1 ? await page.textContent(provenance) : "";
      check(row.includes("module pickle of model.RNNModel") && row.includes("first appearance"), `${tag} the model's row says how its weights and vocabulary came: "${row}"`);
    }
    await shot("dashboard");
    if (process.env.RNNVIS_MARKUP_NAME) {
      const corpora = page.locator("table[data-testid=corpora]");
      check((await corpora.locator("img").count()) === 0 && (await corpora.textContent()).includes(process.env.RNNVIS_MARKUP_NAME), `${tag} a name with markup and SQL is shown as text`);
      check((await page.title()) !== "pwned", `${tag} no script from a name ran`);
    }

    // what the user typed in a form survives a list refresh (a corpus uploaded in another tab)
    if (viewport.width === 1440) {
      const training = page.locator("form[data-testid=start-training]");
      await training.locator("input[name=hidden_size]").fill("77");
      await training.locator("select[name=cell]").selectOption("gru");
      const elsewhere = await fetch(`${base}/api/v1/corpora`, { method: "POST", headers: { Authorization: `Bearer ${token}` }, body: (() => { const f = new FormData(); f.set("name", "uploaded elsewhere"); f.set("format", "text"); f.set("file", new Blob(["a b c\n"]), "e.txt"); return f; })() }).then((r) => r.json());
      await page.waitForSelector(`form[data-testid=start-training] select[name=corpus_id] option[value="${elsewhere.id}"]`, { state: "attached", timeout: 15000 });
      check((await training.locator("input[name=hidden_size]").inputValue()) === "77" && (await training.locator("select[name=cell]").inputValue()) === "gru", `${tag} dashboard: typed settings survive a list refresh (corpus ${elsewhere.id} appeared)`);
    }

    // an API error is shown plainly: an empty corpus upload
    await page.fill("form[data-testid=upload-corpus] input[name=name]", "empty");
    await page.setInputFiles("form[data-testid=upload-corpus] input[name=file]", { name: "empty.txt", mimeType: "text/plain", buffer: Buffer.from("\n\n") });
    await page.click("form[data-testid=upload-corpus] button[type=submit]");
    await page.waitForSelector("form[data-testid=upload-corpus] .error:not([hidden])");
    const uploadError = await page.textContent("form[data-testid=upload-corpus] .error");
    check(uploadError.includes("no non-blank line"), `${tag} the API's error is shown: "${uploadError}"`);

    // co-cluster view: one cell per unit, one chip per non-empty unit cluster, one cloud per non-empty
    // word cluster, empty ones named in a notice; every chip keeps at least its strongest edge
    const params = `recording=${co.recording_id}&layer=${co.layer}&state=${co.state}&k=${co.n_clusters}&top=${co.top_words}&min=${co.min_count}&mode=${co.mode}`;
    await go(`#/cocluster?${params}`);
    await page.waitForSelector("svg.cocluster");
    check((await page.locator("svg.cocluster g.unit").count()) === rec.hidden_size, `${tag} co-cluster view: ${rec.hidden_size} unit cells`);
    const fullChips = co.unit_clusters.filter((u) => u.length > 0).length;
    const fullClouds = co.word_clusters.filter((w) => w.length > 0).length;
    check((await page.locator("svg.cocluster rect.chip").count()) === fullChips, `${tag} co-cluster view: ${fullChips} memory chips (of ${co.n_clusters} clusters)`);
    check((await page.locator("svg.cocluster g.cloud").count()) === fullClouds, `${tag} co-cluster view: ${fullClouds} word clouds`);
    await checkEmptyNotice(co);
    check((await page.locator("[data-testid=model-warning]").count()) === 0, `${tag} co-cluster view: no quality warning for the model that learned`);
    for (const chip of co.unit_clusters.flatMap((u, j) => (u.length ? [j] : []))) {
      check((await page.locator(`svg.cocluster path.edge[data-chip="${chip}"]`).count()) > 0, `${tag} co-cluster view: chip ${chip} has an edge at the default link filter`);
    }
    // inspectable: the key is shown before any click; units are coloured, not grey; marks carry numbers
    check((await page.locator("[data-testid=cocluster-legend]").count()) === 1, `${tag} co-cluster view: the key is shown before any click`);
    const before = await page.locator("svg.cocluster rect.cell").evaluateAll((cells) => cells.map((c) => c.getAttribute("fill")));
    check(new Set(before).size > 3 && !before.includes("#b9c2cc"), `${tag} co-cluster view: unit cells coloured by their response to their cloud (${new Set(before).size} colours)`);
    check(/mean response [+-]\d/.test(await page.locator("svg.cocluster path.edge title").first().textContent()), `${tag} co-cluster view: an edge's title gives its mean response`);
    check(/strength [+-]\d.*seen \d/.test(await page.locator("svg.cocluster g.word-mark title").first().textContent()), `${tag} co-cluster view: a word's title gives its strength and count`);
    check(/unit \d+ \(chip #\d+\): mean response/.test(await page.locator("svg.cocluster g.unit title").first().textContent()), `${tag} co-cluster view: a unit's title gives its response`);
    // every word is reachable: a cloud larger than it shows opens in full
    const largest = co.word_clusters.reduce((best, m, i) => (m.length > co.word_clusters[best].length ? i : best), 0);
    const cloudWords = page.locator(`svg.cocluster g.cloud[data-cloud="${largest}"] text.word`);
    if (co.word_clusters[largest].length > (await cloudWords.count())) {
      await page.locator(`svg.cocluster g.cloud[data-cloud="${largest}"] text.more-words`).click();
      await page.waitForFunction(([i, n]) => document.querySelectorAll(`svg.cocluster g.cloud[data-cloud="${i}"] text.word`).length === n, [largest, co.word_clusters[largest].length]);
      check(true, `${tag} co-cluster view: cloud ${largest} opens to all its ${co.word_clusters[largest].length} words`);
    }
    // words placed as a cloud: no two words of a cloud overlap
    const overlaps = await page.locator("svg.cocluster g.cloud").evaluateAll((clouds) => clouds.reduce((n, g) => {
      const boxes = [...g.querySelectorAll("text.word")].map((t) => t.getBBox());
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        // text boxes include ascent and descent; d3-cloud packs by the glyphs' pixels (a small word
        // may sit in the room above or below a larger one's short letters), so two words are on
        // top of each other when one's centre lies in the other's band of lower-case letters
        const inCore = (p, q) => {
          const cx = p.x + p.width / 2, cy = p.y + p.height / 2;
          return cx > q.x && cx < q.x + q.width && cy > q.y + 0.35 * q.height && cy < q.y + 0.75 * q.height;
        };
        if (inCore(a, b) || inCore(b, a)) n++;
      }
      return n;
    }, 0));
    check(overlaps === 0, `${tag} co-cluster view: no two words of a cloud overlap (${overlaps} pairs)`);
    // a word found by the search box is chosen (the least strong word of the largest cloud)
    const weakest = co.word_clusters[largest].reduce((a, b) => (Math.abs(co.word_strength[b]) < Math.abs(co.word_strength[a]) ? b : a));
    await page.fill(".cocluster-panel input[name=find]", co.words[weakest]);
    await page.press(".cocluster-panel input[name=find]", "Enter");
    await page.waitForSelector(`svg.cocluster text.word.picked[data-word="${co.words[weakest]}"]`);
    check(true, `${tag} co-cluster view: "${co.words[weakest]}" found by the search box and chosen`);
    const firstWord = page.locator("svg.cocluster text.word").first();
    const clicked = await firstWord.textContent();
    await firstWord.click();
    await page.waitForFunction((w) => document.querySelector("[data-testid=cocluster-legend]")?.textContent.includes(w), clicked);
    const fills = await page.locator("svg.cocluster rect.cell").evaluateAll((cells) => cells.map((c) => c.getAttribute("fill")));
    check(JSON.stringify(fills) !== JSON.stringify(before) && new Set(fills).size > 3, `${tag} clicking "${clicked}" colours the units by its response (${new Set(fills).size} colours)`);
    const chosenWords = new URLSearchParams(new URL(page.url()).hash.split("?")[1]).get("words").split(",");
    check(chosenWords.includes(clicked), `${tag} the clicked word is in the URL (${chosenWords.join(", ")})`);
    await page.locator("svg.cocluster text.chip-label").first().click();
    check((await page.locator("svg.cocluster path.edge.active").count()) > 0, `${tag} clicking a chip highlights its edges`);
    await page.locator("svg.cocluster rect.background").click({ position: { x: 5, y: 5 } });
    check((await page.locator("svg.cocluster .active").count()) === 0, `${tag} a click on the background clears the highlight`);
    await page.locator("svg.cocluster text.chip-label").first().click();
    await shot("cocluster");
    // the chart saves as SVG and PNG
    for (const kind of ["SVG", "PNG"]) {
      const [download] = await Promise.all([page.waitForEvent("download"), page.click(`.cocluster-panel .export button:text("${kind}")`)]);
      const saved = await download.path();
      const { size } = await import("node:fs").then((fs) => fs.statSync(saved));
      const named = `cocluster-${co.id}-layer${co.layer}-${co.state}-k${co.n_clusters}-${co.mode}.${kind.toLowerCase()}`;
      check(download.suggestedFilename() === named && size > 1000, `${tag} the chart saves as ${named} (${size} bytes)`);
      if (kind === "SVG") {
        const svgText = (await import("node:fs")).readFileSync(saved, "utf8");
        check(svgText.includes("linearGradient") && svgText.includes("mean response"), `${tag} the saved SVG carries the colour key`);
      }
    }

    // SPEC 9 in the view: the quality line, the scan over k with its suggested k, an edit
    if (viewport.width === 1440) {
      check((await page.textContent("[data-testid=cocluster-quality]")).includes(`modularity ${co.quality.modularity.toFixed(3)}`), `${tag} co-cluster view: its quality (modularity ${co.quality.modularity.toFixed(3)}, block share beside random labels)`);
      const scansBefore = (await api(`/coclustering-scans?recording_id=${co.recording_id}`)).total;
      await page.click("[data-testid=scan] button");
      const scans = await waitForJobs("the scan over k", async () => (await api(`/coclustering-scans?recording_id=${co.recording_id}`)).items.slice(scansBefore), 1);
      const scanned = scans[scans.length - 1];
      check(scanned.status === "succeeded", `${tag} co-cluster view: the scan over k ${scanned.status}${scanned.error ? `: ${scanned.error}` : ""}`);
      await page.waitForSelector("svg.scan-chart");
      const [drawnK, markedK] = [await page.locator("svg.scan-chart rect.k").count(), await page.locator("svg.scan-chart rect.suggested-k").count()];
      check(drawnK === scanned.results.length && markedK === 1, `${tag} co-cluster view: the scan of k ${scanned.k_min}..${scanned.k_max} drawn (${drawnK} of ${scanned.results.length} k), suggested k = ${scanned.suggested_k} marked (${markedK})`);
      await page.click("[data-testid=use-suggested-k]");
      await page.waitForFunction((k) => new URLSearchParams(location.hash.split("?")[1]).get("k") === String(k) && document.querySelector("[data-testid=cocluster-quality]"), scanned.suggested_k);
      check(true, `${tag} co-cluster view: one click co-clusters with the suggested k`);
      await shot("cocluster-scan");
      // ablation: every chip tested, each one's loss change per cloud beside its controls, then the
      // matrix; sized for a test (3 controls, 4000 tokens: seconds a chip), waited on through the API
      const shown = await api(`/coclusterings/${(await api(`/coclusterings?recording_id=${co.recording_id}`)).items.find((c) => c.n_clusters === scanned.suggested_k && c.layer === co.layer && !c.parent_id).id}`);
      const chipsShown = shown.unit_clusters.filter((u) => u.length).length;
      const started = Date.now();
      await page.fill("input[name=ablate-controls]", "3");
      await page.fill("input[name=ablate-max-tokens]", "4000");
      await page.click("[data-testid=ablation] button:text('test every chip')");
      const ablations = await waitForJobs(`the ablations of co-clustering ${shown.id}`, async () => (await api(`/ablations?coclustering_id=${shown.id}&limit=500`)).items, chipsShown);
      const failed = ablations.filter((a) => a.status !== "succeeded");
      check(failed.length === 0 && ablations.every((a) => a.controls === 3 && a.max_tokens === 4000), `${tag} co-cluster view: ${chipsShown} chips tested with the form's 3 controls and 4000 tokens in ${((Date.now() - started) / 1000).toFixed(0)} s${failed.length ? ` (failed: ${failed.map((a) => a.error).join("; ")})` : ""}`);
      await page.waitForSelector("svg.ablation-matrix");
      check((await page.locator("svg.ablation-matrix g.z-cell").count()) === shown.n_clusters * shown.n_clusters && (await page.locator("svg.ablation-chart circle.delta").count()) > 0, `${tag} co-cluster view: the ${shown.n_clusters} x ${shown.n_clusters} chips x clouds matrix of z drawn`);
      const diagonal = await page.locator("svg.ablation-matrix g.z-cell.diagonal text.z-value").allTextContents();
      console.log(`ablation - diagonal z: ${diagonal.join(", ")}`);
      await shot("cocluster-ablation");
      // move the strongest word of cloud 0 into cluster 1: a new co-clustering, its parent named
      const current = shown;
      const moved = current.words[current.word_clusters[0][0]];
      await page.fill("input[name=move-word]", moved);
      await page.selectOption("select[name=move-to]", "1");
      await page.click("[data-testid=edit] button:text('move')");
      await page.waitForSelector("[data-testid=edit-history]");
      const childId = new URLSearchParams(new URL(page.url()).hash.split("?")[1]).get("id");
      const child = await api(`/coclusterings/${childId}`);
      check(child.parent_id === current.id && child.word_labels[current.word_clusters[0][0]] === 1 && (await page.textContent("[data-testid=edit-history]")).includes("before"), `${tag} co-cluster view: moving "${moved}" made co-clustering ${child.id} from ${current.id}, modularity before and after shown`);
      await go(`#/cocluster?recording=${co.recording_id}&id=${child.id}`);
      await page.waitForSelector("svg.cocluster");
      check((await page.textContent("[data-testid=edit-history]")).includes(`co-clustering ${current.id}`), `${tag} co-cluster view: the edited co-clustering's permalink works`);
      // seeds: confidence and stability
      const seededBefore = (await api(`/coclusterings?recording_id=${co.recording_id}&limit=500`)).items.map((c) => c.id);
      await go(`#/cocluster?${params}&seeds=4`);
      const seeded = (await api(`/coclusterings?recording_id=${co.recording_id}&limit=500`)).items.find((c) => !seededBefore.includes(c.id));
      if (seeded) await waitForJobs(`the 4-seed co-clustering ${seeded.id}`, async () => [await api(`/coclusterings/${seeded.id}`)], 1);
      await page.waitForSelector("svg.cocluster");
      check((await page.textContent("[data-testid=cocluster-quality]")).includes("stability over 4 seeds"), `${tag} co-cluster view: 4 seeds give stability and confidence (${await page.locator("svg.cocluster .doubtful").count()} members faded)`);
    }

    // a degenerate co-clustering (a model that learned little, 2 of 4 chips empty) says so
    if (process.env.RNNVIS_DEGENERATE_COCLUSTERING) {
      const bad = await api(`/coclusterings/${process.env.RNNVIS_DEGENERATE_COCLUSTERING}`);
      await go(`#/cocluster?recording=${bad.recording_id}&layer=${bad.layer}&state=${bad.state}&k=${bad.n_clusters}&top=${bad.top_words}&min=${bad.min_count}&mode=${bad.mode}`);
      await page.waitForSelector("svg.cocluster");
      await checkEmptyNotice(bad);
      check((await page.locator("[data-testid=model-warning]").count()) === 0, `${tag} co-cluster view: no quality warning for an uploaded model (nothing is known of its training)`);
    }

    // the co-clustering of a model that learned nothing says so; the learned model's does not
    if (process.env.RNNVIS_UNLEARNED_COCLUSTERING) {
      const poor = await api(`/coclusterings/${process.env.RNNVIS_UNLEARNED_COCLUSTERING}`);
      await go(`#/cocluster?recording=${poor.recording_id}&layer=${poor.layer}&state=${poor.state}&k=${poor.n_clusters}&top=${poor.top_words}&min=${poor.min_count}&mode=${poor.mode}`);
      await page.waitForSelector("svg.cocluster");
      check((await page.textContent("[data-testid=model-warning]")).includes("learned little"), `${tag} co-cluster view: the chips of a model that learned nothing come with its warning`);
    }

    const lastShown = new URL(page.url()).hash;
    // a refused request leaves no chart of the previous settings under its message
    await page.fill(".cocluster-panel input[name=n_clusters]", "100");
    await page.click(".cocluster-panel form button[type=submit]");
    await page.waitForSelector(".cocluster-panel .error:not([hidden])");
    check((await page.locator("svg.cocluster").count()) === 0 && (await page.textContent(".cocluster-panel .error")).includes("n_clusters"), `${tag} co-cluster view: a refused k clears the old chart and says why`);

    // unit view: one box per word the API returns
    const unit = co.unit_clusters[0][0];
    const words = await api(`/recordings/${co.recording_id}/units/${unit}/words?layer=${co.layer}&state=${co.state}&k=10&min_count=5`);
    // the Co-clusters link returns to the co-clustering last shown
    const navHref = await page.getAttribute("nav a:text('Co-clusters')", "href");
    check(navHref === lastShown, `${tag} the Co-clusters link returns to the last co-clustering shown (${lastShown}), not the refused settings (${navHref})`);
    await go(`#/unit?recording=${co.recording_id}&layer=${co.layer}&state=${co.state}&unit=${unit}&co=${co.id}`);
    await page.waitForSelector("svg.boxplots");
    check((await page.locator("select[name=layer] option").count()) === rec.layers.length && (await page.locator("select[name=state] option").count()) === rec.states.length, `${tag} unit view: layer and state selectors`);
    check((await page.textContent("[data-testid=back-to-chips]")).includes(co.label), `${tag} unit view: a way back to the co-clustering`);
    const boxes = await page.locator("svg.boxplots g.box").count();
    check(boxes === words.positive.length + words.negative.length, `${tag} unit view: ${boxes} words`);
    const spreads = await page.locator("svg.boxplots g.box rect.iqr, svg.boxplots g.box line.std-range").count();
    check(spreads === boxes, `${tag} unit view: every word's spread drawn (${spreads} of ${boxes})`);
    const stored = [...words.positive, ...words.negative].filter((w) => w.quantiles).length;
    check(stored > 0 && (await page.locator("svg.boxplots g.box rect.iqr").count()) === stored, `${tag} unit view: ${stored} boxes from stored quantiles`);
    check((await page.locator("svg.boxplots g.key text").count()) >= 2, `${tag} unit view: a key says what the marks are`);
    await shot("unit");

    // word view: one dot per unit
    const word = co.words[0];
    await go(`#/word?recording=${co.recording_id}&layer=${co.layer}&state=${co.state}&word=${encodeURIComponent(word)}`);
    await page.waitForSelector("svg.bands");
    check((await page.locator("svg.bands circle.unit-dot").count()) === rec.hidden_size, `${tag} word view: ${rec.hidden_size} units`);
    await shot("word");
    await go(`#/word?recording=${co.recording_id}&layer=${co.layer}&state=${co.state}&word=zzznotawordzzz`);
    await page.waitForSelector(".error:not([hidden])");
    check((await page.textContent(".error")).includes("does not occur"), `${tag} word view: an unknown word is reported`);

    // sentence view: one glyph per token per cluster
    await go(`#/sentence?model=${model.id}&coclustering=${co.id}&text=${encodeURIComponent(text)}`);
    await page.waitForSelector("svg.glyphs");
    const tokens = await page.locator("svg.glyphs text.token").count();
    const glyphs = await page.locator("svg.glyphs g.glyph").count();
    const chipRows = co.unit_clusters.filter((u) => u.length > 0).length;
    check(tokens === text.split(" ").length && glyphs === tokens * chipRows, `${tag} sentence view: ${glyphs} glyphs = ${tokens} words x ${chipRows} chips with units`);
    if (chipRows < co.n_clusters) check((await page.locator("[data-testid=empty-chips]").count()) === 1, `${tag} sentence view: empty chips named, not drawn`);
    check((await page.locator("svg.decomposition rect.contribution").count()) === tokens, `${tag} sentence view: decomposition bars`);
    const cells = await page.locator("table[data-testid=predictions] td").allTextContents();
    check(cells.length > 0 && cells.every((c) => !/ 0%$/.test(c)), `${tag} sentence view: no next-word probability reads 0% (${cells.slice(0, 3).join(", ")} ...)`);
    // glyph rows are named by their chip's strongest words, under the co-clustering's name
    const firstRow = co.unit_clusters.findIndex((u) => u.length > 0);
    const strongestWord = co.word_clusters[firstRow].reduce((a, b) => (Math.abs(co.word_strength[b]) > Math.abs(co.word_strength[a]) ? b : a));
    check((await page.locator("svg.glyphs g.chip-row text.cluster-label").first().textContent()).includes(co.words[strongestWord]) && (await page.textContent(".glyph-key")).includes(co.label), `${tag} sentence view: glyph rows named by their chips' words ("${await page.locator("svg.glyphs g.chip-row text.cluster-label").first().textContent()}")`);
    check((await page.locator("svg.glyphs g.mini-chip").count()) === chipRows, `${tag} sentence view: each glyph row shows its chip (${chipRows})`);
    // the glyphs save under a name that says what they show, with their key
    {
      const [download] = await Promise.all([page.waitForEvent("download"), page.click(".controls.secondary .export >> nth=0 >> button:text('SVG')")]);
      const svgText = (await import("node:fs")).readFileSync(await download.path(), "utf8");
      check(download.suggestedFilename() === `glyphs-model${model.id}-cocluster${co.id}-the-company-said-it.svg` && svgText.includes("light bars are the chip"), `${tag} sentence view: the glyphs save as ${download.suggestedFilename()}, with their key`);
    }
    await shot("sentence");
    // a co-clustering that finishes while the page is open (as if in another tab) is offered
    // when the user comes back to the page
    if (viewport.width === 1440) {
      const fresh = await apiPost(`/recordings/${co.recording_id}/coclusterings`, { layer: co.layer, n_clusters: 3, top_words: 100, min_count: 5 });
      const [made] = await waitForJobs(`co-clustering ${fresh.id}`, async () => [await api(`/coclusterings/${fresh.id}`)], 1);
      check(made.status === "succeeded", `${tag} co-clustering ${fresh.id}, made through the API, ${made.status}`);
      check((await page.locator(`select[name=coclustering] option[value="${fresh.id}"]`).count()) === 0, `${tag} sentence view: co-clustering ${fresh.id}, made elsewhere, is not offered yet`);
      await page.evaluate(() => window.dispatchEvent(new Event("focus")));
      await page.waitForSelector(`select[name=coclustering] option[value="${fresh.id}"]`, { state: "attached" });
      check((await page.inputValue("select[name=coclustering]")) === String(co.id), `${tag} sentence view: offered when the user comes back, the choice kept`);
    }
    // a long text is read in pages, and kept out of the link
    const long = Array.from({ length: 12 }, () => text).join(" ");
    await page.fill("textarea[name=text]", long);
    await page.click("form button[type=submit]:text('Read')");
    await page.waitForSelector("[data-testid=pager]");
    check((await page.locator("svg.glyphs text.token").count()) === 40 && (await page.textContent("[data-testid=pager]")).includes(`of ${long.split(" ").length}`), `${tag} sentence view: a ${long.split(" ").length}-word text is read 40 words a page`);
    await page.click("[data-testid=pager] button:text('next')");
    check((await page.locator("svg.glyphs text.token").first().textContent()) === long.split(" ")[40], `${tag} sentence view: the next page starts at word 41`);
    check(!page.url().includes("text=") && (await page.locator("[data-testid=long-text]").count()) === 1, `${tag} sentence view: a ${long.length}-character text is kept out of the link, saying so (${page.url().length}-character URL)`);
    await page.fill("textarea[name=text]", "   ");
    await page.click("form button[type=submit]:text('Read')");
    await page.waitForSelector(".error:not([hidden])");
    check((await page.textContent(".error:not([hidden])")).includes("Type a sentence"), `${tag} sentence view: an empty sentence is answered in the form's words`);

    // compare view: two co-cluster views (another co-clustering on the right when given) and the alignment
    const other = process.env.RNNVIS_OTHER_COCLUSTERING ? await api(`/coclusterings/${process.env.RNNVIS_OTHER_COCLUSTERING}`) : co;
    Object.assign(other, (await waitForJobs(`co-clustering ${other.id}`, async () => [await api(`/coclusterings/${other.id}`)], 1))[0]);
    if (other.status !== "succeeded") throw new Error(`co-clustering ${other.id}: ${other.status}`);
    const side = (c, p) =>
      `${p}recording=${c.recording_id}&${p}layer=${c.layer}&${p}state=${c.state}&${p}k=${c.n_clusters}&${p}top=${c.top_words}&${p}min=${c.min_count}&${p}mode=${c.mode}`;
    const both = `${side(co, "a.")}&${side(other, "b.")}`;
    await go(`#/compare?${both}`);
    await page.waitForFunction(() => document.querySelectorAll("svg.cocluster").length === 2, null, { timeout: 30000 });
    await page.click("text=Align units");
    await page.waitForSelector("[data-testid=alignment] tbody tr");
    check((await page.locator("[data-testid=alignment] tbody tr").count()) === Math.min(20, rec.hidden_size), `${tag} compare view: alignment table`);
    await page.locator("[data-testid=alignment] tbody tr").first().click();
    check((await page.locator("svg.cocluster g.unit.picked").count()) === 2, `${tag} compare view: a pair outlines a unit on each side`);
    const links = await page.locator("svg.alignment-links path.alignment-link").count();
    check(links === Math.min(20, rec.hidden_size) && (await page.locator("svg.alignment-links path.alignment-link.picked").count()) === 1, `${tag} compare view: ${links} alignment links between the panels, the chosen one marked`);
    // the link starts at the left unit's cell and ends at the right one's
    const ends = await page.evaluate(() => {
      const link = document.querySelector("svg.alignment-links path.picked").getBoundingClientRect();
      const [a, b] = [...document.querySelectorAll("svg.cocluster g.unit.picked")].map((u) => u.getBoundingClientRect());
      return [Math.abs(link.left - a.right), Math.abs(link.right - b.left)];
    });
    check(ends.every((d) => d < 2), `${tag} compare view: the chosen link joins the two outlined units (${ends.map((d) => d.toFixed(1)).join(", ")} px)`);
    // the chips face each other (the left panel is mirrored), so no link crosses a panel's clouds
    const crossing = await page.evaluate(() => {
      const [leftPanel, rightPanel] = document.querySelectorAll(".side-by-side .cocluster-panel");
      const cloudsEnd = Math.max(...[...leftPanel.querySelectorAll("g.cloud")].map((c) => c.getBoundingClientRect().right));
      const cloudsStart = Math.min(...[...rightPanel.querySelectorAll("g.cloud")].map((c) => c.getBoundingClientRect().left));
      return [...document.querySelectorAll("svg.alignment-links path")].filter((l) => {
        const box = l.getBoundingClientRect();
        return box.left < cloudsEnd - 1 || box.right > cloudsStart + 1;
      }).length;
    });
    check(crossing === 0, `${tag} compare view: no alignment link crosses a word cloud (${crossing})`);
    // one word's response in both models, side by side
    const shared = co.words.find((w) => other.words.includes(w));
    await page.fill("input[name=compare-word]", shared);
    await page.click(".compare-word button[type=submit]");
    await page.waitForFunction((w) => [...document.querySelectorAll("[data-testid=cocluster-legend]")].filter((l) => l.textContent.includes(`stripes left to right: ${w}`)).length === 2, shared);
    check(true, `${tag} compare view: "${shared}" colours the units of both panels`);
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=word-responses] svg.bands").length === 2);
    check((await page.locator("[data-testid=word-responses] svg.bands circle.unit-dot").count()) === rec.hidden_size * 2, `${tag} compare view: "${shared}": every unit's response in both models, side by side`);
    // nothing cut at a panel's edge
    const cut = await page.evaluate(() => [...document.querySelectorAll(".side-by-side .cocluster-panel")].map((p) => p.querySelector("svg.cocluster").getBoundingClientRect().right - p.getBoundingClientRect().right));
    check(cut.every((d) => d <= 0), `${tag} compare view: both charts inside their panels (${cut.map((d) => d.toFixed(0)).join(", ")} px past the edge)`);
    await shot("compare");

    // a large layer stays responsive: draw time and a word click, timed in the page
    // account: a token made in the browser is shown once and can be revoked; then sign out, and
    // the rest runs with the API token pasted, as before
    await go("#/account");
    await page.waitForSelector("table[data-testid=tokens] tbody tr");
    await page.fill("input[name=token-name]", "laptop notebook");
    await page.click("form[data-testid=make-token] button[type=submit]");
    await page.waitForSelector("[data-testid=token-shown]:not([hidden]) [data-testid=secret]");
    const secret = await page.textContent("[data-testid=secret]");
    const made = await fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });
    check(secret.startsWith("rnv_") && made.ok, `${tag} account: a token made in the browser is shown once and works for programs`);
    const madeRows = page.locator("table[data-testid=tokens] tbody tr", { hasText: "laptop notebook" });
    check((await madeRows.count()) === 1 && (await page.locator("table[data-testid=tokens] tbody tr", { hasText: "browser sign-in" }).count()) >= 1, `${tag} account: tokens and sign-ins listed`);
    if (viewport.width === 1440) await shot("account");
    await madeRows.locator("button").click();
    await page.waitForFunction(() => ![...document.querySelectorAll("table[data-testid=tokens] tbody tr")].some((r) => r.textContent.includes("laptop notebook")));
    check((await fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } })).status === 401, `${tag} account: a revoked token is refused`);
    await page.click("#who button");
    await page.waitForSelector("form.password-signin");
    check((await page.evaluate(() => localStorage.getItem("rnnvis.csrf"))) === null, `${tag} sign out ends the session`);
    await page.click(".token-option summary");
    await page.fill("input[name=token]", token);
    await page.click("form.token-signin button[type=submit]");
    await page.waitForSelector("table[data-testid=tokens] tbody tr"); // back on the account page, by token
    check((await page.textContent("#who a")) === userName, `${tag} signed in again with the API token`);

    // the administrators' page: every user with their usage against the quota
    if (process.env.RNNVIS_ADMIN_TOKEN && viewport.width === 1440) {
      await page.evaluate((t) => localStorage.setItem("rnnvis.token", t), process.env.RNNVIS_ADMIN_TOKEN);
      await go("#/admin");
      await page.waitForSelector("table[data-testid=users] tbody tr");
      const everyone = await (await fetch(`${base}/api/v1/users`, { headers: { Authorization: `Bearer ${process.env.RNNVIS_ADMIN_TOKEN}` } })).json();
      check((await page.locator("table[data-testid=users] tbody tr").count()) === everyone.length, `${tag} admin: every user listed (${everyone.length})`);
      check((await page.locator("table[data-testid=users] .usage-bar").count()) === everyone.length, `${tag} admin: each user's stored bytes against the quota`);
      if (process.env.RNNVIS_SSO_SUBJECT) {
        const row = page.locator("table[data-testid=users] tbody tr", { hasText: `single sign-on (${process.env.RNNVIS_SSO_SUBJECT})` });
        check((await row.count()) === 1 && (await row.locator(`input[name^=sso-]`).inputValue()) === process.env.RNNVIS_SSO_SUBJECT, `${tag} admin: the single sign-on user's subject is shown and editable`);
      }
      await shot("admin");
      await page.evaluate((t) => localStorage.setItem("rnnvis.token", t), token);
    }

    // a newcomer with nothing uploaded is told what must come first, in the forms' own words
    if (process.env.RNNVIS_NEWCOMER_TOKEN && viewport.width === 1440) {
      await page.evaluate((t) => localStorage.setItem("rnnvis.token", t), process.env.RNNVIS_NEWCOMER_TOKEN);
      await page.goto(`${base}/#/dashboard`);
      await page.waitForSelector("form[data-testid=start-recording]");
      const recording = page.locator("form[data-testid=start-recording]");
      check((await recording.locator("[data-testid=missing]").textContent()).includes("Upload a model and a corpus first") && (await recording.locator("button[type=submit]").isDisabled()), `${tag} a newcomer's recording form says what must come first`);
      await page.evaluate((t) => localStorage.setItem("rnnvis.token", t), token);
    }

    // a token the server stops accepting (revoked or expired) returns to sign-in, saying so
    await page.evaluate(() => localStorage.setItem("rnnvis.token", "rnv_revoked_by_an_administrator"));
    await go("#/dashboard");
    await page.waitForSelector(".signin > .error:not([hidden])");
    check((await page.textContent(".signin > .error")).includes("not valid") && (await page.locator("#app > .error").count()) === 0, `${tag} a refused token returns to sign-in with the reason (and nothing else)`);
    await page.click(".token-option summary");
    await page.fill("input[name=token]", token);
    await page.click("form.token-signin button[type=submit]");
    await page.waitForSelector("table[data-testid=models] tbody tr");

    if (process.env.RNNVIS_BIG_COCLUSTERING && viewport.width === 1920) {
      // a classifier's sentence view: one row per class, named by the class
      const bigCo = await api(`/coclusterings/${process.env.RNNVIS_BIG_COCLUSTERING}`);
      const classifier = await api(`/models/${(await api(`/recordings/${bigCo.recording_id}`)).model_id}`);
      await go(`#/sentence?model=${classifier.id}&text=${encodeURIComponent(text)}`);
      await page.waitForSelector("table[data-testid=predictions] tbody tr");
      const rowNames = await page.locator("table[data-testid=predictions] tbody th").allTextContents();
      const classes = classifier.labels ?? Array.from({ length: classifier.num_classes }, (_, i) => String(i));
      check(JSON.stringify(rowNames) === JSON.stringify(classes), `classifier sentence view: rows named by class (${rowNames.join(", ")})`);
      const big = await api(`/coclusterings/${process.env.RNNVIS_BIG_COCLUSTERING}`);
      const bigRec = await api(`/recordings/${big.recording_id}`);
      const started = Date.now();
      await go(`#/cocluster?recording=${big.recording_id}&layer=${big.layer}&state=${big.state}&k=${big.n_clusters}&top=${big.top_words}&min=${big.min_count}&mode=${big.mode}`);
      await page.waitForSelector("svg.cocluster");
      const drawn = Date.now() - started;
      check((await page.locator("svg.cocluster g.unit").count()) === bigRec.hidden_size, `large layer: ${bigRec.hidden_size} unit cells, ${big.words.length} words`);
      const clickStarted = Date.now();
      const bigWord = await page.locator("svg.cocluster text.word").first().textContent();
      await page.locator("svg.cocluster text.word").first().click();
      await page.waitForFunction((w) => document.querySelector("[data-testid=cocluster-legend]")?.textContent.includes(w), bigWord);
      const recoloured = Date.now() - clickStarted;
      console.log(`timing - large layer (${bigRec.hidden_size} units x ${big.words.length} words): page to chart ${drawn} ms, word click to recoloured ${recoloured} ms`);
      await shot("cocluster-large");
    }

    // keyboard: a word in a cloud takes focus and Enter selects it
    await go(`#/cocluster?${params}`);
    await page.waitForSelector("svg.cocluster");
    await page.locator("svg.cocluster text.word").nth(1).focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => location.hash.includes("words="));
    check(true, `${tag} a word is chosen by keyboard`);
    await page.locator("svg.cocluster g.unit").first().focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector("svg.boxplots");
    check(page.url().includes("#/unit"), `${tag} a unit cell is opened by keyboard`);
    await page.close();
  }
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log("all views checked");
