// The co-cluster view (the paper's main view): memory chips, word clouds and the edges between them.
import * as d3 from "d3";
import type { Coclustering } from "../api";
import { chipLayout, cloudWords, partners, symmetricExtent, visibleEdges } from "../layout";
import { packCloud } from "./cloud";

export interface CoclusterOptions {
  width: number;
  filter: number; // link filter: keep edges with |edge| >= filter * max
  maxStroke: number;
  wordResponses: { word: string; mean: number[] }[]; // up to three clicked words
  expanded: Set<number>; // clouds that show every word (the others their strongest CLOUD_WORDS)
  onWord: (word: string) => void;
  onUnit: (unit: number) => void;
  onExpand: (cloud: number) => void;
  mirror?: boolean; // clouds on the left, chips on the right (the compare view's left panel: chips face chips)
}

export const WORD_COLOURS = d3.interpolateRdBu;
export const CLOUD_WORDS = 40;
export const CONFIDENT = 0.6; // members that fewer seeds agree on are faded (SPEC 9 confidence) // words a cloud shows until it is opened in full
const LABEL_WIDTH = 74; // room left of the chips for their labels
// cloud layouts of the co-clusterings shown lately: a click redraws the chart, not the clouds' packing
const layouts = new Map<string, ReturnType<typeof packCloud>>();
const LAYOUTS_KEPT = 400;
const signed = (v: number) => `${v >= 0 ? "+" : ""}${v.toFixed(3)}`;

