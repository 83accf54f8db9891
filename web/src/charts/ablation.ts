// Ablation (SPEC 9): per word cloud, the loss change when a chip's units are frozen, beside the
// band of the random controls (mean ± std), with z; and, once every chip has been tested, the
// chips x clouds matrix coloured by z, so the diagonal of a good co-clustering stands out.
import * as d3 from "d3";
import type { components } from "../generated/api";

type Ablation = components["schemas"]["AblationOut"];

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
    const g = svg.append("g").attr("class", "cloud-row").attr("data-cloud", r.i);
    g.append("text").attr("class", "cloud-name").attr("x", margin.left - 8).attr("y", y(k) + 15).attr("text-anchor", "end").text(cloudNames[r.i] ?? `#${r.i}`);
    if (r.m != null && r.s != null) {
      g.append("rect").attr("class", "control-band").attr("x", x(r.m - r.s)).attr("width", Math.max(1, x(r.m + r.s) - x(r.m - r.s)))
        .attr("y", y(k) + 4).attr("height", rowHeight - 8);
      g.append("line").attr("class", "control-mean").attr("x1", x(r.m)).attr("x2", x(r.m)).attr("y1", y(k) + 2).attr("y2", y(k) + rowHeight - 2);
    }
    g.append("circle").attr("class", `delta${(r.z ?? 0) >= 2 ? " significant" : ""}`).attr("cx", x(r.d ?? 0)).attr("cy", y(k) + rowHeight / 2).attr("r", 5);
    g.append("text").attr("class", "z").attr("x", width - margin.right + 6).attr("y", y(k) + 15).text(r.z == null ? "z -" : `z ${r.z.toFixed(1)}`);
    g.append("title").text(`cloud #${r.i}: ${fmt(r.d, 4)} nats after its words (${r.n.toLocaleString()} steps); controls ${fmt(r.m, 4)} ± ${r.s?.toFixed(4) ?? "-"}; z ${r.z?.toFixed(2) ?? "-"}`);
  });
  return svg.node() as SVGSVGElement;
}

/** Chips x clouds, coloured by z; null where a chip has no finished test. */
export function ablationMatrix(byChip: (Ablation | null)[], k: number): SVGSVGElement {
  const cell = 34;
  const margin = { top: 40, left: 60 };
  const width = margin.left + k * cell + 90;
  const height = margin.top + k * cell + 10;
  const zs = byChip.flatMap((ab) => (ab?.z ?? []).filter((v): v is number => v != null));
  const extent = Math.max(2, ...zs.map(Math.abs));
  const colour = d3.scaleDiverging(d3.interpolateRdBu).domain([extent, 0, -extent]);
  const svg = d3.create("svg").attr("class", "ablation-matrix").attr("width", width).attr("height", height).attr("role", "img")
    .attr("aria-label", "z of the loss change: rows are the chips frozen, columns the word clouds");
  svg.append("text").attr("class", "axis-title").attr("x", margin.left).attr("y", 12).text("z: chip frozen (rows) x words of cloud (columns)");
  for (let j = 0; j < k; j++) {
    svg.append("text").attr("class", "tick").attr("x", margin.left + j * cell + cell / 2).attr("y", margin.top - 6).attr("text-anchor", "middle").text(`#${j}`);
  }
  byChip.forEach((ab, i) => {
    svg.append("text").attr("class", "tick").attr("x", margin.left - 6).attr("y", margin.top + i * cell + cell / 2 + 4).attr("text-anchor", "end").text(`chip #${i}`);
    for (let j = 0; j < k; j++) {
      const z = ab?.z?.[j] ?? null;
      const g = svg.append("g").attr("class", `z-cell${i === j ? " diagonal" : ""}`).attr("data-chip", i).attr("data-cloud", j);
      g.append("rect").attr("x", margin.left + j * cell).attr("y", margin.top + i * cell).attr("width", cell - 2).attr("height", cell - 2)
        .attr("fill", z == null ? "#eef1f4" : colour(z));
      g.append("text").attr("x", margin.left + j * cell + cell / 2 - 1).attr("y", margin.top + i * cell + cell / 2 + 3).attr("text-anchor", "middle")
        .attr("class", "z-value").text(z == null ? "" : z.toFixed(1));
      g.append("title").text(z == null ? `chip #${i} not tested` : `chip #${i} frozen: z ${z.toFixed(2)} after cloud #${j}'s words`);
    }
  });
  return svg.node() as SVGSVGElement;
}
