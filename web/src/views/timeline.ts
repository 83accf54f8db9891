// Timeline view (issue 34): watch memory form. #/timeline?id=<timeline>[&t=<checkpoint>&chip=<index>&word=<w>]
// shows the loss at each checkpoint above the alluvial diagram of the chips (charts/timeline.ts), the
// chosen chip's word cloud at that step and its lineage beside it, and a word's path through the
// chips; #/timeline?model=<model> lists the model's checkpoints and timelines, with the form that
// starts one. Everything shown is in the hash, so a link reproduces it.
import * as d3 from "d3";
import { downloadFile, get, post, provenanceOf, query, type Corpus, type Job, type Model, type Page } from "../api";
import { packCloud } from "../charts/cloud";
import { exportButtons } from "../charts/export";
import {
  chipEvents,
  drawTimeline,
  lineage,
  pathInWords,
  stepLabel,
  trackColours,
  wordPath,
  type ChipRef,
  type Timeline,
  type TimelineChart,
} from "../charts/timeline";
import { fieldSpec, FORM_DEFAULTS } from "../defaults";
import { clear, el, errorBox, field, options, progressBar, table } from "../dom";
import type { components } from "../generated/api";
import { isActive, pollJob } from "../jobs";
import { optionLabel } from "../layout";
import { indexParam } from "../links";
import { rememberView, routeHash, updateParams } from "../route";

export type Checkpoint = components["schemas"]["CheckpointOut"];

export async function timelineView(root: HTMLElement, params: URLSearchParams): Promise<void> {
  rememberView("timeline");
  const id = indexParam(params, "id");
  if (id === null) {
    await startPage(root, indexParam(params, "model"));
    return;
  }
  root.append(el("h1", {}, `Timeline ${id}`));
  const heading = root.querySelector("h1")!;
  const about = el("p", { class: "sub", "data-testid": "timeline-about" });
  const error = errorBox();
  const waiting = el("div", { class: "status", "aria-live": "polite", "data-testid": "timeline-progress" });
  root.append(about, error.node, waiting);
  let tl = await get<Timeline>(`/timelines/${id}`);
  const model = await get<Model>(`/models/${tl.model_id}`).catch(() => null);
  heading.textContent = `Timeline ${tl.id}: ${model?.name ?? `model ${tl.model_id}`}`;
  about.append(
    `${tl.checkpoint_ids.length} checkpoints · layer ${tl.layer ?? "top"} ${tl.state} · k = ${tl.n_clusters} chips per checkpoint · ` +
      `${tl.top_words} ${tl.word_selection} words seen ≥ ${tl.min_count} times · corpus ${tl.corpus_id}` +
      `${tl.max_tokens ? ` (first ${tl.max_tokens.toLocaleString()} tokens)` : ""} · `,
    el("a", { href: routeHash("timeline", { model: tl.model_id }) }, "the model's checkpoints and timelines"),
  );
  if (isActive(tl.status)) {
    try {
      await followJob(tl.job_id, waiting, `timeline ${tl.id}`);
      tl = await get<Timeline>(`/timelines/${id}`);
    } catch (e) {
      tl = await get<Timeline>(`/timelines/${id}`).catch(() => tl);
      if (tl.status === "succeeded") clear(waiting);
      else error.show(e);
    }
  }
  if (tl.status !== "succeeded" || !tl.checkpoints) {
    error.show(`Timeline ${tl.id} ${tl.status}${tl.error ? `: ${tl.error}` : ""}. Start another from the model's page (the link above).`);
    return;
  }
  clear(waiting);
  showTimeline(root, tl, params);
}

/** Follow a job to its end, its progress bar and message in `box`; throws in the job's words. */
async function followJob(jobId: number, box: HTMLElement, what: string): Promise<void> {
  const show = (job: Job) => {
    clear(box);
    box.append(el("span", { class: "job-status" }, progressBar(job.progress, job.status, `progress of ${what}`), `${what}: ${job.message || job.status}`));
  };
  await pollJob<Job>(`/jobs/${jobId}`, { what, onProgress: show, intervalMs: 700 });
  clear(box);
}

