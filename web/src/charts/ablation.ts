// Ablation (SPEC 9): per word cloud, the loss change when a chip's units are frozen, beside the
// band of the random controls (mean ± std), with z; and, once every chip has been tested, the
// chips x clouds matrix coloured by z, so the diagonal of a good co-clustering stands out.
import * as d3 from "d3";
import type { components } from "../generated/api";

type Ablation = components["schemas"]["AblationOut"];

/** |z| at or above this marks a cloud: the chip's effect differs from random units' by 2 standard
 * deviations or more (under a normal spread of the controls, about 1 draw in 20 by chance). The
 * chart, the matrix and the verdicts in words (views/cocluster/ablation.ts) use the same mark. */
export const Z_MARK = 2;

/** A fill of a relative luminance (WCAG 2) below this takes white numbers, above it black ones: at
 * 0.179 both have a contrast of 4.58:1, so every cell's number has at least WCAG AA's 4.5:1 (black
 * on the deep red and blue ends of the scale had about 2:1). */
const WHITE_TEXT_BELOW = 0.179;

/** WCAG 2's relative luminance of a CSS colour. */
function luminance(colour: string): number {
  const { r, g, b } = d3.rgb(colour);
  const linear = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

const fmt = (v: number | null | undefined, digits = 3) => (v == null ? "-" : `${v >= 0 ? "+" : ""}${v.toFixed(digits)}`);

export function ablationChart(ab: Ablation, cloudNames: string[]): SVGSVGElement {
  const deltas = ab.delta_loss ?? [];
  const mean = ab.control_delta_loss_mean ?? [];
  const std = ab.control_delta_loss_std ?? [];
  const rows = deltas.map((d, i) => ({ i, d, m: mean[i], s: std[i], z: ab.z?.[i] ?? null, n: ab.cluster_counts?.[i] ?? 0 }))
    .filter((r) => r.d != null);
  const width = 620;
  const rowHeight = 22;
  const margin = { top: 24, right: 70, bottom: 28, left: 210 };
  const height = margin.top + margin.bottom + rows.length * rowHeight;
  const values = rows.flatMap((r) => [r.d ?? 0, (r.m ?? 0) - (r.s ?? 0), (r.m ?? 0) + (r.s ?? 0), 0]);
  const x = d3.scaleLinear().domain(d3.extent(values) as [number, number]).nice().range([margin.left, width - margin.right]);
  const y = (k: number) => margin.top + k * rowHeight;
  const svg = d3.create("svg").attr("class", "ablation-chart").attr("width", width).attr("height", height).attr("role", "img")
    .attr("aria-label", `loss change per word cloud when chip ${ab.unit_cluster ?? "(units)"} is ${ab.method === "zero" ? "zeroed" : "frozen"}`);
  svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(5));
  svg.append("text").attr("class", "axis-title").attr("x", margin.left).attr("y", 14)
    .text(`loss change after each cloud's words (nats); grey: ${ab.controls} random sets`);
  svg.append("line").attr("class", "zero").attr("x1", x(0)).attr("x2", x(0)).attr("y1", margin.top).attr("y2", height - margin.bottom);
  rows.forEach((r, k) => {
    const g = svg.append("g").attr("class", `cloud-row${r.i === ab.unit_cluster ? " own" : ""}`).attr("data-cloud", r.i);
    g.append("text").attr("class", "cloud-name").attr("x", margin.left - 8).attr("y", y(k) + 15).attr("text-anchor", "end").text(cloudNames[r.i] ?? `#${r.i}`);
    if (r.m != null && r.s != null) {
      g.append("rect").attr("class", "control-band").attr("x", x(r.m - r.s)).attr("width", Math.max(1, x(r.m + r.s) - x(r.m - r.s)))
        .attr("y", y(k) + 4).attr("height", rowHeight - 8);
      g.append("line").attr("class", "control-mean").attr("x1", x(r.m)).attr("x2", x(r.m)).attr("y1", y(k) + 2).attr("y2", y(k) + rowHeight - 2);
    }
    const mark = r.z == null ? "" : r.z >= Z_MARK ? " significant" : r.z <= -Z_MARK ? " below" : "";
    g.append("circle").attr("class", `delta${mark}`).attr("cx", x(r.d ?? 0)).attr("cy", y(k) + rowHeight / 2).attr("r", 5);
    g.append("text").attr("class", "z").attr("x", width - margin.right + 6).attr("y", y(k) + 15).text(r.z == null ? "z -" : `z ${r.z.toFixed(1)}`);
    g.append("title").text(`cloud #${r.i}: ${fmt(r.d, 4)} nats after its words (${r.n.toLocaleString()} steps); controls ${fmt(r.m, 4)} ± ${r.s?.toFixed(4) ?? "-"}; z ${r.z?.toFixed(2) ?? "-"}`);
  });
  return svg.node() as SVGSVGElement;
}

