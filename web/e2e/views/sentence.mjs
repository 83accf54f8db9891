// The sentence view: glyphs per word and chip, the decomposition, next-word predictions, long texts
// read in pages, and a classifier's rows named by its classes.
import { readFileSync } from "node:fs";
import { check, waitForJobs } from "../harness.mjs";

/** A sentence read by the learned model with the co-clustering's chips. */
export async function sentence({ page, tag, viewport, shot, go, api, apiPost, co, model, text }) {
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
    const svgText = readFileSync(await download.path(), "utf8");
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
  // a page holds as many words as fit the window: every glyph, prediction and bar inside it
  const perPage = await page.locator("svg.glyphs text.token").count();
  const inside = await page.evaluate(() => ["svg.glyphs", "table.predictions", "svg.decomposition"].map((s) => document.querySelector(s).getBoundingClientRect().right <= document.documentElement.clientWidth));
  check(perPage >= 8 && perPage < 40 && inside.every(Boolean) && (await page.textContent("[data-testid=pager]")).includes(`of ${long.split(" ").length}`), `${tag} sentence view: a ${long.split(" ").length}-word text is read ${perPage} words a page, each page inside the window (${inside})`);
  const labels = await page.evaluate(() => [...document.querySelectorAll("svg.glyphs text.cluster-label")].map((t) => t.getBoundingClientRect().left));
  check(labels.every((x) => x >= 0), `${tag} sentence view: no chip's name is cut at the left edge (${Math.min(...labels).toFixed(0)} px)`);
  const overlaps = await page.evaluate(() => {
    // slanted labels (rotate) never overlap while neighbours stand a line height apart; level ones must not touch
    const labels = [...document.querySelectorAll("svg.decomposition text.token")];
    if (labels.some((t) => t.getAttribute("transform").includes("rotate"))) {
      const xs = labels.map((t) => t.getBoundingClientRect().right);
      return xs.slice(1).filter((x, i) => x - xs[i] < 14).length;
    }
    const boxes = labels.map((t) => t.getBoundingClientRect());
    return boxes.slice(1).filter((b, i) => b.left < boxes[i].right - 1 && b.top < boxes[i].bottom - 1 && boxes[i].top < b.bottom - 1).length;
  });
  check(overlaps === 0, `${tag} sentence view: the decomposition's word labels do not overlap (${overlaps})`);
  await page.click("[data-testid=pager] button:text('next')");
  check((await page.locator("svg.glyphs text.token").first().textContent()) === long.split(" ")[perPage], `${tag} sentence view: the next page starts at word ${perPage + 1}`);
  check(!page.url().includes("text=") && (await page.locator("[data-testid=long-text]").count()) === 1, `${tag} sentence view: a ${long.length}-character text is kept out of the link, saying so (${page.url().length}-character URL)`);
  await page.fill("textarea[name=text]", "   ");
  await page.click("form button[type=submit]:text('Read')");
  await page.waitForSelector(".error:not([hidden])");
  check((await page.textContent(".error:not([hidden])")).includes("Type a sentence"), `${tag} sentence view: an empty sentence is answered in the form's words`);
}

/** A classifier's sentence view (the large layer's model, 1920x1080 only): one row per class, named by the class. */
export async function classifier({ page, viewport, go, api, text }) {
  if (!process.env.RNNVIS_BIG_COCLUSTERING || viewport.width !== 1920) return;
  const bigCo = await api(`/coclusterings/${process.env.RNNVIS_BIG_COCLUSTERING}`);
  const model = await api(`/models/${(await api(`/recordings/${bigCo.recording_id}`)).model_id}`);
  await go(`#/sentence?model=${model.id}&text=${encodeURIComponent(text)}`);
  await page.waitForSelector("table[data-testid=predictions] tbody tr");
  const rowNames = await page.locator("table[data-testid=predictions] tbody th").allTextContents();
  const classes = model.labels ?? Array.from({ length: model.num_classes }, (_, i) => String(i));
  check(JSON.stringify(rowNames) === JSON.stringify(classes), `classifier sentence view: rows named by class (${rowNames.join(", ")})`);
}