function showTimeline(root: HTMLElement, tl: Timeline, params: URLSearchParams): void {
  const checkpoints = tl.checkpoints ?? [];
  const words = Object.keys(tl.word_paths ?? {});
  // the word box: the timeline's words offered as the user types
  const wordInput = el("input", { type: "search", name: "word", list: "timeline-words", autocomplete: "off", placeholder: words[0] ? `e.g. ${words[0]}` : "", "aria-label": "a word to follow" });
  const datalist = el("datalist", { id: "timeline-words" }, ...words.map((w) => el("option", { value: w })));
  const wordForm = el("form", { class: "controls", "data-testid": "word-form" }, field("follow a word through the chips", wordInput), datalist,
    el("button", { type: "submit" }, "show its path"),
    el("button", { type: "button", class: "small", onclick: () => setWord(null) }, "clear"));
  wordForm.addEventListener("submit", (event) => {
    event.preventDefault();
    setWord(wordInput.value.trim() || null);
  });
  const downloads = el("span", { class: "export", "data-testid": "timeline-exports" }, "download: ",
    ...(["links", "events", "word_paths"] as const).map((table) => el("button", { type: "button", onclick: () => void downloadFile(`/timelines/${tl.id}/export${query({ format: "csv", table })}`, `timeline-${tl.id}-${table}.csv`).catch((e) => problem.show(e)) }, `${table.replace("_", " ")} (CSV)`)),
    el("button", { type: "button", onclick: () => void downloadFile(`/timelines/${tl.id}/export${query({ format: "json" })}`, `timeline-${tl.id}.json`).catch((e) => problem.show(e)) }, "all (JSON)"));
  const problem = errorBox();
  const pathLine = el("p", { class: "word-path-line", "data-testid": "word-path", "aria-live": "polite" });
  const chart = el("div", { class: "chart timeline-chart-box" });
  const panel = el("div", { class: "timeline-panel", "data-testid": "chip-panel", "aria-live": "polite" });
  const main = el("div", { class: "timeline-main" }, chart, key(), pathLine, eventList(tl));
  let drawnSvg: SVGSVGElement | null = null;
  const figure = exportButtons(() => drawnSvg, () => `timeline-${tl.id}-layer${tl.layer ?? "top"}-${tl.state}-k${tl.n_clusters}`, undefined,
    () => ({ title: `Memory chips across ${checkpoints.length} checkpoints: timeline ${tl.id}, layer ${tl.layer ?? "top"}, state ${tl.state}, k = ${tl.n_clusters}` }),
    provenanceOf("timeline", tl.id));
  root.append(el("div", { class: "controls secondary" }, wordForm, downloads, figure), problem.node, el("div", { class: "timeline-layout" }, main, panel));

  let chosen: ChipRef | null = null;
  const t = indexParam(params, "t");
  const chip = indexParam(params, "chip");
  if (t !== null && chip !== null && checkpoints[t]?.chips.some((c) => c.index === chip)) chosen = { t, chip };
  let word: string | null = params.get("word") || null;
  wordInput.value = word ?? "";
  const drawn: TimelineChart = drawTimeline(tl, Math.max(640, Math.floor(chart.clientWidth || 1000)), (ref) => choose(ref));
  chart.append(drawn.svg);
  drawnSvg = drawn.svg;

  const refresh = () => {
    drawn.highlight(chosen, word);
    showPanel(panel, tl, chosen, choose);
    pathLine.replaceChildren();
    if (word) {
      const path = wordPath(tl, word);
      pathLine.append(el("strong", {}, `“${word}”: `), pathInWords(tl, word));
      pathLine.classList.toggle("missing", !path);
    }
    rememberView("timeline");
  };
  function choose(ref: ChipRef | null): void {
    chosen = ref;
    updateParams({ t: ref?.t, chip: ref?.chip });
    refresh();
  }
  function setWord(w: string | null): void {
    word = w;
    wordInput.value = w ?? "";
    updateParams({ word: w });
    refresh();
  }
  refresh();
}

