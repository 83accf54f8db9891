// Memory forming over training (issue 34): a model's loss at each checkpoint above an alluvial
// diagram of its chips: one column per checkpoint, each chip with units a rectangle as tall as its
// units, ribbons between consecutive columns as wide as the units a link carries, chips and ribbons
// coloured by track (a chip and the chips continuing it). The layout is pure (layoutTimeline and its
// helpers, tested in timeline.test.ts); drawTimeline draws it with D3.
import * as d3 from "d3";
import type { components } from "../generated/api";

type Schemas = components["schemas"];
export type Timeline = Schemas["TimelineOut"];
export type TimelineCheckpoint = Schemas["TimelineCheckpoint"];
export type TimelineChip = Schemas["TimelineChip"];
export type TimelineLink = Schemas["TimelineLink"];
export type TimelineEvent = Schemas["TimelineEvent"];

/** A checkpoint's step in words: its training step, or "last" for the model the series is of. */
export function stepLabel(step: number | null | undefined): string {
  return step === null || step === undefined ? "last" : `step ${step}`;
}

/** The short form (column heads, the path in words): "60", "last". */
export function stepShort(step: number | null | undefined): string {
  return step === null || step === undefined ? "last" : String(step);
}

/** Each checkpoint's x: by its step where the steps leave at least `minGap` between neighbours (the
 * last one's null step one mean interval after the one before), evenly spaced otherwise. */
export function columnPositions(steps: (number | null)[], left: number, right: number, minGap: number): number[] {
  const n = steps.length;
  if (n === 0) return [];
  if (n === 1) return [(left + right) / 2];
  const even = steps.map((_, i) => left + ((right - left) * i) / (n - 1));
  const known = steps.filter((s): s is number => s !== null);
  if (known.length < 2 && steps.some((s) => s === null)) return even;
  const filled: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = steps[i];
    if (s !== null) filled.push(s);
    else {
      const before = filled.filter((v) => Number.isFinite(v));
      const interval = before.length >= 2 ? (before[before.length - 1] - before[0]) / (before.length - 1) : 1;
      filled.push((before[before.length - 1] ?? 0) + interval);
    }
  }
  const increasing = filled.every((v, i) => i === 0 || v > filled[i - 1]);
  if (!increasing) return even;
  const x = d3.scaleLinear().domain([filled[0], filled[n - 1]]).range([left, right]);
  const xs = filled.map((v) => x(v));
  return xs.every((v, i) => i === 0 || v - xs[i - 1] >= minGap) ? xs : even;
}

/** The chips drawn in each column, top to bottom: those with units (a chip of no units is a word
 * cloud without memory), the first column by track, each later one by where its units come from
 * (the units-weighted mean position of the chips linked into it), so that ribbons cross little. */
export function orderChips(tl: Pick<Timeline, "checkpoints" | "links">): number[][] {
  const checkpoints = tl.checkpoints ?? [];
  const links = tl.links ?? [];
  const orders: number[][] = [];
  let centre = new Map<number, number>(); // chip index of the column before -> its centre (0..1)
  checkpoints.forEach((cp, t) => {
    const drawn = cp.chips.filter((c) => c.size > 0);
    const key = new Map<number, number>();
    for (const c of drawn) {
      const incoming = t === 0 ? [] : links.filter((l) => l.checkpoint === t - 1 && l.target === c.index && centre.has(l.source) && l.units > 0);
      const weight = incoming.reduce((s, l) => s + l.units, 0);
      key.set(c.index, weight > 0 ? incoming.reduce((s, l) => s + l.units * (centre.get(l.source) ?? 0), 0) / weight : 2 + c.track / 1e6);
    }
    const ordered = [...drawn].sort((a, b) => (t === 0 ? a.track - b.track : (key.get(a.index) ?? 0) - (key.get(b.index) ?? 0)) || a.track - b.track || a.index - b.index);
    orders.push(ordered.map((c) => c.index));
    const total = ordered.reduce((s, c) => s + c.size, 0) || 1;
    centre = new Map();
    let at = 0;
    for (const c of ordered) {
      centre.set(c.index, (at + c.size / 2) / total);
      at += c.size;
    }
  });
  return orders;
}