let gradients = 0; // each matrix's colour key needs an id of its own in the document

/** Chips x clouds, coloured by z; null where a chip has no finished test. */
export function ablationMatrix(byChip: (Ablation | null)[], k: number): SVGSVGElement {
  const cell = 34;
  const margin = { top: 58, left: 60 };
  const key = { gap: 16, width: 10, labels: 34 }; // the colour key right of the cells
  const grid = margin.left + k * cell + key.gap + key.width + key.labels;
  const titles = ["z against random sets of as many units", "rows: the chip frozen; columns: the words of a cloud"];
  const width = Math.max(grid, 8 + 6.5 * Math.max(...titles.map((t) => t.length))); // 11 px text: about 6 px a character
  const height = margin.top + Math.max(k * cell, 60) + 10;
  const zs = byChip.flatMap((ab) => (ab?.z ?? []).filter((v): v is number => v != null));
  const extent = Math.max(Z_MARK, ...zs.map(Math.abs));
  const colour = d3.scaleDiverging(d3.interpolateRdBu).domain([extent, 0, -extent]);
  const svg = d3.create("svg").attr("class", "ablation-matrix").attr("width", width).attr("height", height).attr("role", "img")
    .attr("aria-label", "z of the loss change: rows are the chips frozen, columns the word clouds");
  titles.forEach((t, i) => svg.append("text").attr("class", "axis-title matrix-title").attr("x", 4).attr("y", 14 + i * 15).text(t));
  for (let j = 0; j < k; j++) {
    svg.append("text").attr("class", "tick").attr("x", margin.left + j * cell + cell / 2).attr("y", margin.top - 6).attr("text-anchor", "middle").text(`#${j}`);
  }
  byChip.forEach((ab, i) => {
    svg.append("text").attr("class", "tick").attr("x", margin.left - 6).attr("y", margin.top + i * cell + cell / 2 + 4).attr("text-anchor", "end").text(`chip #${i}`);
    for (let j = 0; j < k; j++) {
      const z = ab?.z?.[j] ?? null;
      const fill = z == null ? "#eef1f4" : colour(z);
      const dark = luminance(fill) < WHITE_TEXT_BELOW;
      const g = svg.append("g").attr("class", `z-cell${i === j ? " diagonal" : ""}`).attr("data-chip", i).attr("data-cloud", j);
      g.append("rect").attr("x", margin.left + j * cell).attr("y", margin.top + i * cell).attr("width", cell - 2).attr("height", cell - 2)
        .attr("fill", fill);
      g.append("text").attr("x", margin.left + j * cell + cell / 2 - 1).attr("y", margin.top + i * cell + cell / 2 + 3).attr("text-anchor", "middle")
        .attr("class", `z-value${dark ? " on-dark" : ""}`).attr("fill", dark ? "#fff" : "#000").text(z == null ? "" : z.toFixed(1));
      g.append("title").text(z == null ? `chip #${i} not tested` : `chip #${i} frozen: z ${z.toFixed(2)} after cloud #${j}'s words`);
    }
  });
  // the colour key: +extent (red: the chip costs more than random units) to -extent (blue: less)
  const id = `ablation-key-${++gradients}`;
  const top = margin.top;
  const length = Math.max(k * cell - 2, 58);
  const gradient = svg.append("defs").append("linearGradient").attr("id", id).attr("x1", 0).attr("x2", 0).attr("y1", 0).attr("y2", 1);
  d3.range(0, 1.0001, 0.1).forEach((t) => gradient.append("stop").attr("offset", t).attr("stop-color", colour(extent - 2 * extent * t)));
  const keyX = margin.left + k * cell + key.gap;
  const legend = svg.append("g").attr("class", "z-key");
  legend.append("rect").attr("x", keyX).attr("y", top).attr("width", key.width).attr("height", length).attr("fill", `url(#${id})`);
  const at = d3.scaleLinear().domain([extent, -extent]).range([top, top + length]);
  const marks = at(Z_MARK) - at(extent) >= 14 ? [Z_MARK, -Z_MARK] : []; // the mark's level, unless it crowds the end
  for (const v of [extent, ...marks, 0, -extent]) {
    const digits = Number.isInteger(v) ? 0 : 1;
    legend.append("text").attr("class", "tick").attr("x", keyX + key.width + 4).attr("y", at(v) + 4).text(`${v > 0 ? "+" : v < 0 ? "−" : ""}${Math.abs(v).toFixed(digits)}`);
  }
  return svg.node() as SVGSVGElement;
}