/** What the marks mean, and the rule an event follows. */
function key(): HTMLElement {
  return el("p", { class: "sub timeline-key" },
    "Each column is a checkpoint; each rectangle a memory chip, as tall as its units; a ribbon, the units of the later chip whose predecessors were in the earlier one. " +
    "A colour follows a track: a chip and the chips continuing it. Click a chip for its words and lineage.");
}

/** The events in words, by transition, with the threshold they follow. */
function eventList(tl: Timeline): HTMLElement {
  const checkpoints = tl.checkpoints ?? [];
  const events = tl.events ?? [];
  const box = el("section", { class: "timeline-events", "data-testid": "timeline-events" }, el("h2", {}, "What happened between checkpoints"),
    el("p", { class: "sub", "data-testid": "threshold" }, `A link counts when it carries ≥ ${Math.round(100 * tl.threshold)} % of a chip's units: a chip with no such link in is born, one with two or more is a merge; one with no such link out dissolves, one with two or more splits.`));
  if (events.length === 0) {
    box.append(el("p", {}, "No births, splits, merges or dissolutions: every chip carries on into the next checkpoint."));
    return box;
  }
  const list = el("ul", {});
  for (const [at, group] of d3.group(events, (e) => e.checkpoint)) {
    const from = checkpoints[at];
    const to = checkpoints[at + 1];
    list.append(el("li", { "data-checkpoint": at }, el("strong", {}, `${stepLabel(from?.step)} → ${stepLabel(to?.step)}: `), group.map((e) => e.text).join("; ")));
  }
  box.append(list);
  return box;
}

/** The chosen chip: its word cloud at that step, its size, and its lineage, each chip a button. */
function showPanel(panel: HTMLElement, tl: Timeline, chosen: ChipRef | null, choose: (ref: ChipRef | null) => void): void {
  clear(panel);
  const checkpoints = tl.checkpoints ?? [];
  const chip = chosen ? checkpoints[chosen.t]?.chips.find((c) => c.index === chosen.chip) : undefined;
  if (!chosen || !chip) {
    panel.append(el("h2", {}, "A chip"), el("p", { class: "sub" }, "Click a chip in the diagram to see its word cloud at that step and where it came from and went."));
    return;
  }
  const step = checkpoints[chosen.t].step;
  const colour = trackColours(tl);
  panel.append(
    el("h2", {}, el("span", { class: "swatch", style: `background:${colour(chip.track)}` }), ` ${stepLabel(step)}, chip ${chip.index}`),
    el("p", { class: "chip-size", "data-testid": "chip-size" }, `${chip.size} unit${chip.size === 1 ? "" : "s"} · ${chip.words} word${chip.words === 1 ? "" : "s"} in its cloud · track ${chip.track}`),
    el("p", { class: "sub chip-units" }, `units ${chip.units.join(", ")}`),
    el("h3", {}, chip.top_words.length ? `Its ${chip.top_words.length} strongest words` : "No words"),
    cloudOf(chip.top_words, colour(chip.track)),
  );
  const line = lineage(tl, chosen.t, chosen.chip);
  const chain = [...line.back, chosen, ...line.forward];
  const list = el("ol", { class: "lineage", "data-testid": "lineage" });
  for (const ref of chain) {
    const c = checkpoints[ref.t].chips.find((x) => x.index === ref.chip);
    const here = ref.t === chosen.t && ref.chip === chosen.chip;
    // each event once: how each chip of the chain came, and how its last one goes on
    const { arriving, leaving } = chipEvents(tl, ref.t, ref.chip);
    const notes = ref === chain[chain.length - 1] ? [...arriving, ...leaving] : arriving;
    list.append(el("li", { "aria-current": here ? "true" : undefined },
      el("button", { type: "button", class: "small chip-link", "data-t": ref.t, "data-chip": ref.chip, onclick: () => choose(ref) }, `${stepLabel(checkpoints[ref.t].step)}: chip ${ref.chip}`),
      ` ${c?.size ?? 0} units${c?.top_words.length ? ` (${c.top_words.slice(0, 3).join(", ")})` : ""}`,
      ...notes.map((e) => el("div", { class: "event-note" }, `${stepLabel(checkpoints[e.checkpoint]?.step)} → ${stepLabel(checkpoints[e.checkpoint + 1]?.step)}: ${e.text}`, ...partners(tl, e, choose))),
    ));
  }
  const first = chain[0];
  const last = chain[chain.length - 1];
  panel.append(el("h3", {}, "Lineage"),
    el("p", { class: "sub", "data-testid": "lineage-summary" },
      `Its track runs from ${first.t === 0 ? "the first checkpoint" : stepLabel(checkpoints[first.t].step)}`,
      last.t === checkpoints.length - 1 ? " to the last." : ` to ${stepLabel(checkpoints[last.t].step)}.`,
      " Each chip below continues the one before (the one-to-one match on units)."),
    list,
  el("button", { type: "button", class: "small", onclick: () => choose(null) }, "close"));
}

