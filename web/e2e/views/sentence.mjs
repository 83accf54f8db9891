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

/** Cause over time (SPEC 13, 1440x900): a patch from another text drawn as the API answers it (before
 * and after, the controls and z), attribution arcs for a clicked word, and errors in words. */
export async function causal({ page, tag, viewport, shot, go, apiPost, co, model, text }) {
  if (viewport.width !== 1440) return;
  const source = process.env.RNNVIS_SOURCE_TEXT ?? "the companies said they will sell their stakes in the units";
  const chip = co.unit_clusters.findIndex((u) => u.length > 0);
  await go(`#/sentence?model=${model.id}&coclustering=${co.id}&text=${encodeURIComponent(text)}`);
  await page.waitForSelector("[data-testid=patch] select[name=patch-chip] option", { state: "attached" });
  await page.fill("textarea[name=patch-source]", source);
  await page.selectOption("select[name=patch-chip]", String(chip));
  // the API's own answer to the same request, with its defaults (controls, seed, steps, output)
  const expected = await apiPost(`/models/${model.id}/patch`, { source_text: source, target_text: text, coclustering_id: co.id, unit_cluster: chip });
  await page.click("[data-testid=patch] button[type=submit]");
  await page.waitForSelector("svg.patch-bars");
  const bars = await page.locator("svg.patch-bars g.patch-bar").evaluateAll((g) => g.map((b) => Number(b.dataset.probability)));
  check(bars.length === 2 && bars[0] === expected.before.probability && bars[1] === expected.after.probability, `${tag} sentence view: the patch's before and after are the API's (${bars.map((p) => p.toFixed(4)).join(" -> ")} for "${expected.label}")`);
  check((await page.locator("svg.control-strip circle.control-dot").count()) === expected.controls.delta_logit.length && Number(await page.getAttribute("svg.control-strip g.patch-delta", "data-delta")) === expected.delta_logit, `${tag} sentence view: ${expected.controls.delta_logit.length} controls beside the patch's own change (${expected.delta_logit.toFixed(3)})`);
  const z = (await page.textContent("[data-testid=patch-z-logit]")).trim();
  check(z === (expected.controls.z.logit === null ? "z —" : `z ${expected.controls.z.logit.toFixed(2)}`), `${tag} sentence view: the patch's z printed: ${z}`);
  const summary = await page.textContent("[data-testid=patch-summary]");
  check(summary.includes(`“${expected.label}”`) && summary.includes(expected.output_chosen), `${tag} sentence view: the patch said in words: "${summary.slice(0, 160)}..."`);
  await page.locator("[data-testid=patch]").scrollIntoViewIfNeeded();
  await shot("sentence-patch");
  // attribution: the chip's state at a clicked word, from each word up to it
  await page.selectOption("select[name=attribute-chip]", String(chip));
  await page.click("[data-testid=attribute] button[type=submit]");
  await page.waitForSelector("svg.attribution-arcs");
  const step = Math.min(4, text.split(" ").length - 1);
  await page.click(`svg.attribution-arcs text.token[data-step="${step}"]`);
  await page.waitForSelector(`svg.attribution-arcs text.token.chosen[data-step="${step}"]`);
  const attribution = await apiPost(`/models/${model.id}/attribute`, { text, coclustering_id: co.id, unit_cluster: chip, step });
  const arcs = await page.locator("svg.attribution-arcs path.arc").evaluateAll((p) => p.map((a) => [Number(a.dataset.token), Number(a.dataset.attribution)]).sort((a, b) => a[0] - b[0]));
  check(arcs.length === step + 1 && arcs.every(([i, a]) => Math.abs(a - attribution.attributions[i]) <= 1e-9 * Math.max(1, Math.abs(a))), `${tag} sentence view: ${arcs.length} arcs to step ${step} ("${attribution.tokens[step]}"), each the API's attribution`);
  const signs = await page.locator("svg.attribution-arcs path.arc").evaluateAll((p) => p.map((a) => a.classList.contains("positive") === Number(a.dataset.attribution) >= 0));
  check(signs.every(Boolean), `${tag} sentence view: arcs coloured by their attribution's sign`);
  const completeness = await page.textContent("[data-testid=completeness]");
  check(completeness.includes(attribution.completeness_error.toExponential(1)), `${tag} sentence view: the completeness error printed: "${completeness}"`);
  await page.locator("[data-testid=attribute]").scrollIntoViewIfNeeded();
  await shot("sentence-attribution");
  // errors in words: the form's, and the API's own detail
  await page.fill("input[name=patch-units]", "3, x");
  await page.click("[data-testid=patch] button[type=submit]");
  await page.waitForSelector("[data-testid=patch] .error:not([hidden])");
  check((await page.textContent("[data-testid=patch] .error")).includes('"x" is not a whole number'), `${tag} sentence view: a wrong unit list is answered in words`);
  await page.fill("input[name=patch-units]", "");
  await page.fill("input[name=patch-output]", "99999999");
  await page.click("[data-testid=patch] button[type=submit]");
  await page.waitForFunction(() => /is not one of/.test(document.querySelector("[data-testid=patch] .error")?.textContent ?? ""));
  check(true, `${tag} sentence view: the API's refusal shown in its words: "${(await page.textContent("[data-testid=patch] .error")).trim()}"`);
}
