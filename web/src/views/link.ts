// A read-only link (SPEC 12): /s/{token} (a slim page: no navigation, no sign-in) and /embed/{token}
// (the view alone, sized to its <iframe>). GET /shared/{token} with no credentials answers the
// resource and its kind; each kind is drawn with its own view's chart code. The view's parameters
// (chip, word, unit, open, layer, state) live in the query, so a link reproduces what it shows.
// The token is only ever in the URL path: never stored, never logged.
import { ApiError, publicGet, query, type Shared, type UnitWords, type WordResponse } from "../api";
import { ablationChart } from "../charts/ablation";
import { drawCocluster, legend } from "../charts/cocluster";
import { scanChart } from "../charts/scan";
import { LARGE, trainingQuality } from "../charts/training";
import { clear, el, errorBox, field, options } from "../dom";
import { indexParam, KIND_NAME, linkAddress, type LinkPage } from "../links";
import { boxPlots } from "../charts/unit";
import { bands } from "./word";

type Of<K extends Shared["kind"]> = Extract<Shared, { kind: K }>;
const GONE = "This link does not exist, has expired or was revoked.";
const MIN_GRAPH_HEIGHT = 360;

/** The resource's name as its views title it. */
export function sharedName(r: Shared): string {
  switch (r.kind) {
    case "model": case "corpus": case "training":
      return r.name;
    case "recording": case "coclustering":
      return r.label;
    case "scan":
      return `scan over k = ${r.k_min} to ${r.k_max}, recording ${r.recording_id} layer ${r.layer} ${r.state}`;
    case "ablation":
      return `chip ${r.unit_cluster} test of co-clustering ${r.coclustering_id}`;
  }
}

export async function linkView(page: LinkPage): Promise<void> {
  const app = document.getElementById("app") as HTMLElement;
  const header = document.getElementById("top") as HTMLElement;
  clear(header);
  document.body.classList.add(page.mode === "embed" ? "embed-page" : "link-page");
  const params = new URLSearchParams(location.search);
  // changing what the view shows rewrites the query, not the history
  const set = (changes: Record<string, string | number | null>) => {
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") params.delete(k);
      else params.set(k, String(v));
    }
    history.replaceState(null, "", linkAddress(location.pathname, location.search, changes));
  };
  const href = (changes: Record<string, string | number | null>) => linkAddress(location.pathname, location.search, changes);
  const base = `/shared/${encodeURIComponent(page.token)}`;
  app.setAttribute("data-view", "link");
  let shared: Shared;
  try {
    shared = await publicGet<Shared>(base);
  } catch (e) {
    document.title = "RNNVis: link not found";
    if (page.mode === "embed") header.hidden = true;
    else header.append(el("span", { class: "brand" }, "RNNVis"), el("span", { class: "sub link-title" }, "read-only link"));
    const gone = e instanceof ApiError && e.status === 404;
    app.append(el("h1", {}, gone ? "Link not found" : "This link could not be opened"), el("div", { class: "error", role: "alert", "data-testid": "link-error" }, gone ? GONE : e instanceof Error ? e.message : String(e)));
    app.setAttribute("data-ready", "true");
    return;
  }
  const name = sharedName(shared);
  document.title = `RNNVis: ${name} (read-only)`;
  if (page.mode === "embed") {
    header.hidden = true;
    app.append(el("h1", { class: "visually-hidden" }, name)); // the frame's page still says what it shows
  } else {
    header.append(
      el("span", { class: "brand" }, "RNNVis"),
      el("span", { class: "link-title", "data-testid": "link-title" }, ` · read-only link · ${name}`),
    );
    app.append(el("h1", {}, `${KIND_NAME[shared.kind][0].toUpperCase()}${KIND_NAME[shared.kind].slice(1)} “${name}”`),
      el("p", { class: "sub", "data-testid": "read-only-note" }, "A read-only view, shared by link: nothing here can be changed, and no sign-in is needed."));
  }
  const body = el("div", { class: "link-body" });
  app.append(body);
  if (page.mode === "embed") {
    const open = location.pathname.replace(/\/embed\//, "/s/") + location.search;
    app.append(el("p", { class: "open-in" }, el("a", { href: open, target: "_blank", rel: "noopener", "data-testid": "open-in-rnnvis" }, "open in RNNVis ↗")));
  }
  const ctx = { base, params, set, href, embed: page.mode === "embed" };
  switch (shared.kind) {
    case "coclustering": await coclustering(body, shared, ctx); break;
    case "recording": await recording(body, shared, ctx); break;
    case "model": model(body, shared); break;
    case "corpus": corpus(body, shared); break;
    case "training": training(body, shared); break;
    case "scan": scan(body, shared); break;
    case "ablation": ablation(body, shared); break;
  }
  app.setAttribute("data-ready", "true");
}

