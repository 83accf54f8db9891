// Sentence view: one glyph per word per unit cluster (SPEC 5), predictions, and the output decomposition.
import * as d3 from "d3";
import { chipName, formatProbability, optionLabel, sliceSteps } from "../layout";
import { get, post, query, type Coclustering, type Evaluation, type Model, type Page, type Recording } from "../api";
import { exportButtons } from "../charts/export";
import { readingLine } from "../charts/reading";
import { chosenModelQuality } from "../charts/training";
import { clear, el, errorBox, field, options, reloadOnReturn } from "../dom";
import { rememberView, routeHash, updateParams } from "../route";
import { attributeBox, patchBox } from "./causal";
import { shareButton } from "./share";

// Words per page of a long text (glyphs, predictions and decomposition page together): as many glyph
// columns as fit the page's width, between these bounds.
const PAGE_WORDS = { min: 8, max: 40 };
const GLYPH = { width: 54, height: 46, left: 256 }; // a glyph cell, and the row labels' column before them
const LABEL_CHARS = 24; // a chip's name beside its row: longer ones end in "…" (the full name on hover)

/** How many glyph columns fit a container this wide (the page scrolls no wider than the screen). */
export function wordsPerPage(width: number): number {
  const fit = Math.floor((width - GLYPH.left - 20) / GLYPH.width);
  return Math.max(PAGE_WORDS.min, Math.min(PAGE_WORDS.max, fit));
}
const LINK_CHARS = 500; // longer texts stay out of the page's link, so that permalinks stay short