/** The other chips of a split or a merge, as buttons. */
function partners(tl: Timeline, e: components["schemas"]["TimelineEvent"], choose: (ref: ChipRef) => void): HTMLElement[] {
  if (e.kind !== "split" && e.kind !== "merge") return [];
  const checkpoints = tl.checkpoints ?? [];
  const refs = [...e.sources.map((chip) => ({ t: e.checkpoint, chip })), ...e.targets.map((chip) => ({ t: e.checkpoint + 1, chip }))];
  return [el("span", { class: "partners" }, " ", ...refs.map((ref) =>
    el("button", { type: "button", class: "small chip-link partner", onclick: () => choose(ref) }, `${stepShort(checkpoints[ref.t]?.step)}:${ref.chip}`)))];
}

function stepShort(step: number | null | undefined): string {
  return step === null || step === undefined ? "last" : String(step);
}

let measuring: CanvasRenderingContext2D | null = null;
function measureText(word: string, size: number): number {
  measuring ??= document.createElement("canvas").getContext("2d");
  if (!measuring) return word.length * size * 0.6;
  measuring.font = `${size}px system-ui, sans-serif`;
  return measuring.measureText(word).width;
}

/** The chip's strongest words as a cloud, the first (strongest) the largest. */
function cloudOf(words: string[], colour: string): SVGSVGElement | HTMLElement {
  if (words.length === 0) return el("p", { class: "sub" }, "This chip's cloud has no words.");
  const width = 320;
  const strength = words.map((_, i) => words.length - i);
  const packed = packCloud(words, words.map((_, i) => i), strength, words.length, width - 8, 11, 24, measureText);
  const svg = d3.create("svg").attr("class", "chip-cloud").attr("width", width).attr("height", packed.height + 8).attr("role", "img")
    .attr("aria-label", `the chip's words: ${words.join(", ")}`);
  svg.append("rect").attr("class", "cloud-frame").attr("width", width).attr("height", packed.height + 8).attr("rx", 4).attr("stroke", colour);
  svg.append("g").attr("transform", "translate(4,4)").selectAll("text").data(packed.words).join("text").attr("class", "cloud-word")
    .attr("x", (w) => w.x).attr("y", (w) => w.y).attr("text-anchor", "middle").attr("font-size", (w) => w.size).text((w) => w.word);
  return svg.node() as SVGSVGElement;
}

// ---- no timeline chosen: a model's checkpoints, its timelines, and the form that starts one ----

