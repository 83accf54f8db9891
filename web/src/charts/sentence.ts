// The sentence view's charts (SPEC 5): one glyph per word per memory chip, and each word's share of the
// chosen output's logit.
import * as d3 from "d3";
import type { Coclustering, Evaluation } from "../api";
import { chipName } from "../layout";

export const GLYPH = { width: 54, height: 46, left: 256 }; // a glyph cell, and the row labels' column before them
const LABEL_CHARS = 24; // a chip's name beside its row: longer ones end in "…" (the full name on hover)

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
