// Memory over time (SPEC 13): a unit's trace curves (how much of each of its top words its state still
// holds k steps later) with its half-life, and the half-life colour scale of the co-cluster view's chips.
import * as d3 from "d3";
import type { components } from "../generated/api";

export type UnitTrace = components["schemas"]["UnitTraceOut"];
export type ChipHalfLives = components["schemas"]["ChipHalfLivesOut"];

/** The colour of a half-life longer than the trace (null): apart from the sequential scale's. */
export const LONGER_COLOUR = "#3d1f5c";

/** A half-life in words: "half-life 3 steps", or "holds its words longer than 16 steps" (null). */
export function halfLifeCaption(halfLife: number | null, depth: number): string {
  if (halfLife === null) return `holds its words longer than ${depth} step${depth === 1 ? "" : "s"}`;
  return `half-life ${halfLife} step${halfLife === 1 ? "" : "s"}`;
}

/** A chip's or unit's half-life, short (its tooltip, its label): "3 steps", "> 16 steps". */
export function halfLifeShort(halfLife: number | null, depth: number): string {
  return halfLife === null ? `> ${depth} steps` : `${halfLife} step${halfLife === 1 ? "" : "s"}`;
}

/** Half-lives 1..depth on a sequential log scale (half-lives are mostly short: 1, 2 and 4 steps differ
 * as much as 4, 8 and 16), light yellow-green (short) to deep blue (long), its near-white start left
 * out; null (longer than the trace) has a colour of its own, darker than the scale's end. */
export function halfLifeColour(depth: number): (halfLife: number | null) => string {
  const scale = d3.scaleSequentialLog((t: number) => d3.interpolateYlGnBu(0.25 + 0.75 * t)).domain([1, Math.max(2, depth)]).clamp(true);
  return (halfLife) => (halfLife === null ? LONGER_COLOUR : scale(Math.max(1, halfLife)));
}

/** Chips (indices) shortest half-life first; those holding longer than the trace last, each group
 * in chip order. */
export function halfLifeOrder(chips: (number | null)[]): number[] {
  const key = (c: number) => chips[c] ?? Infinity;
  return chips.map((_, c) => c).sort((a, b) => key(a) - key(b) || a - b);
}

/** Where the half-life's marker stands: the first k whose mean |trace_k| is under half its k = 0
 * value (the server's own rule), or null. */
export function halfLifeOf(mean: (number | null)[]): number | null {
  const start = mean[0];
  if (start === null || start === undefined) return null;
  for (let k = 1; k < mean.length; k++) {
    const v = mean[k];
    if (v !== null && v < start / 2) return k;
  }
  return null;
}

/** Labels at the lines' right ends moved apart to at least `gap` px (sorted, pushed down, then the
 * whole run pulled back inside [top, bottom]); answers each label's y in the input's order. */
export function spreadLabels(ys: number[], gap: number, top: number, bottom: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const placed = order.map((o) => o.y);
  for (let j = 0; j < placed.length; j++) placed[j] = Math.max(placed[j], top, j ? placed[j - 1] + gap : -Infinity);
  // past the bottom: pulled back up, each keeping the gap to the one below (never above the top)
  for (let j = placed.length - 1; j >= 0; j--) {
    const limit = j === placed.length - 1 ? bottom : placed[j + 1] - gap;
    placed[j] = Math.max(top, Math.min(placed[j], limit));
  }
  const out = new Array<number>(ys.length);
  order.forEach((o, j) => (out[o.i] = placed[j]));
  return out;
}

/** One line per top word (trace_k against k = 0..depth), labelled at its right end; the mean |trace_k|
 * emphasised, a dashed line at half its k = 0 value and a marker at the half-life. */
