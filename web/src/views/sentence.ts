// Sentence view: one glyph per word per unit cluster (SPEC 5), predictions, and the output decomposition.
import { formatProbability, optionLabel, sliceSteps } from "../layout";
import { get, post, provenanceOf, query, type Coclustering, type Evaluation, type Model, type Page, type Recording } from "../api";
import { exportButtons } from "../charts/export";
import { decomposition, GLYPH, glyphs } from "../charts/sentence";
import { readingLine } from "../charts/reading";
import { chosenModelQuality } from "../charts/training";
import { clear, el, errorBox, field, options, reloadOnReturn } from "../dom";
import { rememberView, routeHash, updateParams } from "../route";
import { attributeBox, patchBox } from "./causal";
import { shareButton } from "./share";

// Words per page of a long text (glyphs, predictions and decomposition page together): as many glyph
// columns as fit the page's width, between these bounds.
const PAGE_WORDS = { min: 8, max: 40 };

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
  // the files' provenance: the co-clustering read with (its model, recording and chips), else the model
  const figureSource = () => (co.value ? provenanceOf("coclustering", co.value) : provenanceOf("model", model.value));
  let glyphSvg: SVGSVGElement | null = null;
  let decompositionSvg: SVGSVGElement | null = null;
  // hidden for a model whose logit is not decomposed (SPEC 11)
  const decompositionExport = el("span", {}, " decomposition ", exportButtons(() => decompositionSvg, () => fileName("decomposition"), undefined, undefined, () => figureSource()()));
  root.append(
    form,
    el("div", { class: "controls secondary" }, "glyphs ", exportButtons(() => glyphSvg, () => fileName("glyphs"), () => output.querySelector<HTMLElement>(".glyph-key"), undefined, () => figureSource()()), decompositionExport),
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