export interface ChipBox {
  t: number; // the checkpoint's position
  chip: TimelineChip;
  x: number; // left
  y: number; // top
  width: number;
  height: number;
}

export interface RibbonBox {
  link: TimelineLink;
  x0: number; // the source chip's right edge
  y0: number; // top of the ribbon at the source
  h0: number; // its thickness there
  x1: number; // the target chip's left edge
  y1: number;
  h1: number;
  track: number; // the source chip's
}

export interface Column {
  t: number;
  x: number; // centre
  checkpoint: TimelineCheckpoint;
}

export interface TimelineLayout {
  columns: Column[];
  chips: ChipBox[];
  ribbons: RibbonBox[];
  unitHeight: number; // pixels per unit
  top: number;
  bottom: number;
}

/** Where everything goes: the columns at `xs`, chips stacked from `top` with `gap` between them, a
 * unit the same height in every column (the fullest column fills `height`), ribbons between the
 * chips' facing edges, stacked at each end in the order of the chips at the other end. */
export function layoutTimeline(
  tl: Pick<Timeline, "checkpoints" | "links">,
  xs: number[],
  { top, height, chipWidth, gap = 8 }: { top: number; height: number; chipWidth: number; gap?: number },
): TimelineLayout {
  const checkpoints = tl.checkpoints ?? [];
  const orders = orderChips(tl);
  const totals = orders.map((order, t) => order.reduce((s, i) => s + (checkpoints[t].chips.find((c) => c.index === i)?.size ?? 0), 0));
  const fullest = Math.max(0, ...totals);
  const most = Math.max(1, ...orders.map((o) => o.length));
  const unitHeight = fullest > 0 ? Math.max(0.5, (height - gap * (most - 1)) / fullest) : 0;
  const chips: ChipBox[] = [];
  const at = new Map<string, ChipBox>();
  orders.forEach((order, t) => {
    let y = top;
    for (const index of order) {
      const chip = checkpoints[t].chips.find((c) => c.index === index)!;
      const box = { t, chip, x: xs[t] - chipWidth / 2, y, width: chipWidth, height: Math.max(1, chip.size * unitHeight) };
      chips.push(box);
      at.set(`${t}:${index}`, box);
      y += box.height + gap;
    }
  });
  const ribbons: RibbonBox[] = [];
  const links = (tl.links ?? []).filter((l) => l.units > 0 && at.has(`${l.checkpoint}:${l.source}`) && at.has(`${l.checkpoint + 1}:${l.target}`));
  const outOf = d3.group(links, (l) => `${l.checkpoint}:${l.source}`);
  const into = d3.group(links, (l) => `${l.checkpoint + 1}:${l.target}`);
  const start = new Map<TimelineLink, [number, number]>();
  const end = new Map<TimelineLink, [number, number]>();
  // at each end, the ribbons in the order of the chips they go to (come from), scaled to fit the chip
  const stack = (groups: Map<string, TimelineLink[]>, other: (l: TimelineLink) => ChipBox, into: Map<TimelineLink, [number, number]>) => {
    for (const [key, group] of groups) {
      const box = at.get(key)!;
      const sum = group.reduce((s, l) => s + l.units, 0);
      const scale = Math.min(1, box.chip.size / Math.max(1, sum));
      let y = box.y;
      for (const l of [...group].sort((a, b) => other(a).y - other(b).y)) {
        const h = l.units * unitHeight * scale;
        into.set(l, [y, h]);
        y += h;
      }
    }
  };
  stack(outOf, (l) => at.get(`${l.checkpoint + 1}:${l.target}`)!, start);
  stack(into, (l) => at.get(`${l.checkpoint}:${l.source}`)!, end);
  for (const link of links) {
    const source = at.get(`${link.checkpoint}:${link.source}`)!;
    const target = at.get(`${link.checkpoint + 1}:${link.target}`)!;
    const [y0, h0] = start.get(link)!;
    const [y1, h1] = end.get(link)!;
    ribbons.push({ link, x0: source.x + source.width, y0, h0, x1: target.x, y1, h1, track: source.chip.track });
  }
  const bottom = Math.max(top, ...chips.map((c) => c.y + c.height));
  return { columns: checkpoints.map((checkpoint, t) => ({ t, x: xs[t], checkpoint })), chips, ribbons, unitHeight, top, bottom };
}

