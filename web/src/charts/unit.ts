// The unit view's chart: a unit's strongest words with the spread of its response to each (SPEC 4).
import * as d3 from "d3";
import type { UnitWord } from "../api";

/** One row per word: its spread (a box where quantiles are stored, mean ± std otherwise, drawn
 * differently) and a mark at the mean, under a key that says which is which. */
export function boxPlots(container: HTMLElement, words: UnitWord[], link: (word: string) => string): SVGSVGElement {
  const rowHeight = 24;
  const margin = { top: 58, right: 30, bottom: 30, left: 150 };
  const width = Math.max(720, Math.min(1200, container.clientWidth || 720));
  const height = margin.top + margin.bottom + rowHeight * words.length;
  const spread = (w: UnitWord): [number, number] =>
    w.quantiles ? [w.quantiles["9"], w.quantiles["91"]] : [w.mean - w.std, w.mean + w.std];
  const extent = d3.extent([0, ...words.flatMap((w) => [w.mean, ...spread(w)])]) as [number, number];
  const x = d3.scaleLinear().domain(extent).nice().range([margin.left, width - margin.right]);
  const svg = d3.select(container).append("svg").attr("class", "boxplots").attr("width", width).attr("height", height).attr("role", "group").attr("aria-label", "the unit's words with the spread of its response to each");
  svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(8));
  svg.append("text").attr("class", "axis-title").attr("x", margin.left).attr("y", 16).text("response of this unit to each word, E[Δs | word] and its spread; (n) = times seen");
  legend(svg.append("g").attr("class", "key").attr("transform", `translate(${margin.left},30)`), words);
  svg.append("line").attr("class", "zero").attr("x1", x(0)).attr("x2", x(0)).attr("y1", margin.top - 6).attr("y2", height - margin.bottom);
  const rows = svg
    .selectAll("g.box")
    .data(words)
    .join("g")
    .attr("class", (w) => `box ${w.mean >= 0 ? "positive" : "negative"} ${w.quantiles ? "quantiles" : "std"}`)
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
  const withStd = rows.filter((w) => w.quantiles === null);
  withStd.append("line").attr("class", "std-range").attr("x1", (w) => x(w.mean - w.std)).attr("x2", (w) => x(w.mean + w.std)).attr("y1", rowHeight / 2).attr("y2", rowHeight / 2);
  for (const end of [-1, 1]) {
    withStd.append("line").attr("class", "std-end").attr("x1", (w) => x(w.mean + end * w.std)).attr("x2", (w) => x(w.mean + end * w.std)).attr("y1", 7).attr("y2", rowHeight - 7);
  }
  rows.append("rect").attr("class", "mean").attr("x", (w) => x(w.mean) - 1.5).attr("width", 3).attr("y", 2).attr("height", rowHeight - 4);
  rows.append("title").text((w) => {
    const q = w.quantiles;
    const range = q ? `quantiles 9 %: ${fmt(q["9"])}, 25 %: ${fmt(q["25"])}, 50 %: ${fmt(q["50"])}, 75 %: ${fmt(q["75"])}, 91 %: ${fmt(q["91"])}` : `std ${fmt(w.std)} (no stored quantiles: outside the recording's top words)`;
    return `${w.word}: seen ${w.count} times, mean ${fmt(w.mean)}, score ${fmt(w.score)}; ${range}`;
  });
  return svg.node() as SVGSVGElement;
}

const fmt = d3.format(".3f");

/** What the marks mean; an entry only for the kinds of spread this chart draws. */
function legend(key: d3.Selection<SVGGElement, unknown, null, undefined>, words: UnitWord[]): void {
  let at = 0;
  const entry = (draw: (g: d3.Selection<SVGGElement, unknown, null, undefined>) => void, label: string) => {
    const g = key.append("g").attr("transform", `translate(${at},0)`);
    draw(g);
    g.append("text").attr("x", 40).attr("y", 4).text(label);
    at += 48 + label.length * 6.2;
  };
  if (words.some((w) => w.quantiles)) {
    entry((g) => {
      g.append("line").attr("class", "whisker").attr("x1", 0).attr("x2", 34).attr("y1", 0).attr("y2", 0);
      g.append("rect").attr("class", "iqr").attr("x", 9).attr("width", 16).attr("y", -6).attr("height", 12);
    }, "box 25–75 %, whiskers 9–91 % (stored quantiles)");
  }
  if (words.some((w) => !w.quantiles)) {
    entry((g) => {
      g.append("line").attr("class", "std-range").attr("x1", 2).attr("x2", 32).attr("y1", 0).attr("y2", 0);
      for (const x of [2, 32]) g.append("line").attr("class", "std-end").attr("x1", x).attr("x2", x).attr("y1", -5).attr("y2", 5);
    }, "mean ± std (no stored quantiles)");
  }
  entry((g) => {
    g.append("rect").attr("class", "mean key-mean").attr("x", 15).attr("width", 3).attr("y", -8).attr("height", 16);
  }, "mean");
}
