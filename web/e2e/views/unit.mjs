// The unit view: one box per word the API returns for a unit, with its spread and a key.
import { check } from "../harness.mjs";

/** The first unit of the co-clustering's first chip. */
export async function unit({ page, tag, shot, go, api, co, rec }) {
  const unit = co.unit_clusters[0][0];
  const words = await api(`/recordings/${co.recording_id}/units/${unit}/words?layer=${co.layer}&state=${co.state}&k=10&min_count=5`);
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
}

/** The unit's trace (SPEC 13): one curve per top word the API lists, the mean emphasised, the half-life
 * in the API's words and marked where it falls; a recording with no trace says so in a line. */
export async function unitTrace({ page, tag, viewport, shot, go, api, co }) {
  const unit = co.unit_clusters[0][0];
  const trace = await api(`/recordings/${co.recording_id}/trace/units/${unit}?layer=${co.layer}&state=${co.state}`);
  await go(`#/unit?recording=${co.recording_id}&layer=${co.layer}&state=${co.state}&unit=${unit}&co=${co.id}`);
  await page.waitForSelector("svg.trace-chart");
  const lines = await page.locator("svg.trace-chart path.trace-line").count();
  check(lines === trace.words.length && lines > 0, `${tag} unit view: ${lines} trace curves, one per top word the API lists (${trace.words.length})`);
  const labelled = await page.locator("svg.trace-chart text.word-label").allTextContents();
  check(JSON.stringify(labelled) === JSON.stringify(trace.words.map((w) => w.word)), `${tag} unit view: each curve labelled by its word (${labelled.slice(0, 4).join(", ")} ...)`);
  check((await page.locator("svg.trace-chart path.trace-mean").count()) === 1 && (await page.locator("svg.trace-chart line.half-line").count()) === 1, `${tag} unit view: the mean |trace| drawn, and half its first value dashed`);
  const said = trace.half_life === null ? `holds its words longer than ${trace.depth} steps` : `half-life ${trace.half_life} step${trace.half_life === 1 ? "" : "s"}`;
  const caption = await page.textContent("[data-testid=half-life]");
  check(caption.includes(said), `${tag} unit view: the half-life in the API's words: "${caption}"`);
  const mark = page.locator("svg.trace-chart g.half-life-mark");
  check(trace.half_life === null ? (await mark.count()) === 0 : (await mark.getAttribute("data-k")) === String(trace.half_life), `${tag} unit view: the half-life ${trace.half_life === null ? "has no marker (longer than the trace)" : `marked at k = ${trace.half_life}`}`);
  const labels = await page.evaluate(() => [...document.querySelectorAll("svg.trace-chart text.trace-label")].map((t) => t.getBoundingClientRect()).map((r) => [r.top, r.bottom]));
  const crowded = labels.filter(([top], i) => labels.some(([t, b], j) => j !== i && top < b - 3 && top >= t)).length;
  check(crowded === 0, `${tag} unit view: the curves' labels do not overlap (${crowded})`);
  if (viewport.width === 1440) await shot("unit-trace");
  // a recording that kept no trace (the model that learned nothing): one line saying so, no empty chart
  if (process.env.RNNVIS_UNLEARNED_COCLUSTERING) {
    const poor = await api(`/coclusterings/${process.env.RNNVIS_UNLEARNED_COCLUSTERING}`);
    const poorRec = await api(`/recordings/${poor.recording_id}`);
    if (!poorRec.options?.trace) {
      await go(`#/unit?recording=${poor.recording_id}&layer=${poor.layer}&state=${poor.state}&unit=${poor.unit_clusters.find((u) => u.length)[0]}`);
      await page.waitForSelector("[data-testid=no-trace]");
      const line = await page.textContent("[data-testid=no-trace]");
      check(line.includes("kept no trace") && /trace of 1–\d+ steps/.test(line) && (await page.locator("svg.trace-chart").count()) === 0, `${tag} unit view: no trace said in one line: "${line}"`);
    }
  }
}