async function startPage(root: HTMLElement, modelId: number | null): Promise<void> {
  root.append(el("h1", {}, "Timeline"));
  const heading = root.querySelector("h1")!;
  const error = errorBox();
  root.append(error.node);
  if (modelId === null) {
    const [models, timelines] = await Promise.all([
      get<Page<Model>>(`/models${query({ limit: 500 })}`).then((p) => p.items),
      get<Page<Timeline>>(`/timelines${query({ limit: 500 })}`).then((p) => p.items),
    ]);
    root.append(el("p", { class: "sub" }, "Follow a model's memory chips across its training checkpoints. Choose a model: its checkpoints, its timelines and the form that starts one."));
    const pick = el("select", { name: "model", "aria-label": "model" });
    options(pick, models.filter((m) => m.checkpoint_of == null).map((m) => [String(m.id), optionLabel(m.id, m.name, m.created_at)]));
    const form = el("form", { class: "controls" }, field("model", pick), el("button", { type: "submit", disabled: models.length === 0 ? true : undefined }, "open"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      location.hash = routeHash("timeline", { model: pick.value });
    });
    root.append(models.length ? form : el("p", { class: "notice" }, "No models yet: upload or train one on the dashboard."), timelineTable("Timelines", timelines));
    return;
  }
  const [model, checkpoints, corpora, timelines] = await Promise.all([
    get<Model>(`/models/${modelId}`),
    get<Checkpoint[]>(`/models/${modelId}/checkpoints`),
    get<Page<Corpus>>(`/corpora${query({ limit: 500 })}`).then((p) => p.items),
    get<Page<Timeline>>(`/timelines${query({ model_id: modelId, limit: 500 })}`).then((p) => p.items),
  ]);
  heading.textContent = `Timeline: ${model.name}`;
  const progress = el("div", { class: "status", "aria-live": "polite", "data-testid": "timeline-progress" });
  const start = async (body: Record<string, unknown>) => {
    const started = await post<{ id: number; job_id: number }>(`/models/${modelId}/timelines`, body);
    try {
      await followJob(started.job_id, progress, `timeline ${started.id}`);
    } catch (e) {
      const failed = await get<Timeline>(`/timelines/${started.id}`).catch(() => null);
      throw new Error(`Timeline ${started.id} ${failed?.status ?? "failed"}: ${failed?.error ?? (e instanceof Error ? e.message : String(e))}`);
    }
    location.hash = routeHash("timeline", { id: started.id });
  };
  root.append(
    el("p", { class: "sub" }, "Follow the model's memory chips across its checkpoints: each is recorded over the corpus and co-clustered with the same settings, and the chips are matched from one checkpoint to the next by their units."),
    el("div", { class: "timeline-start" },
      el("div", {}, checkpointTable(checkpoints), checkpoints.length < 2 ? howToGetCheckpoints(model) : null),
      el("div", {}, timelineForm(model, checkpoints, corpora, start), progress)),
    timelineTable("Timelines of this model", timelines),
  );
}

function howToGetCheckpoints(model: Model): HTMLElement {
  return el("p", { class: "notice", "data-testid": "no-checkpoints" },
    `A timeline needs at least 2 checkpoints, and ${model.name} has ${model.checkpoint_of == null ? "none but itself" : "too few"}. ` +
    "Train a model with checkpoint_every (POST /trainings with checkpoint_every and checkpoint_by \"steps\" or \"epochs\": its weights are kept as it learns), " +
    `or add weights saved during training with POST /models/${model.id}/checkpoints (a step and the weights).`);
}

function checkpointTable(checkpoints: Checkpoint[]): HTMLElement {
  return table("Checkpoints", ["step", "model", "name"], checkpoints.map((c) => [
    c.head ? `${stepLabel(c.step)} (the model)` : stepLabel(c.step),
    String(c.model_id),
    c.name,
  ]), "checkpoints");
}