interface Ctx {
  base: string;
  params: URLSearchParams;
  set: (changes: Record<string, string | number | null>) => void;
  href: (changes: Record<string, string | number | null>) => string;
  embed: boolean;
}

/** A unit's words (the unit view's chart), its word links reproducing the link with that word. */
async function unitWords(box: HTMLElement, ctx: Ctx, unit: number, layer: number, state: string, error: ReturnType<typeof errorBox>): Promise<void> {
  clear(box);
  try {
    const data = await publicGet<UnitWords>(`${ctx.base}/units/${unit}/words${query({ layer, state, k: 10 })}`);
    box.append(el("h2", {}, `Unit ${unit}: its most salient words`));
    boxPlots(box, [...data.positive, ...[...data.negative].reverse()], (word) => ctx.href({ word }));
  } catch (e) {
    error.show(e);
  }
}

async function coclustering(root: HTMLElement, co: Of<"coclustering">, ctx: Ctx): Promise<void> {
  const error = errorBox();
  const status = el("p", { class: "status", "data-testid": "link-status" });
  const chart = el("div", { class: "chart" });
  const unitBox = el("div", { class: "chart", "data-testid": "link-unit" });
  root.append(status, error.node, chart, unitBox);
  const units = co.unit_labels?.length ?? 0;
  status.textContent = `Layer ${co.layer}, state ${co.state}, ${co.n_clusters} clusters (${co.mode} mode), ${co.words?.length ?? 0} words × ${units} units. ` +
    "Click a word to colour the units by its response, a chip or a cloud for its partners, a unit for its words.";
  const draw = async () => {
    error.hide();
    const word = ctx.params.get("word");
    const responses: { word: string; mean: number[] }[] = [];
    if (word) {
      try {
        const r = await publicGet<WordResponse>(`${ctx.base}/response${query({ word, layer: co.layer, state: co.state })}`);
        responses.push({ word, mean: r.mean });
      } catch (e) {
        error.show(e);
      }
    }
    clear(chart);
    chart.append(legend(responses, co.unit_strength ?? [], co.mode));
    const expanded = new Set((ctx.params.get("open") ?? "").split(",").filter((s) => /^\d+$/.test(s)).map(Number));
    const top = chart.getBoundingClientRect().bottom + window.scrollY;
    const height = Math.max(MIN_GRAPH_HEIGHT, window.innerHeight - top - (ctx.embed ? 36 : 12));
    const svg = drawCocluster(chart, co, {
      width: Math.max(520, (root.clientWidth || 1100) - 4),
      height,
      centred: true,
      filter: 0.2,
      maxStroke: 8,
      wordResponses: responses,
      expanded,
      onWord: (w) => {
        ctx.set({ word: w });
        void draw();
      },
      onUnit: (u) => {
        ctx.set({ unit: u });
        void unitWords(unitBox, ctx, u, co.layer, co.state, error);
      },
      onExpand: (cloud) => {
        ctx.set({ open: [...expanded, cloud].join(",") });
        void draw();
      },
    });
    svg.querySelectorAll<SVGTextElement>("text.word").forEach((t) => t.classList.toggle("picked", t.getAttribute("data-word") === word));
    // the highlighted chip goes into the link, and a link's chip is highlighted
    svg.addEventListener("click", (event) => {
      const target = event.target as Element;
      const chip = target.closest("[data-chip]");
      if (chip && target.closest("rect.chip, text.chip-label, g.chip")) ctx.set({ chip: chip.getAttribute("data-chip") });
      else if (target.classList.contains("background") || target.closest(".cloud")) ctx.set({ chip: null });
    });
    const chip = indexParam(ctx.params, "chip");
    if (chip !== null) svg.querySelector(`rect.chip[data-chip="${chip}"]`)?.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  };
  await draw();
  const unit = indexParam(ctx.params, "unit");
  if (unit !== null && unit < units) await unitWords(unitBox, ctx, unit, co.layer, co.state, error);
}

