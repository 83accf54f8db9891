// Choosing k (SPEC 9): modularity (mean and its band over seeds) and stability against k, the
// suggested k marked.
import * as d3 from "d3";
import type { components } from "../generated/api";

type Scan = components["schemas"]["ScanOut"];

export function scanChart(scan: Scan, onPick: (k: number) => void): SVGSVGElement {
  const rows = scan.results ?? [];
  const width = 460;
  const height = 170;
  const margin = { top: 16, right: 44, bottom: 30, left: 44 };
  const x = d3.scaleLinear().domain(d3.extent(rows, (r) => r.k) as [number, number]).range([margin.left, width - margin.right]);
  const top = Math.max(1e-6, ...rows.map((r) => r.modularity_mean + r.modularity_std));
  const q = d3.scaleLinear().domain([0, top]).nice().range([height - margin.bottom, margin.top]);
  const s = d3.scaleLinear().domain([0, 1]).range([height - margin.bottom, margin.top]);
  const svg = d3.create("svg").attr("class", "scan-chart").attr("width", width).attr("height", height).attr("role", "group")
    .attr("aria-label", `modularity and stability for k ${scan.k_min} to ${scan.k_max}; suggested k ${scan.suggested_k}`);
  svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(rows.length).tickFormat(d3.format("d")));
  svg.append("g").attr("transform", `translate(${margin.left},0)`).call(d3.axisLeft(q).ticks(4));
  svg.append("g").attr("transform", `translate(${width - margin.right},0)`).call(d3.axisRight(s).ticks(4));
  svg.append("text").attr("class", "axis-title modularity").attr("x", margin.left).attr("y", 10).text("modularity");
  svg.append("text").attr("class", "axis-title stability").attr("x", width - margin.right).attr("y", 10).attr("text-anchor", "end").text(scan.consensus ? "consensus agreement (ARI)" : "stability (ARI)");
  svg.append("text").attr("class", "axis-title").attr("x", (margin.left + width - margin.right) / 2).attr("y", height - 2).attr("text-anchor", "middle").text("k");
  const suggested = rows.find((r) => r.k === scan.suggested_k);
  if (suggested) {
    svg.append("line").attr("class", "suggested").attr("x1", x(suggested.k)).attr("x2", x(suggested.k)).attr("y1", margin.top).attr("y2", height - margin.bottom);
  }
  svg.append("path").attr("class", "band")
    .attr("d", d3.area<(typeof rows)[number]>().x((r) => x(r.k)).y0((r) => q(Math.max(0, r.modularity_mean - r.modularity_std))).y1((r) => q(r.modularity_mean + r.modularity_std))(rows) ?? "");
  svg.append("path").attr("class", "modularity-line").attr("d", d3.line<(typeof rows)[number]>().x((r) => x(r.k)).y((r) => q(r.modularity_mean))(rows) ?? "");
  const steady = rows.filter((r) => r.stability_units != null && r.stability_words != null);
  svg.append("path").attr("class", "stability-line")
    .attr("d", d3.line<(typeof rows)[number]>().x((r) => x(r.k)).y((r) => s(((r.stability_units ?? 0) + (r.stability_words ?? 0)) / 2))(steady) ?? "");
  // one target per k: its numbers on hover, a click co-clusters with it
  svg.selectAll("rect.k").data(rows).join("rect").attr("class", (r) => `k${r.k === scan.suggested_k ? " suggested-k" : ""}`)
    .attr("data-k", (r) => r.k)
    .attr("x", (r) => x(r.k) - 8).attr("width", 16).attr("y", margin.top).attr("height", height - margin.top - margin.bottom)
    .attr("tabindex", 0).attr("role", "button").attr("aria-label", (r) => `co-cluster with k = ${r.k}`)
    .on("click", (_, r) => onPick(r.k))
    .on("keydown", (event: KeyboardEvent, r) => event.key === "Enter" && onPick(r.k))
    .append("title")
    .text((r) => `k = ${r.k}: modularity ${r.modularity_mean.toFixed(3)} ± ${r.modularity_std.toFixed(3)}` +
      (r.stability_units != null ? `, stability units ${r.stability_units.toFixed(2)}, words ${(r.stability_words ?? 0).toFixed(2)}` : "") +
      (r.k === scan.suggested_k ? " (suggested)" : ""));
  return svg.node() as SVGSVGElement;
}