export async function sentenceView(root: HTMLElement, params: URLSearchParams): Promise<void> {
  root.append(el("h1", {}, "Sentence view"));
  const error = errorBox();
  const lists = () =>
    Promise.all([
      get<Page<Model>>(`/models${query({ limit: 500 })}`).then((p) => p.items),
      get<Page<Recording>>(`/recordings${query({ status: "succeeded", limit: 500 })}`).then((p) => p.items),
      get<Page<Coclustering>>(`/coclusterings${query({ status: "succeeded", limit: 500 })}`).then((p) => p.items),
    ]);
  let [models, recordings, coclusterings] = await lists();
  const model = el("select", { name: "model" });
  options(model, models.map((m) => [String(m.id), optionLabel(m.id, m.name, m.created_at)]), params.get("model") ?? undefined);
  const co = el("select", { name: "coclustering" });
  const fillCo = () => {
    const ofModel = new Set(recordings.filter((r) => String(r.model_id) === model.value).map((r) => r.id));
    const choices = coclusterings.filter((c) => ofModel.has(c.recording_id));
    options(
      co,
      [["", "none (no glyphs)"], ...choices.map((c): [string, string] => [String(c.id), optionLabel(c.id, c.label, c.created_at)])],
      params.get("coclustering") ?? (choices[0] ? String(choices[0].id) : ""),
    );
  };
  model.addEventListener("change", fillCo);
  fillCo();
  // models and co-clusterings that finish in another tab appear when the user comes back
  reloadOnReturn(root, async () => {
    const chosen = [model.value, co.value];
    [models, recordings, coclusterings] = await lists();
    options(model, models.map((m) => [String(m.id), optionLabel(m.id, m.name, m.created_at)]), chosen[0]);
    fillCo();
    quality.refresh();
    shareFollows();
    if ([...co.options].some((o) => o.value === chosen[1])) co.value = chosen[1];
  });
  const text = el("textarea", { name: "text", rows: 2, cols: 80, required: true, "aria-label": "sentence" });
  text.value = params.get("text") ?? "";
  const quality = chosenModelQuality(model, () => models);
  // the chosen model's Share button, kept in step with the choice
  const share = el("span", { class: "share-slot" });
  const shareFollows = () => {
    clear(share);
    const chosen = models.find((m) => String(m.id) === model.value);
    if (chosen) share.append(shareButton("model", chosen.id, chosen.name));
  };
  model.addEventListener("change", shareFollows);
  shareFollows();
  const form = el("form", { class: "controls" }, field("model", model), share, quality, field("co-clustering", co), field("text", text), el("button", { type: "submit" }, "Read"));
  const output = el("div", { class: "chart" });
  let glyphSvg: SVGSVGElement | null = null;
  let decompositionSvg: SVGSVGElement | null = null;
  // hidden for a model whose logit is not decomposed (SPEC 11)
  const decompositionExport = el("span", {}, " decomposition ", exportButtons(() => decompositionSvg, () => fileName("decomposition")));
  root.append(
    form,
    el("div", { class: "controls secondary" }, "glyphs ", exportButtons(() => glyphSvg, () => fileName("glyphs"), () => output.querySelector<HTMLElement>(".glyph-key")), decompositionExport),
    error.node,
    output,
  );
  // files named after what they show: the model, the co-clustering and the text's first words
  const fileName = (chart: string) =>
    [chart, `model${model.value}`, co.value ? `cocluster${co.value}` : "", text.value.trim().split(/\s+/).slice(0, 4).join("-")]
      .filter(Boolean).join("-").replace(/[^\w.-]+/g, "_").slice(0, 100);
  const run = async () => {
    error.hide();
    clear(output);
    if (!model.value) return error.show("Upload a model first: the sentence view reads text with one.");
    if (!text.value.trim()) return error.show("Type a sentence to read (it is empty or only spaces).");
    const linked = text.value.length <= LINK_CHARS;
    updateParams({ model: model.value, coclustering: co.value, text: linked ? text.value : null });
    rememberView("sentence");
    try {
      const [result, chips] = await Promise.all([
        post<Evaluation>(`/models/${model.value}/evaluate`, { text: text.value, coclustering_id: co.value ? Number(co.value) : null }),
        co.value ? get<Coclustering>(`/coclusterings/${co.value}`) : Promise.resolve(null),
      ]);
      const chosen = models.find((m) => String(m.id) === model.value);
      if (!linked) output.append(el("p", { class: "notice", "data-testid": "long-text" }, `This text (${text.value.length.toLocaleString()} characters) is too long to keep in the page's link: the link keeps the model and co-clustering only.`));
      if (result.glyphs && chips) {
        output.append(
          el(
            "p",
            { class: "sub glyph-key" },
            "Glyphs of the memory chips of ",
            el("a", { href: routeHash("cocluster", { recording: chips.recording_id, layer: chips.layer, state: chips.state, k: chips.n_clusters, top: chips.top_words, min: chips.min_count, mode: chips.mode }) }, chips.label),
            ", each row named by its chip's strongest words (hover a row to follow it). Each glyph is one chip after one word: light bars are the chip's positive (up) and negative (down) " +
              "state, the thin dark bars their change from the previous word (outlined when shrinking), the grey gauge " +
              "the share of the previous state the chip preserved.",
          ),
        );
      }
      const reading = chips ? readingLine(recordings.find((r) => r.id === chips.recording_id)?.quality) : null;
      if (reading) output.append(el("p", { class: "sub" }, reading));
      const empty = result.glyphs?.sizes.flatMap((n, c) => (n === 0 ? [`#${c}`] : [])) ?? [];
      if (empty.length) {
        output.append(el("p", { class: "notice", "data-testid": "empty-chips" }, `Not shown: ${empty.length === 1 ? "chip" : "chips"} ${empty.join(", ")} of this co-clustering ${empty.length === 1 ? "has" : "have"} no units (a smaller k may serve).`));
      }
      if (!result.glyphs) output.append(el("p", { class: "sub" }, "Choose a co-clustering of this model to see the glyphs."));
      // a long text is read in pages of as many words as fit the screen's width
      const perPage = wordsPerPage(output.clientWidth || window.innerWidth);
      const pages = Math.ceil(result.tokens.length / perPage);
      const pageBox = el("div", { class: "sentence-page" });
      const showPage = (p: number) => {
        clear(pageBox);
        const part = sliceSteps(result, p * perPage, (p + 1) * perPage);
        if (pages > 1) {
          const step = (to: number, label: string) => el("button", { type: "button", class: "small", disabled: to < 0 || to >= pages ? true : undefined, onclick: () => showPage(to) }, label);
          pageBox.append(el("div", { class: "pager", "data-testid": "pager" }, step(p - 1, "previous"), ` words ${p * perPage + 1}-${Math.min(result.tokens.length, (p + 1) * perPage)} of ${result.tokens.length.toLocaleString()} `, step(p + 1, "next")));
        }
        glyphSvg = part.glyphs ? glyphs(pageBox, part, chips) : null;
        pageBox.append(predictionTable(part, chosen?.task === "classifier"));
        decompositionExport.hidden = !part.decomposition;
        if (part.decomposition) decompositionSvg = decomposition(pageBox, { ...part, decomposition: part.decomposition });
        else {
          decompositionSvg = null;
          pageBox.append(el("p", { class: "notice", "data-testid": "no-decomposition" }, `No decomposition: ${part.decomposition_note ?? "this model's output is not linear in a state's sum"}.`));
        }
      };
      output.append(pageBox);
      showPage(0);
      // SPEC 13: patching from another text, and attribution over the words (a next-word model's)
      const ctx = { model: model.value, co: chips, text: () => text.value };
      output.append(el("div", { class: "causal" }, patchBox(ctx, params.get("source") ?? ""), attributeBox(ctx, result.tokens)));
    } catch (e) {
      error.show(e);
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void run();
  });
  if (params.get("text")) await run();
}