/** A ribbon's outline: a band from (x0, y0..y0+h0) to (x1, y1..y1+h1), its edges cubic curves. */
export function ribbonPath(r: Pick<RibbonBox, "x0" | "y0" | "h0" | "x1" | "y1" | "h1">): string {
  const mid = (r.x0 + r.x1) / 2;
  const f = (v: number) => Math.round(v * 10) / 10;
  return `M${f(r.x0)},${f(r.y0)}C${f(mid)},${f(r.y0)} ${f(mid)},${f(r.y1)} ${f(r.x1)},${f(r.y1)}` +
    `L${f(r.x1)},${f(r.y1 + r.h1)}C${f(mid)},${f(r.y1 + r.h1)} ${f(mid)},${f(r.y0 + r.h0)} ${f(r.x0)},${f(r.y0 + r.h0)}Z`;
}

export interface ChipRef {
  t: number;
  chip: number;
}

/** The chips a chip continues, back to its birth (earliest first), and those continuing it (by the
 * matched links: the one-to-one match on units). */
export function lineage(tl: Pick<Timeline, "links" | "checkpoints">, t: number, chip: number): { back: ChipRef[]; forward: ChipRef[] } {
  const links = (tl.links ?? []).filter((l) => l.matched);
  const n = (tl.checkpoints ?? []).length;
  const back: ChipRef[] = [];
  for (let at = { t, chip }; at.t > 0; ) {
    const from = links.find((l) => l.checkpoint === at.t - 1 && l.target === at.chip);
    if (!from) break;
    at = { t: at.t - 1, chip: from.source };
    back.unshift(at);
  }
  const forward: ChipRef[] = [];
  for (let at = { t, chip }; at.t < n - 1; ) {
    const to = links.find((l) => l.checkpoint === at.t && l.source === at.chip);
    if (!to) break;
    at = { t: at.t + 1, chip: to.target };
    forward.push(at);
  }
  return { back, forward };
}

/** The events a chip takes part in: how it came (events of the transition into its checkpoint that
 * name it as a target) and how it goes on (those of the transition out that name it as a source). */
export function chipEvents(tl: Pick<Timeline, "events">, t: number, chip: number): { arriving: TimelineEvent[]; leaving: TimelineEvent[] } {
  const events = tl.events ?? [];
  return {
    arriving: events.filter((e) => e.checkpoint === t - 1 && e.targets.includes(chip)),
    leaving: events.filter((e) => e.checkpoint === t && e.sources.includes(chip)),
  };
}

/** A word's chip at each checkpoint (null: not among that checkpoint's words), or null for a word the
 * timeline does not have. */
export function wordPath(tl: Pick<Timeline, "word_paths">, word: string): (number | null)[] | null {
  return tl.word_paths?.[word] ?? null;
}

/** The path in words: "step 60: chip 2 → step 120: chip 2 → ... → last: chip 4". */
export function pathInWords(tl: Pick<Timeline, "word_paths" | "checkpoints">, word: string): string {
  const path = wordPath(tl, word);
  if (!path) return `“${word}” is not among the timeline's words.`;
  const checkpoints = tl.checkpoints ?? [];
  return path.map((chip, t) => {
    const step = checkpoints[t]?.step;
    const at = step === null || step === undefined ? "last" : `step ${step}`;
    if (chip === null) return `${at}: not among its words`;
    const size = checkpoints[t]?.chips.find((c) => c.index === chip)?.size ?? 0;
    return `${at}: chip ${chip}${size === 0 ? " (a cloud with no units)" : ""}`;
  }).join(" → ");
}

// the tracks' colours, in the order they first appear: Tableau 10, then Dark2 and Set2 (distinct
// at a glance for the dozen or two tracks a timeline of k chips has)
const PALETTE = [...d3.schemeTableau10, ...d3.schemeDark2, ...d3.schemeSet2];

