// Cause over time (SPEC 13): a patch's before and after (the output's probability), its change beside
// the random controls' (a strip of dots, the patch's own marked, with z), and attribution arcs from
// each earlier token to the step explained.
import * as d3 from "d3";
import type { components } from "../generated/api";

export type PatchOut = components["schemas"]["PatchOut"];
export type AttributionOut = components["schemas"]["AttributionOut"];

/** A probability as a percentage with enough digits to tell small ones apart. */
export function percent(p: number): string {
  const v = 100 * p;
  return `${v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toPrecision(2)} %`;
}

const signed = (v: number, digits = 3) => `${v >= 0 ? "+" : "−"}${Math.abs(v).toFixed(digits)}`;

/** Before and after: two bars of the output's probability, each with its value and logit. */
export function patchBars(patch: PatchOut): SVGSVGElement {
  const width = 360;
  const height = 220;
  const margin = { top: 40, bottom: 36, left: 56, right: 16 };
  const rows = [
    { key: "before", label: "before", v: patch.before },
    { key: "after", label: "patched", v: patch.after },
  ];
  const x = d3.scaleBand<string>().domain(rows.map((r) => r.key)).range([margin.left, width - margin.right]).padding(0.35);
  const top = Math.max(1e-9, ...rows.map((r) => r.v.probability));
  const y = d3.scaleLinear().domain([0, top * 1.15]).nice().range([height - margin.bottom, margin.top]);
  const svg = d3.create("svg").attr("class", "patch-bars").attr("width", width).attr("height", height).attr("role", "img")
    .attr("aria-label", `probability of “${patch.label}”: ${percent(patch.before.probability)} before, ${percent(patch.after.probability)} patched`);
  svg.append("text").attr("class", "axis-title").attr("x", 4).attr("y", 14).text(`probability of “${patch.label}” after the target`);
  svg.append("g").attr("transform", `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(5, "~%"));
  svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).tickFormat((k) => rows.find((r) => r.key === k)?.label ?? k));
  const bars = svg.selectAll("g.patch-bar").data(rows).join("g").attr("class", (r) => `patch-bar ${r.key}`).attr("data-probability", (r) => r.v.probability);
  bars.append("rect").attr("x", (r) => x(r.key) ?? 0).attr("width", x.bandwidth()).attr("y", (r) => y(r.v.probability)).attr("height", (r) => y(0) - y(r.v.probability));
  bars.append("text").attr("class", "bar-value").attr("x", (r) => (x(r.key) ?? 0) + x.bandwidth() / 2).attr("y", (r) => y(r.v.probability) - 5).attr("text-anchor", "middle")
    .text((r) => percent(r.v.probability));
  bars.append("title").text((r) => `${r.label}: probability ${percent(r.v.probability)}, logit ${r.v.logit.toFixed(3)}`);
  return svg.node() as SVGSVGElement;
}

/** The controls' changes of the output (one dot each, random unit sets of the same size), their mean,
 * and the patch's own change marked; z printed beside it. `measure`: the logit or the probability. */
export function controlStrip(patch: PatchOut, measure: "logit" | "probability" = "logit"): SVGSVGElement {
  const width = 560;
  const height = 130;
  const margin = { top: 34, bottom: 34, left: 16, right: 96 };
  const deltas = measure === "logit" ? patch.controls.delta_logit : patch.controls.delta_probability;
  const own = measure === "logit" ? patch.delta_logit : patch.delta_probability;
  const mean = patch.controls.mean[measure];
  const z = patch.controls.z[measure];
  const extent = d3.extent([0, own, ...deltas]) as [number, number];
  const x = d3.scaleLinear().domain(extent).nice().range([margin.left, width - margin.right]);
  const mid = (margin.top + height - margin.bottom) / 2;
  const svg = d3.create("svg").attr("class", "control-strip").attr("width", width).attr("height", height).attr("role", "img")
    .attr("aria-label", `change of the ${measure}: patch ${signed(own)}, ${deltas.length} random controls${z === null ? "" : `, z ${z.toFixed(2)}`}`);
  svg.append("text").attr("class", "axis-title").attr("x", margin.left).attr("y", 14)
    .text(`change of the ${measure} of “${patch.label}”: the patch (red) and ${deltas.length} random sets of ${patch.units.length} units (grey)`);
  svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(6));
  svg.append("line").attr("class", "zero").attr("x1", x(0)).attr("x2", x(0)).attr("y1", margin.top - 4).attr("y2", height - margin.bottom);
  // dots jittered up and down by their order, so that equal changes stay apart
  const jitter = (i: number) => ((i % 5) - 2) * 5;
  svg.append("g").attr("class", "controls-dots").selectAll("circle").data(deltas).join("circle").attr("class", "control-dot")
    .attr("cx", (d) => x(d)).attr("cy", (_, i) => mid + jitter(i)).attr("r", 4)
    .append("title").text((d, i) => `control ${i + 1}: ${signed(d, 4)}`);
  if (mean !== null) {
    svg.append("line").attr("class", "control-mean").attr("x1", x(mean)).attr("x2", x(mean)).attr("y1", mid - 16).attr("y2", mid + 16)
      .append("title").text(`the controls' mean ${signed(mean, 4)}`);
  }
  const mark = svg.append("g").attr("class", "patch-delta").attr("data-delta", own);
  mark.append("line").attr("x1", x(own)).attr("x2", x(own)).attr("y1", margin.top - 4).attr("y2", height - margin.bottom);
  mark.append("circle").attr("cx", x(own)).attr("cy", mid).attr("r", 6);
  mark.append("title").text(`the patch: ${signed(own, 4)}`);
  svg.append("text").attr("class", "z-value").attr("data-testid", `patch-z-${measure}`).attr("x", width - margin.right + 10).attr("y", mid + 4)
    .text(z === null ? "z —" : `z ${z.toFixed(2)}`);
  return svg.node() as SVGSVGElement;
}