async function recording(root: HTMLElement, rec: Of<"recording">, ctx: Ctx): Promise<void> {
  const error = errorBox();
  const layers = rec.layers;
  const layerParam = indexParam(ctx.params, "layer");
  const layer = layerParam !== null && layers.includes(layerParam) ? layerParam : Math.max(...layers);
  const stateParam = ctx.params.get("state");
  const state = stateParam && rec.states.includes(stateParam) ? stateParam : rec.states[0];
  const unit = Math.min(indexParam(ctx.params, "unit") ?? 0, Math.max(0, rec.hidden_size - 1));
  const unitInput = el("input", { type: "number", name: "unit", min: 0, max: rec.hidden_size - 1, value: unit });
  const layerSelect = el("select", { name: "layer" });
  options(layerSelect, layers.map((l) => [String(l), String(l)]), String(layer));
  const stateSelect = el("select", { name: "state" });
  options(stateSelect, rec.states.map((s) => [s, s]), state);
  const form = el("form", { class: "controls", "data-testid": "unit-picker" }, field(`unit (0 to ${rec.hidden_size - 1})`, unitInput), field("layer", layerSelect), field("state", stateSelect), el("button", { type: "submit" }, "Show"));
  const unitBox = el("div", { class: "chart", "data-testid": "link-unit" });
  const wordBox = el("div", { class: "chart", "data-testid": "link-word" });
  root.append(el("p", { class: "status" }, `${(rec.tokens ?? 0).toLocaleString()} tokens, ${(rec.words ?? 0).toLocaleString()} words; ${rec.hidden_size} units per layer. Pick a unit for its words, a word for every unit's response to it.`), form, error.node, unitBox, wordBox);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    ctx.set({ unit: unitInput.value, layer: layerSelect.value, state: stateSelect.value, word: null });
    clear(wordBox);
    void unitWords(unitBox, ctx, Number(unitInput.value), Number(layerSelect.value), stateSelect.value, error);
  });
  await unitWords(unitBox, ctx, unit, layer, state, error);
  const word = ctx.params.get("word");
  if (word) {
    try {
      const data = await publicGet<WordResponse>(`${ctx.base}/response${query({ word, layer, state })}`);
      wordBox.append(el("h2", {}, `Every unit's response to “${word}”`));
      bands(wordBox, data, wordBox.clientWidth, (u) => ctx.href({ unit: u, word: null }));
    } catch (e) {
      error.show(e);
    }
  }
}

/** A definition list of a resource's facts. */
function facts(rows: [string, string | number | null | undefined][]): HTMLElement {
  const dl = el("dl", { class: "facts", "data-testid": "link-facts" });
  for (const [k, v] of rows) if (v !== null && v !== undefined && v !== "") dl.append(el("dt", {}, k), el("dd", {}, String(v)));
  return dl;
}

function model(root: HTMLElement, m: Of<"model">): void {
  root.append(facts([
    ["architecture", m.architecture ? m.architecture.title : m.cell.toUpperCase()],
    ["layers × hidden size", `${m.num_layers} × ${m.hidden_size}`],
    ["embedding size", m.embedding_size],
    ["vocabulary", m.vocab_size.toLocaleString()],
    ["task", m.task === "classifier" ? `classifier (${m.num_classes} classes${m.labels ? `: ${m.labels.join(", ")}` : ""})` : "language model"],
    ["tokenizer", `${m.tokenizer}${m.lowercase ? ", lowercased" : ""}`],
    ["made", m.created_at.slice(0, 10)],
  ]));
  const quality = trainingQuality(m.training?.metrics, m.training?.warning, LARGE);
  if (quality) root.append(el("h2", {}, "Its training"), quality);
}

function corpus(root: HTMLElement, c: Of<"corpus">): void {
  root.append(facts([
    ["format", c.format],
    ["lines", c.num_sequences.toLocaleString()],
    ["words", c.num_tokens.toLocaleString()],
    ["labels", c.labels?.join(", ")],
    ["made", c.created_at.slice(0, 10)],
  ]));
}

function training(root: HTMLElement, t: Of<"training">): void {
  const settings = Object.entries(t.options ?? {}).filter(([, v]) => v !== null && typeof v !== "object").map(([k, v]) => `${k.replace(/_/g, " ")} ${v}`).join(", ");
  root.append(facts([["status", t.status], ["settings", settings], ["error", t.error], ["made", t.created_at.slice(0, 10)]]));
  const quality = trainingQuality(t.metrics, t.warning, LARGE);
  if (quality) root.append(el("h2", {}, "Loss curve"), quality);
}

function scan(root: HTMLElement, s: Of<"scan">): void {
  root.append(facts([["recording", s.recording_id], ["layer, state", `${s.layer}, ${s.state}`], ["k", `${s.k_min} to ${s.k_max}, ${s.seeds} seeds each`], ["suggested k", s.suggested_k], ["status", s.status]]));
  if (!s.results?.length) return;
  const picked = el("p", { class: "sub", "aria-live": "polite" }, "Pick a k for its numbers.");
  root.append(scanChart(s, (k) => {
    const r = s.results?.find((x) => x.k === k);
    picked.textContent = r ? `k = ${k}: modularity ${r.modularity_mean.toFixed(3)} ± ${r.modularity_std.toFixed(3)}${r.stability_units != null ? `, stability units ${r.stability_units.toFixed(2)}, words ${(r.stability_words ?? 0).toFixed(2)}` : ""}` : "";
  }), picked);
}

function ablation(root: HTMLElement, a: Of<"ablation">): void {
  root.append(facts([["co-clustering", a.coclustering_id], ["chip", a.unit_cluster], ["units frozen", a.units?.length], ["method", a.method], ["random controls", a.controls], ["status", a.status]]));
  if (!a.delta_loss?.length) return;
  root.append(ablationChart(a, a.delta_loss.map((_, i) => `cloud #${i}`)));
}