export function traceChart(container: HTMLElement, data: UnitTrace): SVGSVGElement {
  const depth = data.depth;
  const margin = { top: 44, right: 150, bottom: 40, left: 64 };
  const width = Math.max(640, Math.min(1000, container.clientWidth || 900));
  const height = 360;
  const values = [...data.words.flatMap((w) => w.trace), ...data.mean].filter((v): v is number => v !== null);
  const [lo, hi] = d3.extent([0, ...values]) as [number, number];
  const x = d3.scaleLinear().domain([0, depth]).range([margin.left, width - margin.right]);
  const y = d3.scaleLinear().domain([lo, hi]).nice().range([height - margin.bottom, margin.top]);
  const svg = d3.select(container).append("svg").attr("class", "trace-chart").attr("width", width).attr("height", height).attr("role", "img")
    .attr("aria-label", `unit ${data.unit}'s trace of its ${data.words.length} top words over ${depth} steps: ${halfLifeCaption(data.half_life, depth)}`);
  svg.append("text").attr("class", "axis-title").attr("x", margin.left).attr("y", 14)
    .text(`how much of each word the unit still holds k steps later: trace_k = E[s(t+k) | word at t] − E[s(t+k)]`);
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(Math.min(depth, 16)).tickFormat(d3.format("d")));
  svg.append("g").attr("class", "axis").attr("transform", `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(6));
  svg.append("text").attr("class", "axis-title").attr("x", (margin.left + width - margin.right) / 2).attr("y", height - 6).attr("text-anchor", "middle").text("k: steps after the word");
  svg.append("line").attr("class", "zero").attr("x1", margin.left).attr("x2", width - margin.right).attr("y1", y(0)).attr("y2", y(0));
  const line = d3.line<number | null>().defined((v) => v !== null).x((_, k) => x(k)).y((v) => y(v as number));
  const colour = d3.scaleOrdinal<string, string>(d3.schemeTableau10);
  const words = svg.append("g").attr("class", "trace-words");
  const lastOf = (trace: (number | null)[]) => {
    for (let k = trace.length - 1; k >= 0; k--) if (trace[k] !== null) return { k, v: trace[k] as number };
    return { k: 0, v: 0 };
  };
  data.words.forEach((w) => {
    words.append("path").attr("class", "trace-line").attr("data-word", w.word).attr("d", line(w.trace) ?? "").attr("stroke", colour(w.word))
      .append("title").text(`${w.word}: trace_0 ${fmt(w.trace[0])}, trace_${depth} ${fmt(w.trace[depth])}`);
  });
  // the mean |trace_k|: the half-life is read off it
  svg.append("path").attr("class", "trace-mean").attr("d", line(data.mean) ?? "").append("title").text("mean |trace_k| over these words");
  const start = data.mean[0];
  if (start !== null && start !== undefined) {
    const half = start / 2;
    svg.append("line").attr("class", "half-line").attr("x1", margin.left).attr("x2", width - margin.right).attr("y1", y(half)).attr("y2", y(half))
      .append("title").text(`half the mean at k = 0 (${fmt(half)})`);
    svg.append("text").attr("class", "half-label").attr("x", width - margin.right - 4).attr("y", y(half) - 5).attr("text-anchor", "end").text("half of the mean at k = 0");
  }
  if (data.half_life !== null) {
    const k = data.half_life;
    const v = data.mean[k] ?? 0;
    const mark = svg.append("g").attr("class", "half-life-mark").attr("data-k", k);
    mark.append("line").attr("x1", x(k)).attr("x2", x(k)).attr("y1", y(v)).attr("y2", height - margin.bottom);
    mark.append("circle").attr("cx", x(k)).attr("cy", y(v)).attr("r", 5);
    mark.append("title").text(halfLifeCaption(k, depth));
  }
  // labels at the right ends, kept apart; the mean's first
  const ends = [{ label: "mean |trace|", end: lastOf(data.mean), cls: "mean-label", fill: "" }, ...data.words.map((w) => ({ label: w.word, end: lastOf(w.trace), cls: "word-label", fill: colour(w.word) }))];
  const ys = spreadLabels(ends.map((e) => y(e.end.v)), 15, margin.top, height - margin.bottom);
  const labels = svg.append("g").attr("class", "trace-labels");
  ends.forEach((e, i) => {
    const t = labels.append("text").attr("class", `trace-label ${e.cls}`).attr("x", width - margin.right + 8).attr("y", ys[i] + 4).text(e.label);
    if (e.fill) t.attr("fill", d3.color(e.fill)?.darker(1.2).formatHex() ?? e.fill);
    labels.append("line").attr("class", "label-lead").attr("x1", x(e.end.k)).attr("x2", width - margin.right + 6).attr("y1", y(e.end.v)).attr("y2", ys[i]);
  });
  return svg.node() as SVGSVGElement;
}

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? "-" : v.toFixed(3));

let keys = 0; // each legend's gradient needs an id of its own in the document

/** The half-life colour bar: the scale 1..depth, and a swatch for "longer than depth". */
export function halfLifeKey(depth: number): SVGSVGElement {
  const colour = halfLifeColour(depth);
  const width = 200;
  const svg = d3.create("svg").attr("class", "legend half-life-legend").attr("width", width + 110).attr("height", 40).attr("role", "img")
    .attr("aria-label", `half-life colours from 1 step (light) to ${depth} steps (dark); longer than ${depth} steps: its own swatch`);
  const id = `half-life-key-${++keys}`;
  const gradient = svg.append("defs").append("linearGradient").attr("id", id);
  const axis = d3.scaleLog().domain([1, Math.max(2, depth)]).range([10, 10 + width]);
  d3.range(0, 1.01, 0.1).forEach((t) => gradient.append("stop").attr("offset", `${t * 100}%`).attr("stop-color", colour(axis.invert(10 + t * width))));
  svg.append("rect").attr("x", 10).attr("y", 4).attr("width", width).attr("height", 10).attr("fill", `url(#${id})`);
  const ticks = [1, 2, 4, 8, 16, 32].filter((v) => v < depth * 0.75).concat(depth);
  svg.append("g").attr("transform", "translate(0,16)").call(d3.axisBottom(axis).tickValues(ticks).tickFormat(d3.format("d")));
  svg.append("rect").attr("class", "longer-swatch").attr("x", width + 24).attr("y", 4).attr("width", 14).attr("height", 10).attr("fill", colour(null));
  svg.append("text").attr("x", width + 42).attr("y", 13).attr("class", "tick").text(`> ${depth} steps`);
  return svg.node() as SVGSVGElement;
}
