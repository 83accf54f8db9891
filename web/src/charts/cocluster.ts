// The co-cluster view (the paper's main view): memory chips, word clouds and the edges between them.
// As in the paper (Fig. 1), the chips stand in a middle column and the clouds in a column on either
// side, chip i level with its cloud i (their edge short and flat); the compare view's panels put
// all clouds on one side, away from the other panel. The geometry is layout.ts's pairedLayout.
import * as d3 from "d3";
import type { Coclustering } from "../api";
import { chipLayout, cloudWords, fitPairedLayout, pairedColumns, pairedLayout, partners, symmetricExtent, visibleEdges, type Side } from "../layout";
import { cumulativeArea, packCloud } from "./cloud";
import { halfLifeColour, halfLifeKey, halfLifeShort, type ChipHalfLives } from "./trace";

export interface CoclusterOptions {
  width: number;
  /** the room for the graph (the rest of the first screen): clouds show fewer words to fit it */
  height?: number;
  /** chips in the middle, clouds on both sides (the single view); otherwise on one side */
  centred?: boolean;
  filter: number; // link filter: keep edges with |edge| >= filter * max
  maxStroke: number;
  wordResponses: { word: string; mean: number[] }[]; // up to three clicked words
  expanded: Set<number>; // clouds that show every word (the others their strongest CLOUD_WORDS)
  onWord: (word: string) => void;
  onUnit: (unit: number) => void;
  onExpand: (cloud: number) => void;
  mirror?: boolean; // clouds on the left, chips on the right (the compare view's left panel: chips face chips)
  colourExtent?: number; // the unit colours' ± end (the compare view gives both panels one); default: their own
  halfLives?: ChipHalfLives | null; // SPEC 13: the chips' and units' half-lives (tooltips), where the recording kept a trace
  colourBy?: "response" | "half-life"; // half-life: units and chips coloured by their half-lives
  order?: number[]; // the chips (with their clouds) top to bottom; default by number
}

export const WORD_COLOURS = d3.interpolateRdBu;
export const CLOUD_WORDS = 40; // words a cloud shows until it is opened in full (fewer where the screen is short)
export const MIN_CLOUD_WORDS = 8; // what a cloud shows at the least to fit the screen
export const CONFIDENT = 0.6; // members that fewer seeds agree on are faded (SPEC 9 confidence)
const CENTRED_MIN_WIDTH = 900; // narrower, the clouds of two columns would be too narrow to read
const TOP = 22; // the columns' titles
const BOTTOM = 6;
const MARGIN = 4;
const CHIP_LABEL = 16; // a chip's number, above its cells
const CLOUD_HEADER = 20; // a cloud's number (and its "+N more words"), above its words
const CLOUD_PAD = 8;
const GAP = 10; // between two chips, and between two clouds of a column
// a cloud packs about this much taller than its words' area over its width (d3-cloud leaves gaps);
// each cloud's own ratio replaces it once it has been packed
const PACKED_OVER_AREA = 1.4; // (measured: 1.2 to 1.7, most near 1.3; a little over, so that a second packing is rarely needed)
// cloud layouts of the co-clusterings shown lately, each cloud's packed-over-estimated ratio, and the
// words each cloud showed to fit a room: a click redraws the chart, it packs no cloud again
const layouts = new Map<string, ReturnType<typeof packCloud>>();
const ratios = new Map<string, number>();
const fits = new Map<string, Map<number, number>>();
const LAYOUTS_KEPT = 400;
function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  cache.set(key, value);
  while (cache.size > LAYOUTS_KEPT) cache.delete(cache.keys().next().value as string);
  return value;
}
const signed = (v: number) => `${v >= 0 ? "+" : ""}${v.toFixed(3)}`;