function timelineTable(caption: string, timelines: Timeline[]): HTMLElement {
  return table(caption, ["id", "settings", "status", ""], timelines.map((t) => [
    String(t.id),
    `model ${t.model_id} · ${t.checkpoint_ids.length} checkpoints · layer ${t.layer ?? "top"} ${t.state} · k ${t.n_clusters} · corpus ${t.corpus_id}${t.max_tokens ? ` · ${t.max_tokens.toLocaleString()} tokens` : ""}`,
    el("span", { class: "job-status" }, progressBar(t.progress, t.status, `progress of timeline ${t.id}`), el("span", { class: `badge ${t.status}` }, t.status), t.error ? el("span", { class: "job-error" }, t.error) : null),
    t.status === "failed" || t.status === "cancelled" ? "" : el("a", { href: routeHash("timeline", { id: t.id }) }, "open"),
  ]), "timelines");
}

/** The form that starts a timeline: a corpus, the layer and state, k and how many tokens to record;
 * its defaults and bounds are TimelineCreate's (src/defaults.ts). */
export function timelineForm(model: Model, checkpoints: Checkpoint[], corpora: Corpus[], start: (body: Record<string, unknown>) => Promise<void>): HTMLFormElement {
  const corpus = el("select", { name: "corpus_id" });
  options(corpus, corpora.map((c) => [String(c.id), optionLabel(c.id, c.name, c.created_at, `${c.num_tokens.toLocaleString()} words`)]));
  const layerSpec = fieldSpec("TimelineCreate", "layer");
  const layer = el("input", { type: "number", name: "layer", min: layerSpec.minimum, max: Math.max(0, model.num_layers - 1), placeholder: "top" });
  const states = model.states; // the server's one rule (services.models.spec.state_names_of)
  const state = el("select", { name: "state" });
  options(state, states.map((s) => [s, s]), states.includes(FORM_DEFAULTS.timeline.state) ? FORM_DEFAULTS.timeline.state : states[0]);
  const number = (name: "n_clusters" | "top_words" | "max_tokens" | "seeds") => {
    const spec = fieldSpec("TimelineCreate", name);
    return el("input", { type: "number", name, value: spec.default as number | undefined, min: spec.minimum, max: spec.maximum, placeholder: spec.default === undefined ? "all" : undefined });
  };
  const k = number("n_clusters");
  const topWords = number("top_words");
  const maxTokens = number("max_tokens");
  const seeds = number("seeds");
  // SPEC 9's consensus: each checkpoint's chips the vote of the seeds' runs, so that a split is not one seed's noise
  const consensus = el("input", { type: "checkbox", name: "consensus", checked: FORM_DEFAULTS.timeline.consensus ? true : undefined });
  const missing = checkpoints.length < 2 ? "It needs 2 checkpoints or more (see beside)." : corpora.length === 0 ? "Upload a corpus first: each checkpoint is recorded over one." : null;
  const error = errorBox();
  const button = el("button", { type: "submit", disabled: missing ? true : undefined }, "Start the timeline");
  const form = el("form", { class: "card", "data-testid": "start-timeline" },
    el("h2", {}, `Follow the chips over ${checkpoints.length} checkpoint${checkpoints.length === 1 ? "" : "s"}`),
    missing ? el("p", { class: "notice", "data-testid": "missing" }, missing) : null,
    field("corpus", corpus), field("layer (empty: the top one)", layer), field("state", state),
    field("chips per checkpoint (k)", k), field("words (most frequent)", topWords), field("max tokens (empty: all)", maxTokens),
    field("seeds per checkpoint", seeds),
    el("label", { class: "check" }, consensus, " consensus of the seeds (chips that do not change with the seed)"),
    button, error.node);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hide();
    if (missing) return;
    if (consensus.checked && Number(seeds.value) < 2) {
      error.show(new Error("A consensus is a vote of several runs: give 2 seeds or more."));
      return;
    }
    button.disabled = true;
    try {
      await start({
        corpus_id: Number(corpus.value),
        state: state.value,
        n_clusters: Number(k.value),
        top_words: Number(topWords.value),
        seeds: Number(seeds.value),
        consensus: consensus.checked,
        ...(layer.value !== "" ? { layer: Number(layer.value) } : {}),
        ...(maxTokens.value !== "" ? { max_tokens: Number(maxTokens.value) } : {}),
      });
    } catch (e) {
      error.show(e);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
