// Unit view: a unit's most positive and most negative words as box plots (25-75 %, whiskers 9-91 %, mean).
import * as d3 from "d3";
import { get, query, type UnitWord, type UnitWords } from "../api";
import { exportButtons } from "../charts/export";
import { el, errorBox, field } from "../dom";
import { intParam, routeHash, updateParams } from "../route";

export async function unitView(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const recording = params.get("recording");
  const layer = intParam(params, "layer", 0);
  const state = params.get("state") ?? "h";
  const unit = intParam(params, "unit", 0);
  const k = intParam(params, "k", 10);
  const minCount = intParam(params, "min", 5);
  root.append(el("h1", {}, `Unit ${unit}`), el("p", { class: "sub" }, `recording ${recording}, layer ${layer}, state ${state}`));
  const error = errorBox();
  const unitInput = el("input", { type: "number", name: "unit", min: 0, value: unit });
  const kInput = el("input", { type: "number", name: "k", min: 1, max: 50, value: k });
  const minInput = el("input", { type: "number", name: "min_count", min: 1, value: minCount });
  const form = el("form", { class: "controls" }, field("unit", unitInput), field("words each side", kInput), field("min count", minInput), el("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    updateParams({ unit: unitInput.value, k: kInput.value, min: minInput.value });
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  });
  const chart = el("div", { class: "chart" });
  let svgNode: SVGSVGElement | null = null;
  root.append(form, el("div", { class: "controls secondary" }, exportButtons(() => svgNode, `unit-${unit}`)), error.node, chart);
  if (!recording) {
    error.show("no recording chosen: open a unit from the co-cluster view");
    return;
  }
  try {
    const data = await get<UnitWords>(`/recordings/${recording}/units/${unit}/words${query({ layer, state, k, min_count: minCount })}`);
    svgNode = boxPlots(chart, [...data.positive, ...[...data.negative].reverse()], (word) =>
      routeHash("word", { recording, layer, state, word }),
    );
  } catch (e) {
    error.show(e);
  }
}

/** One row per word: box 25-75 %, whiskers 9-91 %, a mark at the mean (words without quantiles: mean only). */
export function boxPlots(container: HTMLElement, words: UnitWord[], link: (word: string) => string): SVGSVGElement {
  const rowHeight = 24;
  const margin = { top: 30, right: 30, bottom: 30, left: 130 };
  const width = 720;
  const height = margin.top + margin.bottom + rowHeight * words.length;
  const values = words.flatMap((w) => [w.mean, ...(w.quantiles ? Object.values(w.quantiles) : [])]);
  const extent = d3.extent([0, ...values]) as [number, number];
  const x = d3.scaleLinear().domain(extent).nice().range([margin.left, width - margin.right]);
  const svg = d3.select(container).append("svg").attr("class", "boxplots").attr("width", width).attr("height", height).attr("role", "img").attr("aria-label", "box plots of the unit's words");
  svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(8));
  svg.append("text").attr("class", "axis-title").attr("x", margin.left).attr("y", 16).text("response of this unit to each word (E[Δs | word] and its 9/25/75/91 % quantiles)");
  svg.append("line").attr("class", "zero").attr("x1", x(0)).attr("x2", x(0)).attr("y1", margin.top - 6).attr("y2", height - margin.bottom);
  const rows = svg
    .selectAll("g.box")
    .data(words)
    .join("g")
    .attr("class", (w) => `box ${w.mean >= 0 ? "positive" : "negative"}`)
    .attr("transform", (_, i) => `translate(0,${margin.top + i * rowHeight})`);
  rows
    .append("a")
    .attr("href", (w) => link(w.word))
    .append("text")
    .attr("class", "label")
    .attr("x", margin.left - 8)
    .attr("y", rowHeight / 2 + 4)
    .attr("text-anchor", "end")
    .text((w) => `${w.word} (${w.count})`);
  const withQ = rows.filter((w) => w.quantiles !== null);
  withQ.append("line").attr("class", "whisker").attr("x1", (w) => x(w.quantiles!["9"])).attr("x2", (w) => x(w.quantiles!["91"])).attr("y1", rowHeight / 2).attr("y2", rowHeight / 2);
  withQ
    .append("rect")
    .attr("class", "iqr")
    .attr("x", (w) => x(w.quantiles!["25"]))
    .attr("width", (w) => Math.max(1, x(w.quantiles!["75"]) - x(w.quantiles!["25"])))
    .attr("y", 4)
    .attr("height", rowHeight - 8);
  rows.append("rect").attr("class", "mean").attr("x", (w) => x(w.mean) - 1.5).attr("width", 3).attr("y", 2).attr("height", rowHeight - 4);
  return svg.node() as SVGSVGElement;
}
