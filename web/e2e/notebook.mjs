// The notebook widgets in a real JupyterLab (tests/service/test_notebooks.py starts it on loopback):
// the tour notebook run in Chromium, its co-cluster widget's SVG read, a chip clicked and the
// Python side's selection read back from the cell that prints it; then the co-clustering shared into
// a project and drawn again in a second notebook, by another user's kernel. Prints one line
// "RESULT <json>" with what the page showed; the Python test checks it against the API.
import { apiClient, check, env, launchBrowser } from "./harness.mjs";

const LAB = env("LAB_URL");
const LAB_TOKEN = env("LAB_TOKEN");
const API = env("RNNVIS_URL");
const OWNER_TOKEN = env("TOUR_TOKEN");
const READER = env("READER_NAME");
const READER_TOKEN = env("READER_TOKEN");
const SHOTS = env("SHOTS_DIR");
const RUN_S = Number(process.env.NOTEBOOK_RUN_S ?? 300); // a hang guard: the tour runs in about 15 s

const browser = await launchBrowser();
const problems = [];
async function newPage() {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  return page;
}
const page = await newPage();

/** Opens a notebook alone in a workspace of its own, runs every cell from the Run menu, and waits
 * until no cell is running. */
async function runNotebook(page, name) {
  // the kernel's channels: once their websocket is open, the page can run cells
  const channels = page.waitForEvent("websocket", { predicate: (ws) => /\/api\/kernels\/[^/]+\/channels/.test(ws.url()), timeout: 120_000 });
  await page.goto(`${LAB}/lab/workspaces/${name.replace(/\W/g, "-")}/tree/${name}?reset&token=${LAB_TOKEN}`);
  await page.locator(".jp-Notebook .jp-Cell").first().waitFor({ timeout: 120_000 });
  // were JupyterLab to ask which kernel to start all the same, the notebook's own is its default
  const ask = page.locator(".jp-Dialog", { hasText: "Select Kernel" });
  await Promise.race([channels, ask.waitFor({ timeout: 120_000 })]);
  if (await ask.isVisible()) await ask.locator("button", { hasText: /^Select$/ }).click();
  await channels;
  await page.locator(`.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator[data-status="idle"]`).waitFor({ timeout: 120_000 });
  const panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)");
  const firstPrompt = panel.locator(".jp-CodeCell .jp-InputArea-prompt").first();
  // Run All; a run asked for while the kernel was still saying hello starts nothing: asked again (a
  // run that started shows [*] at once, so 30 s is a hang guard, not a race)
  for (let attempt = 1; ; attempt++) {
    await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
    await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
    const started = await page.waitForFunction((prompt) => /\[(\*|\d+)\]/.test(prompt.textContent ?? ""), await firstPrompt.elementHandle(), { timeout: 30_000 }).then(() => true, () => false);
    if (started) break;
    if (attempt === 4) throw new Error(`${name}: Run All Cells started no cell in 4 tries`);
  }
  // every code cell has its execution count once the run is over ("[*]" while it runs); a failed cell
  // stops the run, so its error ends the wait too
  await page.waitForFunction(() => {
    const shown = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden)");
    if (!shown) return false;
    if (shown.querySelector(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")?.textContent?.includes("Traceback")) return true;
    const prompts = [...shown.querySelectorAll(".jp-CodeCell .jp-InputArea-prompt")].map((p) => p.textContent ?? "");
    return prompts.length > 0 && prompts.every((p) => /\[\d+\]/.test(p));
  }, null, { timeout: RUN_S * 1000, polling: 500 }).catch(async (e) => {
    // what the notebook showed when the wait gave up: its prompts and outputs, and a screenshot
    const prompts = await page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt").allTextContents();
    const outputs = await page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output").allTextContents();
    await page.screenshot({ path: `${SHOTS}/notebook-stuck.png`, fullPage: true });
    throw new Error(`${name}: the cells did not finish (${e.message}); prompts ${prompts.join(" ")}; outputs: ${outputs.join(" | ").slice(-2000)}`);
  });
  // a failed cell's traceback is rendered as stderr
  const errors = (await panel.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").allTextContents()).filter((e) => /Error|Traceback/.test(e));
  check(errors.length === 0, `${name}: no cell failed (${errors.join(" | ").slice(0, 600)})`);
  return panel;
}

/** The co-cluster widget's marks: chips, clouds and the words each cloud shows. */
async function coclusterMarks(widget) {
  await widget.locator("svg.cocluster rect.chip").first().waitFor({ timeout: 60_000 });
  const chips = await widget.locator("svg.cocluster rect.chip").evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute("data-chip"))));
  const clouds = await widget.locator("svg.cocluster g.cloud").evaluateAll((nodes) =>
    nodes.map((n) => ({ cloud: Number(n.getAttribute("data-cloud")), words: [...n.querySelectorAll("text.word")].map((w) => w.getAttribute("data-word")) })));
  return { chips, clouds };
}

const tour = await runNotebook(page, "tour.ipynb");
const ids = (await tour.locator(".jp-OutputArea-output").allTextContents()).join("\n").match(/model (\d+), recording (\d+), co-clustering (\d+)/);
check(ids !== null, "the tour printed its model, recording and co-clustering");
const coclustering = Number(ids[3]);
const widget = tour.locator(".jp-OutputArea-output").filter({ has: page.locator("svg.cocluster") }).first();
const shown = await coclusterMarks(widget);
check(shown.chips.length > 0 && shown.clouds.length > 0, `the widget draws ${shown.chips.length} chips and ${shown.clouds.length} clouds`);
const units = await widget.locator("svg.cocluster [data-unit]").count();
check(units > 0, `the widget draws ${units} units`);

