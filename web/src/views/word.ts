// Word view: a word's response across all units, sorted by mean, with 25-75 % and 9-91 % bands.
import * as d3 from "d3";
import { get, provenanceOf, query, type WordResponse } from "../api";
import { exportButtons } from "../charts/export";
import { channelHeader } from "./channel";
import { el, errorBox, field } from "../dom";
import { sortedByMean } from "../layout";
import { intParam, routeHash, updateParams } from "../route";

export async function wordView(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const recording = params.get("recording");
  const layer = intParam(params, "layer", 0);
  const state = params.get("state") ?? "h";
  const word = params.get("word") ?? "";
  root.append(el("h1", {}, `Word “${word}”`), await channelHeader(params));
  const error = errorBox();
  const input = el("input", { name: "word", value: word, required: true });
  const form = el("form", { class: "controls" }, field("word", input), el("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    updateParams({ word: input.value.trim() });
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  });
  const chart = el("div", { class: "chart" });
  let svgNode: SVGSVGElement | null = null;
  const note = el("p", { class: "sub" });
  root.append(form, el("div", { class: "controls secondary" }, exportButtons(() => svgNode, () => `word-${word.replace(/[^\w.-]+/g, "_")}-recording${recording}-layer${layer}-${state}`, () => note, undefined, provenanceOf("recording", recording))), error.node, note, chart);
  if (!recording || !word) {
    error.show("choose a recording and a word (click a word in the co-cluster view)");
    return;
  }
  try {
    const data = await get<WordResponse>(`/recordings/${recording}/response${query({ word, layer, state })}`);
    note.textContent = `${data.count.toLocaleString()} occurrences. ` + (data.quantiles ? "Bands: 25-75 % (dark) and 9-91 % (light)." : "Quantiles were not kept for this word (outside the recording's top words): mean ± std.");
    svgNode = bands(chart, data, chart.clientWidth, (unit) => routeHash("unit", { recording, layer, state, unit, co: params.get("co") }));
  } catch (e) {
    error.show(e);
  }
}

export function bands(container: HTMLElement, data: WordResponse, available: number, link: (unit: number) => string): SVGSVGElement {
  const order = sortedByMean(data.mean);
  const margin = { top: 30, right: 20, bottom: 40, left: 50 };
  const width = Math.max(360, available || 1200); // the width it is given, whatever the number of units
  const height = 360;
  const q = data.quantiles;
  const low9 = order.map((u) => (q ? q["9"][u] : data.mean[u] - data.std[u]));
  const high91 = order.map((u) => (q ? q["91"][u] : data.mean[u] + data.std[u]));
  const x = d3.scaleLinear().domain([0, Math.max(1, order.length - 1)]).range([margin.left, width - margin.right]);
  const y = d3.scaleLinear().domain(d3.extent([...low9, ...high91, 0]) as [number, number]).nice().range([height - margin.bottom, margin.top]);
  const svg = d3.select(container).append("svg").attr("class", "bands").attr("width", width).attr("height", height).attr("role", "group").attr("aria-label", `response of every unit to ${data.word}`);
  svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(10));
  svg.append("g").attr("transform", `translate(${margin.left},0)`).call(d3.axisLeft(y));
  svg.append("text").attr("class", "axis-title").attr("x", margin.left).attr("y", 16).text(`E[Δs | ${data.word}] of every unit, units sorted by it`);
  svg.append("text").attr("class", "axis-title").attr("x", width - margin.right).attr("y", height - 6).attr("text-anchor", "end").text("units (rank)");
  const area = (lo: number[], hi: number[]) =>
    d3.area<number>().x((_, i) => x(i)).y0((_, i) => y(lo[i])).y1((_, i) => y(hi[i]))(order) ?? "";
  svg.append("path").attr("class", "band outer").attr("d", area(low9, high91));
  if (q) svg.append("path").attr("class", "band inner").attr("d", area(order.map((u) => q["25"][u]), order.map((u) => q["75"][u])));
  svg.append("line").attr("class", "zero").attr("x1", margin.left).attr("x2", width - margin.right).attr("y1", y(0)).attr("y2", y(0));
  svg.append("path").attr("class", "mean-line").attr("d", d3.line<number>().x((_, i) => x(i)).y((u) => y(data.mean[u]))(order) ?? "");
  svg
    .append("g")
    .selectAll("a")
    .data(order)
    .join("a")
    .attr("href", (u) => link(u))
    .append("circle")
    .attr("class", "unit-dot")
    .attr("cx", (_, i) => x(i))
    .attr("cy", (u) => y(data.mean[u]))
    .attr("r", order.length > 400 ? 1 : 2.2)
    .append("title")
    .text((u) => `unit ${u}: ${data.mean[u].toFixed(3)}`);
  return svg.node() as SVGSVGElement;
}