export function drawCocluster(container: HTMLElement, co: Coclustering, opts: CoclusterOptions): SVGSVGElement {
  const words = co.words ?? [];
  const strength = co.word_strength ?? [];
  const counts = co.word_counts ?? [];
  const unitStrength = co.unit_strength ?? [];
  const unitClusters = co.unit_clusters ?? [];
  const wordClusters = co.word_clusters ?? [];
  const chipWidth = Math.max(160, Math.min(360, opts.width * 0.3));
  const cloudX = chipWidth + 150;
  const cloudWidth = Math.max(220, opts.width - LABEL_WIDTH - cloudX - 16);
  // where the chips and the clouds start: chips left (as in the paper), or right when mirrored
  const mirror = opts.mirror ?? false;
  const chipsX = mirror ? cloudWidth + 150 : 0;
  const cloudsX = mirror ? 0 : cloudX;
  const chips = chipLayout(unitClusters, chipWidth);
  const maxStrength = symmetricExtent(strength);
  // word clouds stacked on the right, each in a box
  let y = 0;
  const clouds = wordClusters.flatMap((members, cluster) => {
    if (members.length === 0) return []; // an empty cloud is named in the view's notice, not drawn
    const shown = cloudWords(members, strength, opts.expanded.has(cluster) ? undefined : CLOUD_WORDS);
    const key = `${co.id}/${cluster}/${shown.length}/${cloudWidth}`;
    const layout = layouts.get(key) ?? packCloud(words, shown, strength, maxStrength, cloudWidth - 16, 11, 26, measureText);
    layouts.set(key, layout);
    const more = members.length - shown.length;
    const box = { cluster, x: cloudsX, y, width: cloudWidth, height: layout.height + 16 + (more ? 18 : 0), layout, count: members.length, more };
    y += box.height + 12;
    return [box];
  });
  while (layouts.size > LAYOUTS_KEPT) layouts.delete(layouts.keys().next().value as string);
  const chipOf = new Map(chips.chips.map((c) => [c.cluster, c]));
  const cloudOf = new Map(clouds.map((c) => [c.cluster, c]));
  const height = Math.max(chips.height, y) + 40;
  const edges = visibleEdges(co.edges ?? [], opts.filter, opts.maxStroke);

  const svg = d3
    .select(container)
    .append("svg")
    .attr("class", "cocluster")
    .attr("width", cloudX + cloudWidth + 10 + LABEL_WIDTH)
    .attr("height", height)
    .attr("role", "group") // it holds buttons: an image's children would be hidden from assistive technology
    .attr("aria-label", `co-clustering ${co.id}: ${chips.chips.length} memory chips and word clouds`);
  // a click on the background clears the highlighted chip or cloud
  svg.append("rect").attr("class", "background").attr("width", "100%").attr("height", "100%").on("click", () => clearHighlight());
  const root = svg.append("g").attr("transform", `translate(${mirror ? 10 : LABEL_WIDTH},24)`);
  root.append("text").attr("class", "axis-title").attr("x", chipsX).attr("y", -8).text("memory chips (units)");
  root.append("text").attr("class", "axis-title").attr("x", cloudsX).attr("y", -8).text("word clouds");

  // edges: from chip j (right side) to cloud i (left side); colour = sign, width = magnitude
  const edgeLayer = root.append("g").attr("class", "edges");
  edgeLayer
    .selectAll("path")
    .data(edges)
    .join("path")
    .attr("class", (e) => `edge ${e.value > 0 ? "positive" : "negative"}`)
    .attr("data-chip", (e) => e.chip)
    .attr("data-cloud", (e) => e.cluster)
    .attr("stroke-width", (e) => e.width)
    .attr("d", (e) => {
      const chip = chipOf.get(e.chip);
      const cloud = cloudOf.get(e.cluster);
      if (!chip || !cloud) return "";
      const x0 = mirror ? chipsX + chip.x - 6 : chip.x + chip.width + 6;
      const y0 = chip.y + chip.height / 2;
      const x1 = mirror ? cloudsX + cloudWidth + 6 : cloudsX - 6;
      const y1 = cloud.y + cloud.height / 2;
      return `M${x0},${y0} C${(x0 + x1) / 2},${y0} ${(x0 + x1) / 2},${y1} ${x1},${y1}`;
    })
    .append("title")
    .text((e) => `chip #${e.chip} x cloud #${e.cluster}: mean response ${signed(e.value)}`);

  // chips: one cell per unit
  const colour = unitColour(opts.wordResponses, unitStrength);
  const chipLayer = root.append("g").attr("class", "chips").attr("transform", `translate(${chipsX},0)`);
  chipLayer
    .selectAll("rect.chip")
    .data(chips.chips)
    .join("rect")
    .attr("class", "chip")
    .attr("data-chip", (c) => c.cluster)
    .attr("x", (c) => c.x - 3)
    .attr("y", (c) => c.y - 3)
    .attr("width", (c) => c.width + 5)
    .attr("height", (c) => c.height + 5)
    .on("click", (_, c) => highlight("chip", c.cluster));
  // a label per chip: the click (and keyboard) target that highlights its partners
  chipLayer
    .selectAll("text.chip-label")
    .data(chips.chips)
    .join("text")
    .attr("class", "chip-label")
    .attr("data-chip", (c) => c.cluster)
    .attr("x", (c) => (mirror ? c.width + 10 : -10))
    .attr("y", (c) => c.y + Math.min(c.height, 24) / 2 + 4)
    .attr("text-anchor", mirror ? "start" : "end")
    .attr("tabindex", 0)
    .attr("role", "button")
    .text((c) => `#${c.cluster} (${c.units.length})`)
    .attr("aria-label", (c) => `memory chip ${c.cluster}: ${c.units.length} units`)
    .on("click", (_, c) => highlight("chip", c.cluster))
    .on("keydown", (event: KeyboardEvent, c) => event.key === "Enter" && highlight("chip", c.cluster))
    .append("title")
    .text((c) => {
      const term = co.quality?.cluster_modularity?.[c.cluster];
      return `chip #${c.cluster}: ${c.units.length} units, ${wordClusters[c.cluster]?.length ?? 0} words` +
        (term !== undefined ? `; its modularity term ${term.toFixed(3)}` : "");
    });
  const unitConfidence = co.unit_confidence ?? null;
  const wordConfidence = co.word_confidence ?? null;
  const stripes = Math.max(1, opts.wordResponses.length);
  const cells = chipLayer
    .selectAll("g.unit")
    .data(chips.cells)
    .join("g")
    .attr("class", (c) => `unit${unitConfidence && unitConfidence[c.unit] < CONFIDENT ? " doubtful" : ""}`)
    .attr("data-unit", (c) => c.unit)
    .attr("transform", (c) => `translate(${c.x},${c.y})`)
    .attr("tabindex", 0)
    .attr("role", "button")
    .attr("aria-label", (c) => `unit ${c.unit}`)
    .on("click", (_, c) => opts.onUnit(c.unit))
    .on("keydown", (event: KeyboardEvent, c) => event.key === "Enter" && opts.onUnit(c.unit));
  cells.append("title").text((c) => unitTitle(c.unit, c.cluster, unitStrength, opts.wordResponses) +
    (unitConfidence ? `; ${Math.round(100 * unitConfidence[c.unit])} % of seeds agree` : ""));
  for (let s = 0; s < stripes; s++) {
    cells
      .append("rect")
      .attr("class", "cell")
      .attr("x", (c) => (s * c.width) / stripes)
      .attr("width", (c) => c.width / stripes)
      .attr("height", (c) => c.height)
      .attr("fill", (c) => colour(s, c.unit));
  }

  // clouds
  const cloudLayer = root.append("g").attr("class", "clouds");
  const boxes = cloudLayer
    .selectAll("g.cloud")
    .data(clouds)
    .join("g")
    .attr("class", "cloud")
    .attr("data-cloud", (c) => c.cluster)
    .attr("transform", (c) => `translate(${c.x},${c.y})`);
  boxes
    .append("rect")
    .attr("class", "cloud-box")
    .attr("width", (c) => c.width)
    .attr("height", (c) => c.height)
    .attr("rx", 6)
    .attr("tabindex", 0)
    .attr("role", "button")
    .attr("aria-label", (c) => `word cloud ${c.cluster}: ${c.count} words`)
    .on("click", (_, c) => highlight("cluster", c.cluster))
    .on("keydown", (event: KeyboardEvent, c) => event.key === "Enter" && highlight("cluster", c.cluster));
  // each word in a group with its title: the text element's own content stays just the word
  const marks = boxes
    .selectAll("g.word-mark")
    .data((c) => c.layout.words)
    .join("g")
    .attr("class", "word-mark");
  marks
    .append("title")
    .text((w) => `${w.word}: strength ${signed(w.strength)} (mean response over its chip's units)` +
      (counts[w.index] !== undefined ? `, seen ${counts[w.index].toLocaleString()} times` : "") +
      (wordConfidence ? `; ${Math.round(100 * wordConfidence[w.index])} % of seeds agree` : ""));
  marks
    .append("text")
    .attr("class", (w) => `word ${w.strength >= 0 ? "positive" : "negative"}${wordConfidence && wordConfidence[w.index] < CONFIDENT ? " doubtful" : ""}`)
    .attr("data-word", (w) => w.word)
    .attr("x", (w) => w.x + 8)
    .attr("y", (w) => w.y + 8)
    .attr("text-anchor", "middle")
    .attr("font-size", (w) => w.size)
    .attr("tabindex", 0)
    .attr("role", "button")
    .attr("aria-label", (w) => `word ${w.word}`)
    .text((w) => w.word)
    .on("click", (_, w) => opts.onWord(w.word))
    .on("keydown", (event: KeyboardEvent, w) => event.key === "Enter" && opts.onWord(w.word));
  boxes
    .filter((c) => c.more > 0)
    .append("text")
    .attr("class", "more-words")
    .attr("x", (c) => c.width - 10)
    .attr("y", (c) => c.height - 7)
    .attr("text-anchor", "end")
    .attr("tabindex", 0)
    .attr("role", "button")
    .text((c) => `+${c.more} more words`)
    .on("click", (_, c) => opts.onExpand(c.cluster))
    .on("keydown", (event: KeyboardEvent, c) => event.key === "Enter" && opts.onExpand(c.cluster));

  function highlight(side: "chip" | "cluster", index: number): void {
    const other = partners(edges, side, index);
    const chipSet = new Set(side === "chip" ? [index] : other);
    const cloudSet = new Set(side === "cluster" ? [index] : other);
    root.classed("focused", true);
    root.selectAll<SVGRectElement, { cluster: number }>("rect.chip").classed("active", (c) => chipSet.has(c.cluster));
    root.selectAll<SVGTextElement, { cluster: number }>("text.chip-label").classed("active", (c) => chipSet.has(c.cluster));
    root.selectAll<SVGGElement, { cluster: number }>("g.cloud").classed("active", (c) => cloudSet.has(c.cluster));
    root
      .selectAll<SVGPathElement, { chip: number; cluster: number }>("path.edge")
      .classed("active", (e) => (side === "chip" ? e.chip === index : e.cluster === index));
  }
  function clearHighlight(): void {
    root.classed("focused", false);
    root.selectAll(".active").classed("active", false);
  }
  return svg.node() as SVGSVGElement;
}

