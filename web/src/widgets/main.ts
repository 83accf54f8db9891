// The notebook widgets (anywidget; rnnvis_client/widgets.py is their Python side): the web client's own
// charts, drawn in a notebook's output from the records the Python side reads with its client. The
// widget asks nothing of the server itself: the notebook's kernel holds the token, and the page may
// not even reach the server. What a click chooses goes back to Python as the model's traits
// (selected_chip, selected_word, selected_unit, selected_step); a word's response, which the view
// needs only once a word is clicked, is read by the Python side when selected_word changes.
//
// Built by vite (vite.widgets.config.ts) into one ES module, rnnvis_client/widgets/rnnvis-widgets.js,
// with style.css inside: each widget draws in a shadow root of its own, so that the page's styles
// and the notebook's never meet.
import css from "../style.css?inline";
import type { Coclustering, Evaluation, UnitWord } from "../api";
import { drawCocluster, legend } from "../charts/cocluster";
import { decomposition, glyphs } from "../charts/sentence";
import { drawTimeline, type ChipRef, type Timeline } from "../charts/timeline";
import { halfLifeCaption, traceChart, type ChipHalfLives, type UnitTrace } from "../charts/trace";
import { boxPlots } from "../charts/unit";

/** The part of anywidget's model a widget uses (its traits, synced with Python). */
export interface WidgetModel {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  save_changes(): void;
  on(event: string, callback: () => void): void;
  off(event: string, callback: () => void): void;
}

interface CoclusterData {
  coclustering: Coclustering;
  responses: { word: string; mean: number[] }[];
  half_lives: ChipHalfLives | null;
}
interface UnitData {
  unit: number;
  layer: number;
  state: string;
  words: { positive: UnitWord[]; negative: UnitWord[] };
  trace: UnitTrace | null;
}
interface SentenceData {
  evaluation: Evaluation;
  coclustering: Coclustering | null;
}

const MIN_WIDTH = 640;

/** A shadow root holding the web client's styles and a box to draw in. */
function shadowBox(host: HTMLElement): HTMLElement {
  const root = host.shadowRoot ?? host.attachShadow({ mode: "open" });
  root.replaceChildren();
  const style = document.createElement("style");
  // the page's custom properties are declared on :root, which a shadow tree calls :host
  style.textContent = css.replaceAll(":root", ":host");
  const box = document.createElement("div");
  box.className = "rnnvis-widget";
  box.style.cssText = "background: var(--bg); padding: 8px; font-family: system-ui, sans-serif; color: var(--ink)";
  root.append(style, box);
  return box;
}

function line(text: string, className = "sub"): HTMLParagraphElement {
  const p = document.createElement("p");
  p.className = className;
  p.textContent = text;
  return p;
}

function choose(model: WidgetModel, name: string, value: unknown): void {
  model.set(name, value);
  model.save_changes();
}

function widthOf(box: HTMLElement): number {
  return Math.max(MIN_WIDTH, Math.floor(box.clientWidth || 960) - 16);
}

/** The co-cluster view's chart: click a chip (selected_chip), a word (selected_word, whose response
 * colours the units once Python has read it), a unit (selected_unit). */
function coclusterWidget(model: WidgetModel, box: HTMLElement): () => void {
  const status = line("");
  const chart = document.createElement("div");
  chart.className = "chart";
  box.append(status, chart);
  const expanded = new Set<number>();
  let svg: SVGSVGElement | null = null;
  const highlightChosen = () => {
    const chip = model.get("selected_chip") as number | null;
    if (svg && chip !== null && chip !== undefined) svg.querySelector(`rect.chip[data-chip="${chip}"]`)?.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  };
  const draw = () => {
    const data = model.get("data") as CoclusterData;
    const co = data.coclustering;
    status.textContent = `Co-clustering ${co.id}: layer ${co.layer}, state ${co.state}, ${co.n_clusters} chips and clouds, ` +
      `${co.words?.length ?? 0} words × ${co.unit_labels?.length ?? 0} units. Click a chip, a word or a unit: the widget's ` +
      "selected_chip, selected_word and selected_unit follow.";
    chart.replaceChildren(legend(data.responses, co.unit_strength ?? [], co.mode));
    svg = drawCocluster(chart, co, {
      width: widthOf(box),
      height: Number(model.get("height")),
      centred: true,
      filter: 0.2,
      maxStroke: 8,
      wordResponses: data.responses,
      expanded,
      halfLives: data.half_lives,
      onWord: (word) => choose(model, "selected_word", word),
      onUnit: (unit) => choose(model, "selected_unit", unit),
      onExpand: (cloud) => {
        expanded.add(cloud);
        draw();
      },
    });
    const word = model.get("selected_word");
    svg.querySelectorAll("text.word").forEach((t) => t.classList.toggle("picked", t.getAttribute("data-word") === word));
    svg.addEventListener("click", (event) => {
      const target = event.target as Element;
      const chip = target.closest("[data-chip]");
      if (chip && target.closest("rect.chip, text.chip-label, g.chip")) choose(model, "selected_chip", Number(chip.getAttribute("data-chip")));
      else if (target.classList.contains("background")) choose(model, "selected_chip", null);
    });
    highlightChosen();
  };
  draw();
  model.on("change:data", draw);
  model.on("change:selected_chip", highlightChosen);
  return () => {
    model.off("change:data", draw);
    model.off("change:selected_chip", highlightChosen);
  };
}