export function drawCocluster(container: HTMLElement, co: Coclustering, opts: CoclusterOptions): SVGSVGElement {
  const words = co.words ?? [];
  const strength = co.word_strength ?? [];
  const counts = co.word_counts ?? [];
  const unitStrength = co.unit_strength ?? [];
  const unitClusters = co.unit_clusters ?? [];
  const wordClusters = co.word_clusters ?? [];
  const mirror = opts.mirror ?? false;
  const sides: Side[] = opts.centred && opts.width >= CENTRED_MIN_WIDTH ? ["left", "right"] : [mirror ? "left" : "right"];
  const columns = pairedColumns(opts.width - 2 * MARGIN, sides);
  const room = opts.height !== undefined ? Math.max(0, opts.height - TOP - BOTTOM) : undefined;
  // cells as large as let the chips, their numbers and gaps fit the room (16 px at most)
  const chipCount = unitClusters.filter((u) => u.length > 0).length;
  const chipRoom = Math.max(120, ((room ?? 640) - chipCount * (CHIP_LABEL + GAP)) * 0.85);
  const stacked = chipLayout(unitClusters, columns.chipWidth, chipRoom, 0);
  const maxStrength = symmetricExtent(strength);
  const edges = visibleEdges(co.edges ?? [], opts.filter, opts.maxStroke);

  // each cloud's strongest n words packed (remembered across redraws: a click packs nothing again)
  const packWidth = columns.cloudWidth - 2 * CLOUD_PAD;
  const keyOf = (cluster: number, n: number) => `${co.id}/${cluster}/${Math.min(n, wordClusters[cluster].length)}/${columns.cloudWidth}`;
  const packed = (cluster: number, n: number) => {
    const key = keyOf(cluster, n);
    return layouts.get(key) ?? remember(layouts, key, packCloud(words, cloudWords(wordClusters[cluster], strength, n), strength, maxStrength, packWidth, 11, 26, measureText));
  };
  // a packing takes a while (d3-cloud places word after word): the fit works on estimates, the
  // words' area over the width times how much taller this cloud packed than its estimate before
  const ordered = wordClusters.map((members, cluster) => cloudWords(members, strength, opts.expanded.has(cluster) ? undefined : CLOUD_WORDS));
  const areas = ordered.map((members) => cumulativeArea(words, members, strength, maxStrength, measureText));
  const estimate = (cluster: number, n: number) => (areas[cluster][Math.min(n, areas[cluster].length) - 1] ?? 0) / packWidth;
  const ratioKey = (cluster: number) => `${co.id}/${cluster}/${columns.cloudWidth}`;
  const contentHeight = (cluster: number, n: number) =>
    layouts.get(keyOf(cluster, n))?.height ?? estimate(cluster, n) * (ratios.get(ratioKey(cluster)) ?? PACKED_OVER_AREA);
  const boxHeight = (content: number) => CLOUD_HEADER + content + CLOUD_PAD;
  const chipSlots = stacked.chips.map((c) => ({ cluster: c.cluster, height: CHIP_LABEL + c.height, anchor: CHIP_LABEL + c.height / 2 }));
  const sizing = wordClusters.flatMap((members, cluster) => {
    if (members.length === 0) return []; // an empty cloud is named in the view's notice, not drawn
    const open = opts.expanded.has(cluster);
    return [{
      cluster,
      words: open ? members.length : Math.min(CLOUD_WORDS, members.length),
      minWords: Math.min(MIN_CLOUD_WORDS, members.length),
      fixed: open,
      heightFor: (n: number) => boxHeight(contentHeight(cluster, n)),
    }];
  });
  const options = { sides, chipGap: GAP, cloudGap: GAP, height: room, order: opts.order };
  const fitKey = [co.id, columns.cloudWidth, room, [...opts.expanded].sort().join("+"), opts.filter, opts.maxStroke, opts.order?.join("+") ?? ""].join("/");
  const known = fits.get(fitKey); // this room was fitted before (a redraw after a click): as it was
  let shownCount = known ?? fitPairedLayout(chipSlots, sizing, edges, options).words;
  let placed: ReturnType<typeof pairedLayout>;
  for (let round = 0; ; round++) {
    // pack what the fit chose; where the packings came out taller than estimated, cut words again
    // from there (fewer only, so that it ends), with each cloud's ratio as it packed
    for (const c of sizing) {
      const n = shownCount.get(c.cluster) ?? c.words;
      const guess = estimate(c.cluster, n);
      const real = packed(c.cluster, n).height;
      if (guess > 0) remember(ratios, ratioKey(c.cluster), real / guess);
    }
    placed = pairedLayout(chipSlots, sizing.map((c) => ({ cluster: c.cluster, height: c.heightFor(shownCount.get(c.cluster) ?? c.words) })), edges, options);
    if (known || room === undefined || placed.height <= room || round === 3) break;
    const from = shownCount;
    shownCount = fitPairedLayout(chipSlots, sizing.map((c) => ({ ...c, words: from.get(c.cluster) ?? c.words })), edges, options).words;
  }
  remember(fits, fitKey, shownCount);

  // chips: their cells moved from chipLayout's stack to their places, centred in the column
  const chipPlace = new Map(placed.chips.map((p) => [p.cluster, p]));
  const chips = stacked.chips.map((c) => {
    const top = (chipPlace.get(c.cluster)?.y ?? 0) + CHIP_LABEL;
    return { ...c, x: columns.chipX + (columns.chipWidth - c.width) / 2, y: top, dy: top - c.y };
  });
  const chipOf = new Map(chips.map((c) => [c.cluster, c]));
  const cells = stacked.cells.map((cell) => {
    const chip = chipOf.get(cell.cluster);
    return { ...cell, x: cell.x + (chip?.x ?? 0), y: cell.y + (chip?.dy ?? 0) };
  });
  const clouds = placed.clouds.map((p) => {
    const members = wordClusters[p.cluster];
    const layout = packed(p.cluster, shownCount.get(p.cluster) ?? CLOUD_WORDS);
    return {
      cluster: p.cluster, side: p.side, x: columns.cloudX[p.side], y: p.y, width: columns.cloudWidth, height: p.height,
      layout, count: members.length, more: members.length - layout.words.length,
    };
  });
  const cloudOf = new Map(clouds.map((c) => [c.cluster, c]));
  const height = TOP + placed.height + BOTTOM;

  const svg = d3
    .select(container)
    .append("svg")
    .attr("class", `cocluster${sides.length > 1 ? " centred" : ""}`)
    .attr("width", columns.width + 2 * MARGIN)
    .attr("height", height)
    .attr("role", "group") // it holds buttons: an image's children would be hidden from assistive technology
    .attr("aria-label", `co-clustering ${co.id}: ${chips.length} memory chips and ${clouds.length} word clouds`);
  // a click on the background clears the highlighted chip or cloud
  svg.append("rect").attr("class", "background").attr("width", "100%").attr("height", "100%").on("click", () => clearHighlight());
  const root = svg.append("g").attr("transform", `translate(${MARGIN},${TOP})`);
  root.append("text").attr("class", "axis-title").attr("x", columns.chipX + columns.chipWidth / 2).attr("y", -8).attr("text-anchor", "middle").text("memory chips (units)");
  for (const side of new Set(clouds.map((c) => c.side))) {
    root.append("text").attr("class", "axis-title").attr("x", columns.cloudX[side] + columns.cloudWidth / 2).attr("y", -8).attr("text-anchor", "middle").text("word clouds");
  }

  // edges: from chip j's side (a stub to the chips' column, then a curve) to cloud i's near side;
  // colour = sign, width = magnitude; a chip's edge to its own cloud runs flat
  const edgeLayer = root.append("g").attr("class", "edges");
  edgeLayer
    .selectAll("path")
    .data(edges)
    .join("path")
    .attr("class", (e) => `edge ${e.value > 0 ? "positive" : "negative"}${e.chip === e.cluster ? " paired" : ""}`)
    .attr("data-chip", (e) => e.chip)
    .attr("data-cloud", (e) => e.cluster)
    .attr("stroke-width", (e) => e.width)
    .attr("d", (e) => {
      const chip = chipOf.get(e.chip);
      const cloud = cloudOf.get(e.cluster);
      if (!chip || !cloud) return "";
      const y0 = chip.y + chip.height / 2;
      const y1 = cloud.y + cloud.height / 2;
      const left = cloud.side === "left";
      const start = left ? chip.x - 3 : chip.x + chip.width + 3;
      const x0 = left ? columns.chipX : columns.chipX + columns.chipWidth;
      const x1 = left ? cloud.x + cloud.width + 2 : cloud.x - 2;
      const mid = (x0 + x1) / 2;
      return `M${start},${y0} H${x0} C${mid},${y0} ${mid},${y1} ${x1},${y1}`;
    })
    .append("title")
    .text((e) => `chip #${e.chip} x cloud #${e.cluster}: mean response ${signed(e.value)}`);

  // chips: one cell per unit, the chip's number above them
  const halfLives = opts.halfLives ?? null;
  const byHalfLife = opts.colourBy === "half-life" && halfLives !== null;
  const lifeColour = halfLives ? halfLifeColour(halfLives.depth) : null;
  const chipLife = (cluster: number) => (halfLives ? halfLives.chips[cluster] ?? null : null);
  const colour = byHalfLife
    ? (_: number, unit: number) => lifeColour!(halfLives.units[unit] ?? null)
    : unitColour(opts.wordResponses, unitStrength, opts.colourExtent);
  const chipLayer = root.append("g").attr("class", "chips");
  chipLayer
    .selectAll("rect.chip")
    .data(chips)
    .join("rect")
    .attr("class", byHalfLife ? "chip by-half-life" : "chip")
    .attr("data-chip", (c) => c.cluster)
    .attr("data-half-life", (c) => (halfLives ? String(chipLife(c.cluster) ?? "longer") : null))
    .style("stroke", (c) => (byHalfLife ? lifeColour!(chipLife(c.cluster)) : null))
    .attr("x", (c) => c.x - 3)
    .attr("y", (c) => c.y - 3)
    .attr("width", (c) => c.width + 5)
    .attr("height", (c) => c.height + 5)
    .on("click", (_, c) => highlight("chip", c.cluster));
  // a label per chip: the click (and keyboard) target that highlights its partners; its accessible
  // name starts with the visible text
  const chipLabel = (c: (typeof chips)[number]) =>
    `#${c.cluster} · ${c.units.length} unit${c.units.length === 1 ? "" : "s"}${byHalfLife ? ` · t½ ${halfLifeShort(chipLife(c.cluster), halfLives.depth)}` : ""}`;
  chipLayer
    .selectAll("text.chip-label")
    .data(chips)
    .join("text")
    .attr("class", "chip-label")
    .attr("data-chip", (c) => c.cluster)
    .attr("x", (c) => c.x + c.width / 2)
    .attr("y", (c) => c.y - 6)
    .attr("text-anchor", "middle")
    .attr("tabindex", 0)
    .attr("role", "button")
    .text(chipLabel)
    // in words after what it shows (a screen reader's user names it as seen: "#0 · 10 units · t½ 1 step")
    .attr("aria-label", (c) => (byHalfLife ? `${chipLabel(c)}: memory chip ${c.cluster}, half-life ${halfLifeShort(chipLife(c.cluster), halfLives.depth)}` : `memory chip ${c.cluster}: ${c.units.length} units`))
    .on("click", (_, c) => highlight("chip", c.cluster))
    .on("keydown", (event: KeyboardEvent, c) => event.key === "Enter" && highlight("chip", c.cluster))
    .append("title")
    .text((c) => {
      const term = co.quality?.cluster_modularity?.[c.cluster];
      return `chip #${c.cluster}: ${c.units.length} units, ${wordClusters[c.cluster]?.length ?? 0} words` +
        (term !== undefined ? `; its modularity term ${term.toFixed(3)}` : "") +
        (halfLives ? `; half-life ${halfLifeShort(chipLife(c.cluster), halfLives.depth)} (its units' median)` : "");
    });
  const unitConfidence = co.unit_confidence ?? null;
  const wordConfidence = co.word_confidence ?? null;
  const stripes = Math.max(1, opts.wordResponses.length);
  const unitMarks = chipLayer
    .selectAll("g.unit")
    .data(cells)
    .join("g")
    .attr("class", (c) => `unit${unitConfidence && unitConfidence[c.unit] < CONFIDENT ? " doubtful" : ""}`)
    .attr("data-unit", (c) => c.unit)
    .attr("transform", (c) => `translate(${c.x},${c.y})`)
    .attr("tabindex", 0)
    .attr("role", "button")
    .attr("aria-label", (c) => `unit ${c.unit}`)
    .on("click", (_, c) => opts.onUnit(c.unit))
    .on("keydown", (event: KeyboardEvent, c) => event.key === "Enter" && opts.onUnit(c.unit));
  unitMarks.append("title").text((c) => unitTitle(c.unit, c.cluster, unitStrength, opts.wordResponses) +
    (unitConfidence ? `; ${Math.round(100 * unitConfidence[c.unit])} % of seeds agree` : "") +
    (halfLives ? `; half-life ${halfLifeShort(halfLives.units[c.unit] ?? null, halfLives.depth)}` : ""));
  for (let s = 0; s < stripes; s++) {
    unitMarks
      .append("rect")
      .attr("class", "cell")
      .attr("x", (c) => (s * c.width) / stripes)
      .attr("width", (c) => c.width / stripes)
      .attr("height", (c) => c.height)
      .attr("fill", (c) => colour(s, c.unit));
  }

  // clouds: a box each, its number on top, then its words
  const cloudLayer = root.append("g").attr("class", "clouds");
  const boxes = cloudLayer
    .selectAll("g.cloud")
    .data(clouds)
    .join("g")
    .attr("class", (c) => `cloud ${c.side}`)
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
  const number = boxes
    .append("text")
    .attr("class", "cloud-number")
    .attr("data-cloud", (c) => c.cluster)
    .attr("x", CLOUD_PAD)
    .attr("y", 14)
    .on("click", (_, c) => highlight("cluster", c.cluster));
  number.append("tspan").attr("class", "cloud-id").text((c) => `#${c.cluster}`);
  number.append("tspan").attr("class", "cloud-count").text((c) =>
    c.more > 0 ? ` · ${c.layout.words.length} of ${c.count} words` : ` · ${c.count} word${c.count === 1 ? "" : "s"}`);
  // each word in a group with its title: the text element's own content stays just the word
  const marks = boxes
    .append("g")
    .attr("class", "words")
    .attr("transform", `translate(${CLOUD_PAD},${CLOUD_HEADER})`)
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
    .attr("x", (w) => w.x)
    .attr("y", (w) => w.y)
    .attr("text-anchor", "middle")
    .attr("font-size", (w) => w.size)
    .attr("tabindex", 0)
    .attr("role", "button")
    .attr("aria-label", (w) => `word ${w.word}`)
    .text((w) => w.word)
    .on("click", (_, w) => opts.onWord(w.word))
    .on("keydown", (event: KeyboardEvent, w) => event.key === "Enter" && opts.onWord(w.word));
  // the page's way to the rest of a cloud: left out of exports (charts/export.ts)
  boxes
    .filter((c) => c.more > 0)
    .append("text")
    .attr("class", "more-words")
    .attr("data-no-export", "")
    .attr("x", (c) => c.width - CLOUD_PAD)
    .attr("y", 14)
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
function unitColour(responses: { word: string; mean: number[] }[], unitStrength: number[], extent?: number): (stripe: number, unit: number) => string {
  const values = colouredValues(responses, unitStrength);
  if (values.length === 0) return () => "#b9c2cc";
  const end = extent ?? symmetricExtent(values);
  const scale = d3.scaleDiverging(WORD_COLOURS).domain([end, 0, -end]); // red positive
  if (responses.length === 0) return (_, unit) => scale(unitStrength[unit] ?? 0);
  return (stripe, unit) => scale(responses[stripe]?.mean[unit] ?? 0);
}

/** The key, always shown: what the unit colours, word colours and sizes, and edges mean. */
/** What the unit colours show: the clicked words' responses, or else each unit's strength. */
function colouredValues(responses: { word: string; mean: number[] }[], unitStrength: number[]): number[] {
  return responses.length ? responses.flatMap((r) => r.mean) : unitStrength;
}

/** The ± end of the unit colours' scale when a view does not set one: the largest magnitude shown. */
export function colourExtentOf(responses: { word: string; mean: number[] }[], unitStrength: number[]): number {
  return symmetricExtent(colouredValues(responses, unitStrength));
}

export function legend(responses: { word: string; mean: number[] }[], unitStrength: number[], mode: string, colourExtent?: number, halfLifeDepth?: number): HTMLElement {
  const extent = colourExtent ?? colourExtentOf(responses, unitStrength);
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
  const units = halfLifeDepth !== undefined
    ? "units and chips (their frames): half-life, the steps until the mean |trace| of the unit's top words halves (a chip: its units' median);"
    : responses.length
    ? `units: E[Δs | word], stripes left to right: ${responses.map((r) => r.word).join(", ")}`
    : "units: mean response to their own cloud's words";
  // interaction hints: the page's, left out of exports (charts/export.ts)
  const pageOnly = (text: string) => {
    const span = item("legend-text ui-hint", text);
    span.setAttribute("data-no-export", "");
    return span;
  };
  // the texts wrap beside the colour bar, not under it
  const texts = document.createElement("div");
  texts.className = "legend-items";
  texts.append(
    item("legend-text", units),
    responses.length || halfLifeDepth !== undefined ? "" : pageOnly("(click a word for its response)"),
    item("legend-text", "words:"), item("word positive", "positive"), item("word negative", "negative"),
    item("legend-text", `strength (${mode} co-clustering), larger = stronger;`),
    item("legend-text", "edges:"), item("edge-key positive", "━ positive"), item("edge-key negative", "━ negative"),
    item("legend-text", "mean response, width = |mean|;"),
    pageOnly("hover any mark for its numbers"),
  );
  box.append(halfLifeDepth !== undefined ? halfLifeKey(halfLifeDepth) : (svg.node() as SVGSVGElement), texts);
  return box;
}