function unitTitle(unit: number, chip: number, unitStrength: number[], responses: { word: string; mean: number[] }[]): string {
  const own = unitStrength[unit] !== undefined ? `: mean response to cloud #${chip}'s words ${signed(unitStrength[unit])}` : "";
  const toWords = responses.map((r) => `E[Δs | ${r.word}] ${signed(r.mean[unit] ?? 0)}`).join(", ");
  return `unit ${unit} (chip #${chip})${own}${toWords ? `; ${toWords}` : ""}`;
}

let measuring: CanvasRenderingContext2D | null = null;

/** The rendered width of a word at a font size (the cloud layout flows words by it). */
function measureText(word: string, size: number): number {
  measuring ??= document.createElement("canvas").getContext("2d");
  if (!measuring) return word.length * size * 0.6;
  measuring.font = `${size}px system-ui, sans-serif`;
  return measuring.measureText(word).width;
}

/** Colour of stripe s of a unit: E[response | clicked word s] on a diverging scale; with no word
 * clicked, the unit's mean response to its own cloud (grey only for a co-clustering from before
 * that was kept). */
function unitColour(responses: { word: string; mean: number[] }[], unitStrength: number[]): (stripe: number, unit: number) => string {
  const values = responses.length ? responses.flatMap((r) => r.mean) : unitStrength;
  if (values.length === 0) return () => "#b9c2cc";
  const scale = d3.scaleDiverging(WORD_COLOURS).domain([symmetricExtent(values), 0, -symmetricExtent(values)]); // red positive
  if (responses.length === 0) return (_, unit) => scale(unitStrength[unit] ?? 0);
  return (stripe, unit) => scale(responses[stripe]?.mean[unit] ?? 0);
}