/** The unit view: the unit's strongest words with their spread, and (with a trace) how long it keeps
 * them; click a word (selected_word). */
function unitWidget(model: WidgetModel, box: HTMLElement): () => void {
  const draw = () => {
    const data = model.get("data") as UnitData;
    box.replaceChildren(line(`Unit ${data.unit} of layer ${data.layer}, state ${data.state}: its strongest words. Click a word: the widget's selected_word follows.`));
    const chart = document.createElement("div");
    chart.className = "chart";
    box.append(chart);
    const words = [...data.words.positive, ...[...data.words.negative].reverse()];
    const svg = boxPlots(chart, words, () => "#");
    svg.addEventListener("click", (event) => {
      const row = (event.target as Element).closest("g.box");
      if (!row) return;
      event.preventDefault();
      const word = (row as SVGGElement & { __data__?: UnitWord }).__data__?.word;
      if (word !== undefined) choose(model, "selected_word", word);
    });
    if (data.trace) {
      box.append(line(`Unit ${data.unit}: ${halfLifeCaption(data.trace.half_life, data.trace.depth)}.`, "trace-caption"));
      const trace = document.createElement("div");
      trace.className = "chart";
      box.append(trace);
      traceChart(trace, data.trace);
    }
  };
  draw();
  model.on("change:data", draw);
  return () => model.off("change:data", draw);
}

/** The sentence view: a glyph per word per chip, and each word's share of the output's logit; click a
 * chip's row (selected_chip) or a word (selected_step). */
function sentenceWidget(model: WidgetModel, box: HTMLElement): () => void {
  const draw = () => {
    const data = model.get("data") as SentenceData;
    const result = data.evaluation;
    box.replaceChildren(line(`${result.tokens.length} words. Click a chip's row or a word: the widget's selected_chip and selected_step follow.`));
    const chart = document.createElement("div");
    chart.className = "chart";
    box.append(chart);
    if (result.glyphs) {
      const svg = glyphs(chart, result, data.coclustering);
      svg.addEventListener("click", (event) => {
        const target = event.target as Element;
        const row = target.closest("g.chip-row");
        if (row) choose(model, "selected_chip", Number(row.getAttribute("data-chip")));
        const glyph = target.closest("g.glyph");
        if (glyph?.parentNode) choose(model, "selected_step", [...glyph.parentNode.querySelectorAll("g.glyph")].indexOf(glyph));
      });
    } else box.append(line("No glyphs: the text was read without a co-clustering."));
    if (result.decomposition) decomposition(chart, { ...result, decomposition: result.decomposition });
  };
  draw();
  model.on("change:data", draw);
  return () => model.off("change:data", draw);
}

/** The timeline view: the loss above the chips of each checkpoint; click a chip (selected_chip is
 * [checkpoint, chip]); selected_word draws the word's path. */
function timelineWidget(model: WidgetModel, box: HTMLElement): () => void {
  let drawn: ReturnType<typeof drawTimeline> | null = null;
  const mark = () => {
    const chosen = model.get("selected_chip") as [number, number] | null;
    drawn?.highlight(chosen ? ({ t: chosen[0], chip: chosen[1] } as ChipRef) : null, (model.get("selected_word") as string | null) ?? null);
  };
  const draw = () => {
    const tl = model.get("data") as Timeline;
    box.replaceChildren(line(`Timeline ${tl.id}: ${tl.checkpoints?.length ?? 0} checkpoints. Click a chip: the widget's selected_chip follows ([checkpoint, chip]).`));
    const chart = document.createElement("div");
    chart.className = "chart";
    box.append(chart);
    drawn = drawTimeline(tl, widthOf(box), (ref) => choose(model, "selected_chip", [ref.t, ref.chip]));
    chart.append(drawn.svg);
    mark();
  };
  draw();
  model.on("change:data", draw);
  model.on("change:selected_chip", mark);
  model.on("change:selected_word", mark);
  return () => {
    model.off("change:data", draw);
    model.off("change:selected_chip", mark);
    model.off("change:selected_word", mark);
  };
}

const WIDGETS: Record<string, (model: WidgetModel, box: HTMLElement) => () => void> = {
  cocluster: coclusterWidget,
  unit: unitWidget,
  sentence: sentenceWidget,
  timeline: timelineWidget,
};

export function render({ model, el }: { model: WidgetModel; el: HTMLElement }): () => void {
  const box = shadowBox(el);
  const kind = String(model.get("kind"));
  const widget = WIDGETS[kind];
  if (!widget) {
    box.append(line(`This bundle draws no widget of kind "${kind}": the Python client and its bundle differ in version.`, "error"));
    return () => {};
  }
  try {
    return widget(model, box);
  } catch (e) {
    box.append(line(`The widget could not be drawn: ${e instanceof Error ? e.message : String(e)}`, "error"));
    return () => {};
  }
}

export default { render };