// a click on a chip (not the one the tour selected) reaches Python: the cell that prints it, run again
const clicked = shown.chips.find((c) => c !== 0) ?? shown.chips[0];
await widget.scrollIntoViewIfNeeded();
await widget.locator(`svg.cocluster text.chip-label[data-chip="${clicked}"]`).click(); // the chip's frame has no fill to click
check(await widget.locator(`svg.cocluster rect.chip.active[data-chip="${clicked}"]`).count() === 1, `chip ${clicked} is highlighted once clicked`);
await page.screenshot({ path: `${SHOTS}/notebook-widget-1440x900.png` });
const printer = tour.locator(".jp-CodeCell").filter({ hasText: "chips.chip_words" }).first();
await printer.locator(".jp-InputArea-editor").click();
await page.keyboard.press("Shift+Enter");
const printed = printer.locator(".jp-OutputArea-output").filter({ hasText: `chip ${clicked}:` });
await printed.waitFor({ timeout: 60_000 });
const selection = (await printed.textContent()) ?? "";
check(selection.startsWith(`chip ${clicked}:`), `Python reads the clicked chip: ${selection.slice(0, 120)}`);

// a click on a word: Python reads its response from the server and the units are coloured by it
const word = await widget.locator("svg.cocluster text.word").first().getAttribute("data-word");
await widget.locator(`svg.cocluster text.word[data-word="${word}"]`).click();
await widget.locator("[data-testid=cocluster-legend]", { hasText: `stripes left to right: ${word}` }).waitFor({ timeout: 60_000 });
check(await widget.locator(`svg.cocluster text.word.picked[data-word="${word}"]`).count() === 1, `a clicked word ("${word}") colours the units by its response, read by the Python side`);

// the unit and sentence widgets: the unit's words (and its trace), a glyph per word per chip
const boxes = tour.locator("svg.boxplots g.box");
await boxes.first().waitFor({ timeout: 60_000 });
check(await boxes.count() > 0, `the unit widget draws ${await boxes.count()} words`);
check(await tour.locator("svg.trace-chart path.trace-line").count() > 0, "the unit widget draws the unit's trace");
await tour.locator("svg.boxplots").scrollIntoViewIfNeeded();
await page.screenshot({ path: `${SHOTS}/notebook-unit-1440x900.png` });
const rows = tour.locator("svg.glyphs g.chip-row");
check(await rows.count() === shown.chips.length, `the sentence widget draws a glyph row per chip (${await rows.count()})`);
await rows.nth(1).locator("g.glyph").nth(2).click();
await tour.locator("svg.glyphs").scrollIntoViewIfNeeded();
await page.screenshot({ path: `${SHOTS}/notebook-sentence-1440x900.png` });

// the same widget in a second kernel: another user reading the co-clustering shared with them
const owner = apiClient(API, OWNER_TOKEN);
const project = await owner.apiPost("/projects", { name: `notebook readers ${coclustering}` });
await owner.apiPost(`/projects/${project.id}/members`, { user: READER, role: "viewer" });
const shared = await fetch(`${API}/api/v1/coclusterings/${coclustering}`, {
  method: "PATCH",
  headers: { Authorization: `Bearer ${OWNER_TOKEN}`, "Content-Type": "application/json" },
  body: JSON.stringify({ project_id: project.id }),
});
check(shared.ok, `co-clustering ${coclustering} shared into project ${project.id} (${shared.status})`);
const cell = (source) => ({ cell_type: "code", metadata: {}, execution_count: null, outputs: [], source });
const notebook = {
  nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: "python3", display_name: "Python 3", language: "python" } },
  cells: [
    cell(`import os\nfrom rnnvis_client import Client, CoclusterWidget\nreader = Client(os.environ["RNNVIS_URL"], ${JSON.stringify(READER_TOKEN)})\nprint("reading as", reader.me().name)`),
    cell(`CoclusterWidget(reader, ${coclustering})`),
  ],
};
const put = await fetch(`${LAB}/api/contents/shared.ipynb?token=${LAB_TOKEN}`, {
  method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ type: "notebook", format: "json", content: notebook }),
});
check(put.ok, `the second notebook written through JupyterLab (${put.status})`);
const readerPage = await newPage();
const second = await runNotebook(readerPage, "shared.ipynb");
check(((await second.locator(".jp-OutputArea-output").first().textContent()) ?? "").includes(`reading as ${READER}`), `the second kernel reads as ${READER}`);
const again = await coclusterMarks(second.locator(".jp-OutputArea-output").filter({ has: readerPage.locator("svg.cocluster") }).first());
// the same chips and clouds (how many words a cloud shows depends on the room the output area has)
const marksOf = (marks) => JSON.stringify([marks.chips, marks.clouds.map((c) => c.cloud)]);
check(marksOf(again) === marksOf(shown), "the shared co-clustering is drawn with the same chips and clouds in the second kernel");

check(problems.length === 0, `no page errors (${problems.join("; ")})`);
console.log(`RESULT ${JSON.stringify({ coclustering, ...shown, clicked, selection, shared: again })}`);
await browser.close();