/** The key, always shown: what the unit colours, word colours and sizes, and edges mean. */
export function legend(responses: { word: string; mean: number[] }[], unitStrength: number[], mode: string): HTMLElement {
  const values = responses.length ? responses.flatMap((r) => r.mean) : unitStrength;
  const extent = symmetricExtent(values);
  const width = 220;
  const svg = d3.create("svg").attr("class", "legend").attr("width", width + 40).attr("height", 40).attr("role", "img")
    .attr("aria-label", `unit colour scale from ${(-extent).toFixed(2)} (blue) to ${extent.toFixed(2)} (red)`);
  const gradient = svg.append("defs").append("linearGradient").attr("id", "legend-gradient");
  const scale = d3.scaleDiverging(WORD_COLOURS).domain([extent, 0, -extent]);
  d3.range(0, 1.01, 0.1).forEach((t) =>
    gradient.append("stop").attr("offset", `${t * 100}%`).attr("stop-color", scale(-extent + 2 * extent * t)),
  );
  svg.append("rect").attr("x", 20).attr("y", 4).attr("width", width).attr("height", 10).attr("fill", "url(#legend-gradient)");
  const axis = d3.scaleLinear().domain([-extent, extent]).range([20, 20 + width]);
  svg.append("g").attr("transform", "translate(0,16)").call(d3.axisBottom(axis).ticks(4, "~g"));
  const box = document.createElement("div");
  box.className = "legend-box";
  box.setAttribute("data-testid", "cocluster-legend");
  const item = (cls: string, text: string) => {
    const span = document.createElement("span");
    span.className = cls;
    span.textContent = text;
    return span;
  };
  const units = responses.length
    ? `units: E[Δs | word], stripes left to right: ${responses.map((r) => r.word).join(", ")}`
    : "units: mean response to their own cloud's words (click a word for its response)";
  box.append(
    svg.node() as SVGSVGElement,
    item("legend-text", units),
    item("legend-text", "words:"), item("word positive", "positive"), item("word negative", "negative"),
    item("legend-text", `strength (${mode} co-clustering), larger = stronger;`),
    item("legend-text", "edges:"), item("edge-key positive", "━ positive"), item("edge-key negative", "━ negative"),
    item("legend-text", "mean response, width = |mean|; hover any mark for its numbers"),
  );
  return box;
}