/** An arc from x0 to x1 over a baseline: a half-ellipse as high as half the distance (at most
 * `maxHeight`); a token to itself: a small loop above it. */
export function arcPath(x0: number, x1: number, baseline: number, maxHeight: number): string {
  if (Math.abs(x1 - x0) < 1e-6) {
    const r = Math.min(10, maxHeight / 2);
    return `M${x0 - r / 2},${baseline} C${x0 - r},${baseline - 2 * r} ${x0 + r},${baseline - 2 * r} ${x0 + r / 2},${baseline}`;
  }
  const rx = Math.abs(x1 - x0) / 2;
  const ry = Math.min(maxHeight, rx);
  const sweep = x1 > x0 ? 1 : 0;
  return `M${x0},${baseline} A${rx},${ry} 0 0 ${sweep} ${x1},${baseline}`;
}

/** An arc's stroke width: |attribution| over the largest, 1.5 to `max` px. */
export function arcWidth(value: number, largest: number, max = 14): number {
  return 1.5 + (max - 1.5) * Math.min(1, Math.abs(value) / Math.max(1e-12, largest));
}

/** Tokens in a row; from each token 0..step an arc to the step, width and colour by its attribution
 * (red: raises the units' summed state, blue: lowers it). Clicking a token chooses the step. */
export function attributionArcs(result: AttributionOut, onStep: (step: number) => void): SVGSVGElement {
  const cell = 64;
  const margin = { left: 20, right: 20 };
  const tokens = result.tokens;
  const width = Math.max(560, margin.left + margin.right + tokens.length * cell);
  const centre = (t: number) => margin.left + t * cell + cell / 2;
  const reach = Math.max(1, result.step) * cell / 2;
  const arcRoom = Math.min(160, Math.max(30, reach));
  const baseline = 36 + arcRoom;
  const height = baseline + 40;
  const largest = Math.max(1e-12, ...result.attributions.map(Math.abs));
  const svg = d3.create("svg").attr("class", "attribution-arcs").attr("width", width).attr("height", height).attr("role", "group")
    .attr("aria-label", `attribution of the units' state at “${tokens[result.step]}” (step ${result.step}) to the ${result.step + 1} tokens up to it`);
  svg.append("text").attr("class", "axis-title").attr("x", margin.left).attr("y", 14)
    .text(`each token's part of the chip's summed state at “${tokens[result.step]}” (step ${result.step}): red raises it, blue lowers it, width = size`);
  const arcs = svg.append("g").attr("class", "arcs");
  // the largest drawn last, on top
  const order = result.attributions.map((a, i) => ({ a, i })).sort((p, q) => Math.abs(p.a) - Math.abs(q.a));
  arcs.selectAll("path.arc").data(order).join("path")
    .attr("class", (d) => `arc ${d.a >= 0 ? "positive" : "negative"}`)
    .attr("data-token", (d) => d.i)
    .attr("data-attribution", (d) => d.a)
    .attr("d", (d) => arcPath(centre(d.i), centre(result.step), baseline - 6, arcRoom))
    .attr("stroke-width", (d) => arcWidth(d.a, largest))
    .append("title").text((d) => `“${tokens[d.i]}” (step ${d.i}): ${signed(d.a, 4)}`);
  const row = svg.append("g").attr("class", "tokens");
  tokens.forEach((t, i) => {
    const shown = t.length > 9 ? `${t.slice(0, 8)}…` : t;
    row.append("text")
      .attr("class", `token${i === result.step ? " chosen" : ""}${i > result.step ? " later" : ""}`)
      .attr("data-step", i)
      .attr("x", centre(i)).attr("y", baseline + 14).attr("text-anchor", "middle")
      .attr("tabindex", 0).attr("role", "button").attr("aria-label", `explain step ${i}, “${t}”`)
      .text(shown)
      .on("click", () => onStep(i))
      .on("keydown", (event: KeyboardEvent) => event.key === "Enter" && onStep(i))
      .append("title").text(i <= result.step ? `${t}: ${signed(result.attributions[i], 4)}; click to explain this step instead` : `${t}: click to explain this step`);
  });
  return svg.node() as SVGSVGElement;
}