/** Glyph grid: columns are tokens, rows are unit clusters. */
export function glyphs(container: HTMLElement, result: Evaluation, chips: Coclustering | null): SVGSVGElement {
  const g = result.glyphs!;
  // one row per chip with units: an empty chip's glyphs would be blank rows
  const shown = g.positive.map((_, c) => c).filter((c) => (g.sizes?.[c] ?? 1) > 0);
  const clusters = shown.length;
  const steps = result.tokens.length;
  const cell = { width: GLYPH.width, height: GLYPH.height };
  const margin = { top: 40, left: GLYPH.left };
  const strip = { x: 186, width: 60, height: 14 }; // the chip itself: one sliver per unit, coloured by its response to its cloud
  const unitColour = d3.scaleDiverging(d3.interpolateRdBu).domain([Math.max(1e-9, ...(chips?.unit_strength ?? []).map(Math.abs)), 0, -Math.max(1e-9, ...(chips?.unit_strength ?? []).map(Math.abs))]);
  const name = (c: number) => (chips ? chipName(c, chips.word_clusters ?? [], chips.words ?? [], chips.word_strength ?? []) : `#${c}`);
  const width = margin.left + steps * cell.width + 20;
  const height = margin.top + clusters * cell.height + 20;
  const peak = Math.max(1e-9, ...g.positive.flat(), ...g.negative.flat().map(Math.abs));
  const bar = d3.scaleLinear().domain([0, peak]).range([0, cell.height / 2 - 4]);
  const svg = d3.select(container).append("svg").attr("class", "glyphs").attr("width", width).attr("height", height).attr("role", "img").attr("aria-label", `glyphs: ${steps} words x ${clusters} clusters`);
  svg
    .selectAll("text.token")
    .data(result.tokens)
    .join("text")
    .attr("class", "token")
    .attr("x", (_, t) => margin.left + t * cell.width + cell.width / 2)
    .attr("y", margin.top - 12)
    .attr("text-anchor", "middle")
    .text((w) => w);
  shown.forEach((c, rowIndex) => {
    const row = svg.append("g").attr("class", "chip-row").attr("data-chip", c).attr("transform", `translate(0,${margin.top + rowIndex * cell.height})`);
    row.append("rect").attr("class", "row-hover").attr("width", width).attr("height", cell.height);
    const label = row.append("text").attr("class", "cluster-label").attr("x", strip.x - 6).attr("y", cell.height / 2 + 4).attr("text-anchor", "end").text(name(c).length > LABEL_CHARS ? `${name(c).slice(0, LABEL_CHARS - 1)}…` : name(c));
    label.append("title").text(`chip #${c}: ${g.sizes?.[c] ?? "?"} units; its cloud: ${name(c)}`);
    const units = chips?.unit_clusters?.[c] ?? [];
    if (units.length) {
      const mini = row.append("g").attr("class", "mini-chip").attr("transform", `translate(${strip.x},${(cell.height - strip.height) / 2})`);
      const sliver = strip.width / units.length;
      mini.selectAll("rect.sliver").data(units).join("rect").attr("class", "sliver").attr("x", (_, i) => i * sliver).attr("width", Math.max(sliver, 0.5)).attr("height", strip.height)
        .attr("fill", (u) => (chips?.unit_strength ? unitColour(chips.unit_strength[u] ?? 0) : "#b9c2cc"));
      mini.append("rect").attr("class", "mini-chip-frame").attr("x", -1).attr("y", -1).attr("width", strip.width + 2).attr("height", strip.height + 2);
      mini.append("title").text(`chip #${c}: units ${units.slice(0, 20).join(", ")}${units.length > 20 ? ", ..." : ""}`);
    }
    for (let t = 0; t < steps; t++) {
      const x0 = margin.left + t * cell.width;
      const mid = cell.height / 2;
      const glyph = row.append("g").attr("class", "glyph").attr("transform", `translate(${x0},0)`);
      glyph.append("title").text(
        `${result.tokens[t]}, chip ${c}: positive ${g.positive[c][t].toFixed(3)}, negative ${g.negative[c][t].toFixed(3)}, ` +
          `update +${g.update_positive[c][t].toFixed(3)} / ${g.update_negative[c][t].toFixed(3)}, preserved ${(100 * g.preserved[c][t]).toFixed(0)} %`,
      );
      glyph.append("rect").attr("class", "glyph-frame").attr("x", 2).attr("y", 1).attr("width", cell.width - 4).attr("height", cell.height - 2);
      glyph.append("rect").attr("class", "bar positive").attr("x", 10).attr("width", 14).attr("y", mid - bar(g.positive[c][t])).attr("height", bar(g.positive[c][t]));
      glyph.append("rect").attr("class", "bar negative").attr("x", 10).attr("width", 14).attr("y", mid).attr("height", bar(Math.abs(g.negative[c][t])));
      // update overlays: the change since the previous word, drawn as thin bars beside
      const up = g.update_positive[c][t];
      const un = g.update_negative[c][t];
      glyph.append("rect").attr("class", `update positive ${up < 0 ? "shrink" : ""}`).attr("x", 26).attr("width", 5).attr("y", mid - bar(Math.abs(up))).attr("height", bar(Math.abs(up)));
      glyph.append("rect").attr("class", `update negative ${un > 0 ? "shrink" : ""}`).attr("x", 26).attr("width", 5).attr("y", mid).attr("height", bar(Math.abs(un)));
      // preserved ratio: how much of the previous state the cluster kept, as a filled gauge
      const p = Math.max(0, Math.min(1, g.preserved[c][t]));
      glyph.append("rect").attr("class", "preserved-frame").attr("x", 37).attr("y", 6).attr("width", 8).attr("height", cell.height - 12);
      glyph.append("rect").attr("class", "preserved").attr("x", 37).attr("y", 6 + (1 - p) * (cell.height - 12)).attr("width", 8).attr("height", p * (cell.height - 12));
      glyph.append("line").attr("class", "baseline").attr("x1", 6).attr("x2", 33).attr("y1", mid).attr("y2", mid);
    }
  });
  return svg.node() as SVGSVGElement;
}

