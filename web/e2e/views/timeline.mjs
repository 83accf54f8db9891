// The timeline view (issue 34): a model's chips across its training checkpoints. Everything drawn is
// counted against the API's answer for the timeline RNNVIS_TIMELINE (the learned PTB model's
// checkpoints): columns, chips with units, ribbons, loss points; a clicked chip's cloud is its words;
// a word's path lights its chips; the link (the hash) brings the selection back.
import { readFileSync } from "node:fs";
import { check, hashParams } from "../harness.mjs";

const stepLabel = (step) => (step === null ? "last" : String(step));

/** The chips a chip continues and that continue it, by the matched links (as the API gives them). */
function chain(tl, t, chip) {
  const matched = tl.links.filter((l) => l.matched);
  let length = 1;
  for (let at = { t, chip }; ; length++) {
    const from = matched.find((l) => l.checkpoint === at.t - 1 && l.target === at.chip);
    if (!from) break;
    at = { t: at.t - 1, chip: from.source };
  }
  for (let at = { t, chip }; ; length++) {
    const to = matched.find((l) => l.checkpoint === at.t && l.source === at.chip);
    if (!to) break;
    at = { t: at.t + 1, chip: to.target };
  }
  return length;
}

export async function timeline({ page, tag, viewport, shot, go, api }) {
  const id = process.env.RNNVIS_TIMELINE;
  if (!id) return;
  const tl = await api(`/timelines/${id}`);
  const n = tl.checkpoints.length;
  check(tl.status === "succeeded" && n >= 8, `${tag} timeline ${id}: ${n} checkpoints followed`);

  // the way there: the model's row links to its page, which lists its checkpoints and timelines
  if (viewport.width === 1440) {
    await go("#/dashboard");
    await page.waitForSelector("table[data-testid=models] a[data-testid=model-timeline]");
    const link = page.locator(`table[data-testid=models] a[data-testid=model-timeline][href$="model=${tl.model_id}"]`);
    check((await link.count()) >= 1, `${tag} dashboard: model ${tl.model_id}'s row links to its timelines`);
  }
  await go(`#/timeline?model=${tl.model_id}`);
  await page.waitForSelector("form[data-testid=start-timeline]");
  const checkpoints = await api(`/models/${tl.model_id}/checkpoints`);
  const rows = await page.locator("table[data-testid=checkpoints] tbody tr").count();
  check(rows === checkpoints.length && checkpoints.length >= 2, `${tag} timeline page: the model's ${rows} checkpoints listed`);
  check((await page.locator(`table[data-testid=timelines] a[href="#/timeline?id=${id}"]`).count()) === 1, `${tag} timeline page: timeline ${id} listed with a link`);
  check(!(await page.locator("form[data-testid=start-timeline] button[type=submit]").isDisabled()), `${tag} timeline page: the form can start a timeline`);
  if (viewport.width === 1440) await shot("timeline-start");

  await go(`#/timeline?id=${id}`);
  await page.waitForSelector("svg.timeline-chart g.chip");
  const chart = page.locator("svg.timeline-chart");
  const columns = await chart.locator("g.column").count();
  check(columns === n, `${tag} timeline: one column per checkpoint (${columns})`);
  const steps = await chart.locator("text.column-step").allTextContents();
  check(JSON.stringify(steps) === JSON.stringify(tl.checkpoints.map((c) => stepLabel(c.step))), `${tag} timeline: columns labelled by step (${steps.join(", ")})`);
  const withUnits = tl.checkpoints.reduce((s, c) => s + c.chips.filter((x) => x.size > 0).length, 0);
  const chips = await chart.locator("g.chip").count();
  check(chips === withUnits, `${tag} timeline: ${chips} chip rectangles, one per chip with units (${withUnits})`);
  const ribbons = await chart.locator("path.ribbon").count();
  check(ribbons === tl.links.length, `${tag} timeline: ${ribbons} ribbons, one per link (${tl.links.length})`);
  const measured = tl.checkpoints.filter((c) => c.loss !== null).length;
  const points = await chart.locator("circle.loss-point").count();
  check(points === measured && points === n, `${tag} timeline: ${points} loss points, one per checkpoint`);
  // the loss curve's points stand over their columns
  const aligned = await page.evaluate(() => {
    const xs = [...document.querySelectorAll("svg.timeline-chart g.column")].map((g) => Number(/translate\(([-\d.]+)/.exec(g.getAttribute("transform"))[1]));
    return [...document.querySelectorAll("svg.timeline-chart circle.loss-point")].every((c) => Math.abs(Number(c.getAttribute("cx")) - xs[Number(c.dataset.t)]) < 0.5);
  });
  check(aligned, `${tag} timeline: each loss point is over its checkpoint's column`);
  const threshold = await page.textContent("[data-testid=threshold]");
  check(threshold.includes(`≥ ${Math.round(100 * tl.threshold)} %`), `${tag} timeline: the events' threshold stated: "${threshold.slice(0, 60)}..."`);
  const transitions = new Set(tl.events.map((e) => e.checkpoint)).size;
  check((await page.locator("[data-testid=timeline-events] li").count()) === transitions, `${tag} timeline: ${tl.events.length} events listed in words over ${transitions} transitions`);

  // a chip: the largest of a checkpoint in the middle; its cloud is its words, its lineage its chain
  const t = Math.floor(n / 2);
  const chosen = [...tl.checkpoints[t].chips].sort((a, b) => b.size - a.size)[0];
  await chart.locator(`g.chip[data-t="${t}"][data-chip="${chosen.index}"] rect.chip-box`).click();
  await page.waitForSelector("[data-testid=chip-panel] svg.chip-cloud");
  const cloud = await page.locator("[data-testid=chip-panel] svg.chip-cloud text.cloud-word").allTextContents();
  check(JSON.stringify([...cloud].sort()) === JSON.stringify([...chosen.top_words].sort()) && cloud.length > 0, `${tag} timeline: chip ${chosen.index} at step ${stepLabel(tl.checkpoints[t].step)} shows its ${cloud.length} words (${chosen.top_words.slice(0, 4).join(", ")} ...)`);
  check((await page.textContent("[data-testid=chip-size]")).startsWith(`${chosen.size} units`), `${tag} timeline: the chip's size (${chosen.size} units)`);
  const lineage = await page.locator("[data-testid=lineage] > li").count();
  check(lineage === chain(tl, t, chosen.index), `${tag} timeline: its lineage, ${lineage} chips along its matched links`);
  check(hashParams(page).get("t") === String(t) && hashParams(page).get("chip") === String(chosen.index), `${tag} timeline: the chip is in the link (t=${t}, chip=${chosen.index})`);

  // a word: the most frequent (a plain word first) whose every checkpoint has it in a chip with units
  const drawnAt = (chip, i) => chip !== null && tl.checkpoints[i].chips.find((c) => c.index === chip)?.size > 0;
  const words = Object.keys(tl.word_paths);
  const word = words.find((w) => /^[a-z]+$/.test(w) && tl.word_paths[w].every(drawnAt)) ?? words.find((w) => tl.word_paths[w].every(drawnAt)) ?? words[0];
  const path = tl.word_paths[word];
  await page.fill("input[name=word]", word);
  await page.press("input[name=word]", "Enter");
  await page.waitForSelector("[data-testid=word-path]:not(:empty)");
  const lit = await chart.locator("g.chip.on-path").count();
  const inChips = path.filter((chip) => chip !== null).length;
  check(lit === path.filter(drawnAt).length && lit > 0, `${tag} timeline: "${word}" lights ${lit} chips, one per checkpoint it is in a chip with units (in a chip at ${inChips} of ${n})`);
  const said = await page.textContent("[data-testid=word-path]");
  const first = path.findIndex((chip) => chip !== null);
  check(said.includes(`${tl.checkpoints[first].step === null ? "last" : `step ${tl.checkpoints[first].step}`}: chip ${path[first]}`) && said.split("→").length === n, `${tag} timeline: its path in words: "${said.slice(0, 90)}..."`);
  check(hashParams(page).get("word") === word, `${tag} timeline: the word is in the link`);
  await shot("timeline");
  // the chart saves as SVG with the timeline's provenance (model, corpus, k) in its metadata
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(`.export button:text("SVG")`)]);
  const svgText = readFileSync(await download.path(), "utf8");
  const meta = svgText.match(/<metadata id="rnnvis-provenance"[^>]*>(.*?)<\/metadata>/s);
  const provenance = meta ? JSON.parse(meta[1].replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&")) : null;
  check(provenance?.kind === "timeline" && provenance.timeline_id === tl.id && provenance.k === tl.n_clusters && svgText.includes("g class=\"chip"), `${tag} timeline: the chart saves as SVG with the timeline's provenance (${provenance?.caption.slice(0, 70)}…)`);

  // the link brings it all back
  await page.reload();
  await page.waitForSelector("#app[data-ready=true]");
  await page.waitForSelector("[data-testid=chip-panel] svg.chip-cloud");
  const selected = chart.locator("g.chip.selected");
  const again = await page.locator("[data-testid=chip-panel] svg.chip-cloud text.cloud-word").allTextContents();
  check((await selected.count()) === 1 && (await selected.getAttribute("data-chip")) === String(chosen.index) && (await selected.getAttribute("data-t")) === String(t)
    && JSON.stringify(again) === JSON.stringify(cloud), `${tag} timeline: reloaded, the link shows the same chip and cloud`);
  check((await chart.locator("g.chip.on-path").count()) === lit && (await page.inputValue("input[name=word]")) === word, `${tag} timeline: reloaded, the same word's path`);
}