/** A colour per track, in the order tracks first appear (time, then top to bottom). */
export function trackColours(tl: Pick<Timeline, "checkpoints" | "links">): (track: number) => string {
  const seen: number[] = [];
  const orders = orderChips(tl);
  orders.forEach((order, t) => {
    for (const index of order) {
      const track = tl.checkpoints![t].chips.find((c) => c.index === index)!.track;
      if (!seen.includes(track)) seen.push(track);
    }
  });
  return (track) => {
    const i = seen.indexOf(track);
    return PALETTE[(i < 0 ? track : i) % PALETTE.length];
  };
}

export interface TimelineChart {
  svg: SVGSVGElement;
  /** Mark the chosen chip (and its lineage) and the word's path. */
  highlight: (chosen: ChipRef | null, word: string | null) => void;
}

const LOSS_HEIGHT = 130;
const HEAD = 34; // the columns' step labels, between the loss curve and the chips
const FOOT = 40; // modularity and stability under each column

const fixed = (digits: number) => (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v.toFixed(digits) : "–");

/** The loss curve over the checkpoints above the alluvial diagram of their chips, at `width`. */
export function drawTimeline(
  tl: Timeline,
  width: number,
  onChip: (ref: ChipRef) => void,
  diagramHeight = 380,
): TimelineChart {
  const checkpoints = tl.checkpoints ?? [];
  const margin = { left: 84, right: 30, top: 18 };
  const n = checkpoints.length;
  const xs = columnPositions(checkpoints.map((c) => c.step), margin.left + 14, width - margin.right - 14, 46);
  const gapX = n > 1 ? Math.min(...xs.slice(1).map((x, i) => x - xs[i])) : 200;
  const chipWidth = Math.max(8, Math.min(22, gapX * 0.22));
  const lossTop = margin.top;
  const lossBottom = lossTop + LOSS_HEIGHT;
  const chipsTop = lossBottom + HEAD + 8;
  const layout = layoutTimeline(tl, xs, { top: chipsTop, height: diagramHeight, chipWidth });
  const height = layout.bottom + FOOT + 12;
  const colour = trackColours(tl);
  const svg = d3.create("svg").attr("class", "timeline-chart").attr("width", width).attr("height", height).attr("role", "group")
    .attr("aria-label", `loss and memory chips at ${n} checkpoints, ${stepLabel(checkpoints[0]?.step)} to ${stepLabel(checkpoints[n - 1]?.step)}`);

  // the loss curve (a classifier's: its accuracy), its points on the columns' x
  const loss = svg.append("g").attr("class", "loss");
  type Point = { t: number; c: (typeof checkpoints)[number] };
  const given = (v: number | null | undefined): v is number => v !== null && v !== undefined;
  const byLoss = checkpoints.some((c) => given(c.loss));
  const valueOf = (p: Point) => (byLoss ? p.c.loss : p.c.accuracy) as number;
  const measured: Point[] = checkpoints.map((c, t) => ({ t, c })).filter((p) => given(byLoss ? p.c.loss : p.c.accuracy));
  loss.append("text").attr("class", "axis-title").attr("x", 4).attr("y", lossTop - 4)
    .text(!measured.length ? "no loss or accuracy was measured at these checkpoints"
      : byLoss ? "loss at each checkpoint (nats per word, on the recorded text)"
      : "accuracy at each checkpoint (on the corpus's first labeled sequences; dashed: always the commonest label)");
  if (measured.length) {
    const values = measured.map(valueOf);
    const majority = byLoss ? [] : measured.map((p) => p.c.majority_accuracy).filter(given);
    const [lo, hi] = d3.extent([...values, ...majority]) as [number, number];
    const pad = Math.max(0.05, (hi - lo) * 0.1);
    const y = d3.scaleLinear().domain([lo - pad, hi + pad]).nice().range([lossBottom, lossTop + 10]);
    loss.append("g").attr("class", "axis").attr("transform", `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(4));
    loss.selectAll("line.column-guide").data(xs).join("line").attr("class", "column-guide")
      .attr("x1", (x) => x).attr("x2", (x) => x).attr("y1", lossTop + 6).attr("y2", lossBottom);
    if (majority.length) {
      const base = measured.filter((p) => given(p.c.majority_accuracy));
      loss.append("path").attr("class", "majority-line").attr("stroke-dasharray", "4 3")
        .attr("d", d3.line<Point>((p) => xs[p.t], (p) => y(p.c.majority_accuracy as number))(base) ?? "");
    }
    loss.append("path").attr("class", "loss-line").attr("d", d3.line<Point>((p) => xs[p.t], (p) => y(valueOf(p)))(measured) ?? "");
    loss.selectAll("circle.loss-point").data(measured).join("circle").attr("class", "loss-point").attr("r", 4)
      .attr("data-t", (p) => p.t).attr("cx", (p) => xs[p.t]).attr("cy", (p) => y(valueOf(p)))
      .append("title").text((p) => byLoss
        ? `${stepLabel(p.c.step)}: loss ${fixed(3)(p.c.loss)}${p.c.perplexity != null ? `, perplexity ${fixed(1)(p.c.perplexity)}` : ""}`
        : `${stepLabel(p.c.step)}: accuracy ${fixed(3)(p.c.accuracy)} (always the commonest label: ${fixed(3)(p.c.majority_accuracy)})`);
  }

  // the columns: step on top, the co-clustering's modularity (and stability) underneath
  const columns = svg.append("g").attr("class", "columns").selectAll("g.column").data(layout.columns).join("g")
    .attr("class", "column").attr("data-t", (c) => c.t).attr("transform", (c) => `translate(${c.x},0)`);
  columns.append("text").attr("class", "column-step").attr("y", lossBottom + 26).attr("text-anchor", "middle").text((c) => stepShort(c.checkpoint.step));
  columns.append("text").attr("class", "column-quality").attr("y", layout.bottom + 18).attr("text-anchor", "middle")
    .text((c) => fixed(2)(c.checkpoint.quality?.modularity))
    .append("title").text((c) => `${stepLabel(c.checkpoint.step)}: modularity ${fixed(3)(c.checkpoint.quality?.modularity)} over ${c.checkpoint.words} words`);
  // with a consensus, the agreement of two seed sets' votes (SPEC 9) is what says whether a split is real
  const trust = (c: Column): { units?: number | null; words?: number | null } | null | undefined =>
    (c.checkpoint.stability?.consensus_agreement as { units?: number; words?: number } | null | undefined) ?? c.checkpoint.stability;
  const trustWords = (c: Column) => (c.checkpoint.stability?.consensus_agreement ? "consensus agreement (ARI of two votes)" : "stability over seeds (ARI)");
  columns.filter((c) => c.checkpoint.stability != null).append("text").attr("class", "column-stability").attr("y", layout.bottom + 33).attr("text-anchor", "middle")
    .text((c) => `${fixed(2)(trust(c)?.units)}/${fixed(2)(trust(c)?.words)}`)
    .append("title").text((c) => `${stepLabel(c.checkpoint.step)}: ${trustWords(c)}, units ${fixed(3)(trust(c)?.units)}, words ${fixed(3)(trust(c)?.words)}`);
  const rowLabel = (y: number, text: string, title: string) =>
    svg.append("text").attr("class", "axis-title").attr("x", margin.left - 8).attr("y", y).attr("text-anchor", "end").text(text).append("title").text(title);
  rowLabel(lossBottom + 26, "step", "the training step each checkpoint was saved at; last: the model itself");
  rowLabel(layout.bottom + 18, "modularity", "the modularity of each checkpoint's co-clustering (SPEC 9)");
  if (checkpoints.some((c) => c.stability != null)) {
    const agreed = checkpoints.some((c) => c.stability?.consensus_agreement);
    rowLabel(layout.bottom + 33, agreed ? "agreement" : "stability", agreed ? "consensus agreement (ARI of two seed sets' votes): units/words" : "stability over seeds (ARI): units/words");
  }

  // ribbons under the chips
  const ribbons = svg.append("g").attr("class", "ribbons").selectAll("path.ribbon").data(layout.ribbons).join("path")
    .attr("class", (r) => `ribbon${r.link.matched ? " matched" : ""}`)
    .attr("data-checkpoint", (r) => r.link.checkpoint).attr("data-source", (r) => r.link.source).attr("data-target", (r) => r.link.target)
    .attr("d", ribbonPath).attr("fill", (r) => colour(r.track));
  ribbons.append("title").text((r) => {
    const from = checkpoints[r.link.checkpoint];
    const to = checkpoints[r.link.checkpoint + 1];
    return `${stepLabel(from.step)} chip ${r.link.source} → ${stepLabel(to.step)} chip ${r.link.target}: ${r.link.units} unit${r.link.units === 1 ? "" : "s"} ` +
      `(${Math.round(100 * r.link.share_of_source)} % of the source's, ${Math.round(100 * r.link.share_of_target)} % of the target's)` +
      (r.link.matched ? "; the target continues the source" : "");
  });

  // the chips: a rectangle as tall as its units, a button that opens it
  const chips = svg.append("g").attr("class", "chips").selectAll("g.chip").data(layout.chips).join("g")
    .attr("class", "chip").attr("data-t", (c) => c.t).attr("data-chip", (c) => c.chip.index).attr("data-track", (c) => c.chip.track)
    .attr("tabindex", 0).attr("role", "button")
    .attr("aria-label", (c) => `${stepLabel(checkpoints[c.t].step)}, chip ${c.chip.index}: ${c.chip.size} units`)
    .on("click", (_, c) => onChip({ t: c.t, chip: c.chip.index }))
    .on("keydown", (event: KeyboardEvent, c) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        onChip({ t: c.t, chip: c.chip.index });
      }
    });
  chips.append("rect").attr("class", "chip-box").attr("x", (c) => c.x).attr("y", (c) => c.y).attr("width", (c) => c.width).attr("height", (c) => c.height)
    .attr("fill", (c) => colour(c.chip.track));
  // its index beside it (the panel and the paths in words name chips by it), where there is room
  chips.filter((c) => c.height >= 11).append("text").attr("class", "chip-index").attr("x", (c) => c.x - 3).attr("y", (c) => c.y + c.height / 2 + 4)
    .attr("text-anchor", "end").text((c) => c.chip.index);
  chips.append("title").text((c) => `${stepLabel(checkpoints[c.t].step)}, chip ${c.chip.index}: ${c.chip.size} unit${c.chip.size === 1 ? "" : "s"}, ` +
    `${c.chip.words} words (track ${c.chip.track})${c.chip.top_words.length ? `; ${c.chip.top_words.slice(0, 6).join(", ")}` : ""}`);

  // a word's path: a line through the centres of its chips
  const wordLine = svg.append("path").attr("class", "word-path").attr("fill", "none");
  const centre = new Map(layout.chips.map((c) => [`${c.t}:${c.chip.index}`, c]));
  const highlight = (chosen: ChipRef | null, word: string | null) => {
    const path = word ? wordPath(tl, word) : null;
    const onPath = new Set((path ?? []).flatMap((chip, t) => (chip === null ? [] : [`${t}:${chip}`])));
    const line = lineage(tl, chosen?.t ?? -1, chosen?.chip ?? -1);
    const kin = new Set(chosen ? [...line.back, chosen, ...line.forward].map((r) => `${r.t}:${r.chip}`) : []);
    const key = (c: ChipBox) => `${c.t}:${c.chip.index}`;
    chips.classed("selected", (c) => chosen !== null && c.t === chosen.t && c.chip.index === chosen.chip)
      .classed("lineage", (c) => kin.has(key(c)))
      .classed("on-path", (c) => onPath.has(key(c)))
      .attr("aria-pressed", (c) => (chosen !== null && c.t === chosen.t && c.chip.index === chosen.chip ? "true" : "false"));
    ribbons.classed("lineage", (r) => r.link.matched && kin.has(`${r.link.checkpoint}:${r.link.source}`) && kin.has(`${r.link.checkpoint + 1}:${r.link.target}`))
      .classed("on-path", (r) => onPath.has(`${r.link.checkpoint}:${r.link.source}`) && onPath.has(`${r.link.checkpoint + 1}:${r.link.target}`));
    svg.classed("dimmed", chosen !== null || onPath.size > 0);
    const points = (path ?? []).map((chip, t) => (chip === null ? null : centre.get(`${t}:${chip}`) ?? null));
    const d = d3.line<ChipBox | null>((c) => c!.x + c!.width / 2, (c) => c!.y + c!.height / 2).defined((c) => c !== null)(points);
    wordLine.attr("d", d ?? "").attr("display", onPath.size ? null : "none");
    wordLine.raise();
  };
  return { svg: svg.node() as SVGSVGElement, highlight };
}