/** The predictions after each word, one column per word under its glyphs (the same widths), each cell
 * a word over its probability; a word too long for its column ends in "…" (the whole on hover). */
function predictionTable(result: Evaluation, classifier: boolean): HTMLElement {
  const table = el("table", { class: "predictions", "data-testid": "predictions" }, el("caption", {}, classifier ? "class probabilities after each word" : "most likely next words after each word"));
  table.style.width = `${GLYPH.left + result.tokens.length * GLYPH.width}px`;
  table.append(el("colgroup", {}, el("col", { style: `width: ${GLYPH.left}px` }), ...result.tokens.map(() => el("col", { style: `width: ${GLYPH.width}px` }))));
  const head = el("tr", {}, el("th", { scope: "col" }, "after"), ...result.tokens.map((t) => el("th", { scope: "col", title: t }, t)));
  const body = el("tbody");
  if (classifier) {
    // one row per class, named by it: the probability of that class after each word
    (result.predictions[0] ?? []).forEach((cls, r) => {
      body.append(el("tr", {}, el("th", { scope: "row" }, cls.token), ...result.predictions.map((step) => el("td", {}, formatProbability(step[r].probability)))));
    });
  } else {
    const rows = Math.min(3, result.predictions[0]?.length ?? 0);
    for (let r = 0; r < rows; r++) {
      body.append(
        el("tr", {}, el("th", { scope: "row" }, `#${r + 1}`), ...result.predictions.map((step) => el("td", { title: `${step[r].token} ${formatProbability(step[r].probability)}` }, el("div", {}, step[r].token), el("div", { class: "sub" }, formatProbability(step[r].probability))))),
      );
    }
  }
  table.append(el("thead", {}, head), body);
  return table;
}

/** Each word's contribution u·Δh_t to the chosen output's logit; with the bias they sum to the logit. */
export function decomposition(container: HTMLElement, result: Evaluation & { decomposition: NonNullable<Evaluation["decomposition"]> }): SVGSVGElement {
  const d = result.decomposition;
  const width = Math.max(660, 80 + result.tokens.length * 54); // wide enough for the title
  const left = 80;
  const x = d3.scaleBand<number>().domain(d3.range(result.tokens.length)).range([left, width - 20]).padding(0.2);
  // words wider than their bar (about 7 px a character) are slanted, so that neighbours never overlap
  const slanted = result.tokens.some((t) => t.length * 7 > x.bandwidth() + 8);
  const longest = Math.min(24, Math.max(...result.tokens.map((t) => t.length)));
  const margin = { top: 36, bottom: slanted ? 20 + Math.ceil(longest * 7 * Math.sin(Math.PI / 5.1)) : 40, left };
  const height = 180 + margin.bottom;
  const extent = Math.max(1e-9, ...d.contributions.map(Math.abs));
  const y = d3.scaleLinear().domain([-extent, extent]).range([height - margin.bottom, margin.top]).nice();
  const svg = d3.select(container).append("svg").attr("class", "decomposition").attr("width", width).attr("height", height).attr("role", "img").attr("aria-label", "output decomposition");
  svg.append("text").attr("class", "axis-title").attr("x", margin.left).attr("y", 16).text(`contribution of each word to the logit of “${d.label}” (logit ${d.logit.toFixed(2)} = bias ${d.bias.toFixed(2)} + sum)`);
  svg.append("g").attr("transform", `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(5));
  svg
    .selectAll("rect.contribution")
    .data(d.contributions)
    .join("rect")
    .attr("class", (v) => `contribution ${v >= 0 ? "positive" : "negative"}`)
    .attr("x", (_, i) => x(i) ?? 0)
    .attr("width", x.bandwidth())
    .attr("y", (v) => (v >= 0 ? y(v) : y(0)))
    .attr("height", (v) => Math.abs(y(v) - y(0)));
  svg
    .selectAll("text.token")
    .data(result.tokens)
    .join("text")
    .attr("class", "token")
    .attr("text-anchor", slanted ? "end" : "middle")
    .attr("transform", (_, i) => {
      const [cx, cy] = [(x(i) ?? 0) + x.bandwidth() / 2, height - margin.bottom + (slanted ? 10 : 16)];
      return slanted ? `translate(${cx},${cy}) rotate(-35)` : `translate(${cx},${cy})`;
    })
    .text((t) => t);
  svg.append("line").attr("class", "zero").attr("x1", margin.left).attr("x2", width - 20).attr("y1", y(0)).attr("y2", y(0));
  return svg.node() as SVGSVGElement;
}
