// Pure layout and data code of the charts (no DOM): tested with vitest.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ChipLayout {
  chips: (Rect & { cluster: number; units: number[] })[];
  cells: (Rect & { unit: number; cluster: number })[];
  cellSize: number;
  height: number;
}

/** Memory chips: one small square cell per unit, one block of cells per unit cluster, stacked.
 * A unit cluster with no unit gets no chip (the view says which are empty). */
export function chipLayout(
  unitClusters: number[][],
  width: number,
  targetHeight = 560,
  gap = 14,
  maxCell = 16,
): ChipLayout {
  const total = unitClusters.reduce((n, c) => n + c.length, 0) || 1;
  // cells as large as fit the target height (a 1500-unit layer gets ~10 px cells in 300 x 560)
  const cellSize = Math.max(3, Math.min(maxCell, Math.floor(Math.sqrt((width * targetHeight) / total))));
  const perRow = Math.max(1, Math.floor(width / cellSize));
  const chips: ChipLayout["chips"] = [];
  const cells: ChipLayout["cells"] = [];
  let y = 0;
  unitClusters.forEach((units, cluster) => {
    if (units.length === 0) return;
    const rows = Math.max(1, Math.ceil(units.length / perRow));
    const chip = { x: 0, y, width: Math.min(units.length, perRow) * cellSize, height: rows * cellSize, cluster, units };
    chips.push(chip);
    units.forEach((unit, i) => {
      cells.push({
        unit,
        cluster,
        x: (i % perRow) * cellSize,
        y: y + Math.floor(i / perRow) * cellSize,
        width: cellSize - 1,
        height: cellSize - 1,
      });
    });
    y += rows * cellSize + gap;
  });
  return { chips, cells, cellSize, height: Math.max(0, y - gap) };
}

/** The words a cloud shows: its members by |strength|, strongest first, at most `limit` of them
 * (all when limit is undefined). packCloud (charts/cloud.ts) places them. */
export function cloudWords(members: number[], strength: number[], limit?: number): number[] {
  const sorted = [...members].sort((a, b) => Math.abs(strength[b]) - Math.abs(strength[a]) || a - b);
  return limit === undefined ? sorted : sorted.slice(0, limit);
}

export function fontSize(strength: number, maxStrength: number, minSize: number, maxSize: number): number {
  if (maxStrength <= 0) return minSize;
  return minSize + (maxSize - minSize) * Math.min(1, Math.abs(strength) / maxStrength);
}

export interface EdgeView {
  cluster: number; // word cluster i
  chip: number; // unit cluster j
  value: number;
  width: number;
}

/** Edges kept by the link filter (|value| at least `filter` of the largest), widths up to maxWidth;
 * every chip keeps at least its strongest edge, so no chip is left unconnected by the filter.
 * edges[i][j]: word cluster i x unit cluster j (SPEC 4). */
export function visibleEdges(edges: number[][], filter: number, maxWidth: number): EdgeView[] {
  const finite = (v: number) => (Number.isFinite(v) ? v : 0);
  const largest = Math.max(0, ...edges.flat().map((v) => Math.abs(finite(v))));
  if (largest === 0) return [];
  const chips = Math.max(0, ...edges.map((row) => row.length));
  const strongest = Array.from({ length: chips }, (_, j) => {
    let best = -1;
    edges.forEach((row, i) => {
      if (Math.abs(finite(row[j])) > (best < 0 ? 0 : Math.abs(finite(edges[best][j])))) best = i;
    });
    return best;
  });
  const out: EdgeView[] = [];
  edges.forEach((row, i) =>
    row.forEach((raw, j) => {
      const value = finite(raw);
      if (value !== 0 && (Math.abs(value) >= filter * largest || strongest[j] === i)) {
        out.push({ cluster: i, chip: j, value, width: Math.max(0.5, (maxWidth * Math.abs(value)) / largest) });
      }
    }),
  );
  return out;
}

/** Clusters with no member: which chips (unit clusters) and clouds (word clusters) are empty. */
export function emptyClusters(unitClusters: number[][], wordClusters: number[][]): { chips: number[]; clouds: number[] } {
  const empty = (clusters: number[][]) => clusters.flatMap((members, i) => (members.length === 0 ? [i] : []));
  return { chips: empty(unitClusters), clouds: empty(wordClusters) };
}

/** What the view says about empty clusters, with the k that would leave none (or null when none is). */
export function emptyNotice(unitClusters: number[][], wordClusters: number[][]): { text: string; smallerK: number } | null {
  const { chips, clouds } = emptyClusters(unitClusters, wordClusters);
  if (chips.length === 0 && clouds.length === 0) return null;
  const k = Math.max(unitClusters.length, wordClusters.length);
  const list = (name: string, names: string, ids: number[]) =>
    ids.length === 0 ? null : `${ids.length} of ${k} ${ids.length === 1 ? name : names} ${ids.length === 1 ? "is" : "are"} empty (${ids.map((i) => `#${i}`).join(", ")})`;
  const parts = [list("memory chip", "memory chips", chips), list("word cloud", "word clouds", clouds)].filter(Boolean);
  const smallerK = Math.max(2, k - Math.max(chips.length, clouds.length));
  return {
    text: `${parts.join("; ")}: at these settings the layer holds fewer groups than k = ${k}, so a smaller k may serve.`,
    smallerK,
  };
}

/** Units sorted by mean response (the word view's x order), with their bands when known. */
export function sortedByMean(mean: number[]): number[] {
  return mean.map((_, i) => i).sort((a, b) => mean[a] - mean[b] || a - b);
}

/** Symmetric domain for a diverging colour scale. */
export function symmetricExtent(values: number[]): number {
  const m = Math.max(0, ...values.map((v) => Math.abs(v)).filter(Number.isFinite));
  return m > 0 ? m : 1;
}

/** Partners of a chip (clouds) or a cloud (chips) through the visible edges. */
export function partners(edges: EdgeView[], side: "chip" | "cluster", index: number): number[] {
  return edges.filter((e) => e[side] === index).map((e) => (side === "chip" ? e.cluster : e.chip));
}

/** A record as a select offers it: its id, its name (which carries its settings), what else tells it
 * apart, and when it was made (UTC), so that two records of the same name read apart. */
export function optionLabel(id: number, name: string, createdAt?: string | null, detail?: string): string {
  const made = createdAt ? ` · ${createdAt.slice(0, 16).replace("T", " ")} UTC` : "";
  return `#${id} ${name}${detail ? ` (${detail})` : ""}${made}`;
}

/** A probability as a percentage that never reads "0%" for a chance that is not 0: two significant
 * digits below 10 %, and "<0.01%" below that. */
export function formatProbability(p: number): string {
  const percent = 100 * p;
  if (percent === 0) return "0%";
  if (percent < 0.01) return "<0.01%";
  if (percent >= 10) return `${percent.toFixed(0)}%`;
  return `${Number(percent.toPrecision(2))}%`;
}

/** A training's last validation figures beside its frequency baseline's, in one line. */
export function qualityLine(metrics: {
  validation_loss?: number | null;
  validation_perplexity?: number | null;
  validation_accuracy?: number | null;
  balanced_accuracy?: number | null;
  baseline?: { name: string; perplexity?: number | null; accuracy: number; balanced_accuracy?: number | null } | null;
}): string {
  if (metrics.validation_loss == null) return "not validated";
  const round = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
  const b = metrics.baseline;
  if (metrics.balanced_accuracy != null) {
    const ours = `accuracy ${formatShare(metrics.validation_accuracy ?? 0)}, balanced ${formatShare(metrics.balanced_accuracy)}`;
    return b ? `${ours} (${b.name}: ${formatShare(b.accuracy)}, balanced ${formatShare(b.balanced_accuracy ?? 0)})` : ours;
  }
  const ppl = metrics.validation_perplexity ?? Math.exp(metrics.validation_loss);
  const ours = `validation perplexity ${round(ppl)}`;
  return b?.perplexity != null ? `${ours} (${b.name}: ${round(b.perplexity)})` : ours;
}

function formatShare(v: number): string {
  return `${(100 * v).toFixed(0)}%`;
}

interface WordSteps {
  tokens: string[];
  predictions: unknown[];
  decomposition: { contributions: number[] } | null;
  glyphs: { positive: number[][]; negative: number[][]; update_positive: number[][]; update_negative: number[][]; preserved: number[][] } | null;
}

/** The words start..end of a read sentence (the sentence view pages long texts): every per-word
 * series cut to the same steps, everything else kept. */
export function sliceSteps<T extends WordSteps>(result: T, start: number, end: number): T {
  const cut = <V>(values: V[]) => values.slice(start, end);
  const g = result.glyphs;
  return {
    ...result,
    tokens: cut(result.tokens),
    predictions: cut(result.predictions),
    decomposition: result.decomposition && { ...result.decomposition, contributions: cut(result.decomposition.contributions) },
    glyphs: g && {
      ...g,
      positive: g.positive.map(cut),
      negative: g.negative.map(cut),
      update_positive: g.update_positive.map(cut),
      update_negative: g.update_negative.map(cut),
      preserved: g.preserved.map(cut),
    },
  };
}

/** A chip's name in the sentence view: its number and its cloud's strongest words. */
export function chipName(chip: number, wordClusters: number[][], words: string[], strength: number[], shown = 3): string {
  const cloud = cloudWords(wordClusters[chip] ?? [], strength, shown).map((w) => words[w]);
  return cloud.length ? `#${chip} ${cloud.join(" ")}` : `#${chip}`;
}

// ---- The co-cluster graph as the paper draws it: chips in a middle column, word clouds in a
// column on either side, each chip level with its own cloud (co-cluster i: chip i and cloud i).

export type Side = "left" | "right";

/** A chip or a cloud to place: its height, and where its edges meet it (`anchor`, from its top:
 * the line that is level with its partner; the middle when left out). */
export interface Slot {
  cluster: number;
  height: number;
  anchor?: number;
}

export interface Placed {
  cluster: number;
  y: number; // top
  height: number;
  centre: number; // y of its anchor: where its edges meet it
}

export interface PairedLayout {
  chips: Placed[];
  clouds: (Placed & { side: Side })[];
  height: number;
  crossings: number; // edges of the same side that cross, each pair weighted by both widths
}

export interface PairedOptions {
  sides: Side[]; // where clouds may go: both sides around the chips, or the one side the chips face
  chipGap?: number; // between two chips
  cloudGap?: number; // between two clouds of a side
  height?: number; // the room there is: flips that cut crossings may use it, not more
  order?: number[]; // the pairs top to bottom (chip i with cloud i); default by number
}

/** Each cluster's place top to bottom: its index in `order`, or its own number (after the listed). */
function rankOf(order: number[] | undefined): (cluster: number) => number {
  if (!order) return (cluster) => cluster;
  const at = new Map(order.map((c, i) => [c, i]));
  return (cluster) => at.get(cluster) ?? order.length + cluster;
}

const anchorOf = (s: Slot) => s.anchor ?? s.height / 2;
/** How much taller than the balanced layout the graph may grow to cut crossings: more, and one
 * column of clouds runs on far below the other (the chips with it) for a few faint edges. */
const CROSSING_SLACK = 1.2;

/** Top to bottom in co-cluster order (chip #0 and cloud #0 first, so the numbers read down the page):
 * each co-cluster's line is as high as the chip above and the cloud above on its side allow, and
 * its chip and its cloud are both centred on it. So chip i is level with cloud i unless one of
 * them is missing, and a side's clouds (chips) never overlap. */
function placePairs(chips: Slot[], clouds: Slot[], sideOf: Map<number, Side>, chipGap: number, cloudGap: number, rank: (cluster: number) => number = (c) => c): Omit<PairedLayout, "crossings"> {
  const chipBy = new Map(chips.map((c) => [c.cluster, c]));
  const cloudBy = new Map(clouds.map((c) => [c.cluster, c]));
  const clusters = [...new Set([...chipBy.keys(), ...cloudBy.keys()])].sort((a, b) => rank(a) - rank(b));
  let chipBottom = -Infinity;
  const bottom: Record<Side, number> = { left: -Infinity, right: -Infinity };
  const placedChips: PairedLayout["chips"] = [];
  const placedClouds: PairedLayout["clouds"] = [];
  for (const cluster of clusters) {
    const chip = chipBy.get(cluster);
    const cloud = cloudBy.get(cluster);
    const side = sideOf.get(cluster) ?? "right";
    let level = 0;
    if (chip) level = Math.max(level, anchorOf(chip), chipBottom + chipGap + anchorOf(chip));
    if (cloud) level = Math.max(level, anchorOf(cloud), bottom[side] + cloudGap + anchorOf(cloud));
    if (chip) {
      const y = level - anchorOf(chip);
      placedChips.push({ cluster, y, height: chip.height, centre: level });
      chipBottom = y + chip.height;
    }
    if (cloud) {
      const y = level - anchorOf(cloud);
      placedClouds.push({ cluster, y, height: cloud.height, centre: level, side });
      bottom[side] = y + cloud.height;
    }
  }
  return { chips: placedChips, clouds: placedClouds, height: Math.max(0, chipBottom, bottom.left, bottom.right) };
}

/** Crossings of edges drawn from the chips' column to the clouds of one side: two edges of the same
 * side cross when their chips and their clouds come in opposite orders (edges that share a chip or
 * a cloud meet there and do not cross); each crossing weighs the product of the two widths. */
export function edgeCrossings(layout: Omit<PairedLayout, "crossings">, edges: { chip: number; cluster: number; width: number }[]): number {
  const chipAt = new Map(layout.chips.map((c) => [c.cluster, c.centre]));
  const cloudAt = new Map(layout.clouds.map((c) => [c.cluster, c]));
  const drawn = edges.flatMap((e) => {
    const y0 = chipAt.get(e.chip);
    const cloud = cloudAt.get(e.cluster);
    return y0 === undefined || !cloud ? [] : [{ ...e, y0, y1: cloud.centre, side: cloud.side }];
  });
  let total = 0;
  for (let a = 0; a < drawn.length; a++) {
    for (let b = a + 1; b < drawn.length; b++) {
      const p = drawn[a], q = drawn[b];
      if (p.side !== q.side || p.chip === q.chip || p.cluster === q.cluster) continue;
      if ((p.y0 - q.y0) * (p.y1 - q.y1) < 0) total += p.width * q.width;
    }
  }
  return total;
}

/** Chips and clouds placed as in the paper (RNNVis, Fig. 1): chips in one column, clouds on the
 * given sides, chip i level with cloud i. Each cloud goes to the side where its line comes highest
 * (which balances the two columns' heights: clouds alternate while they are alike), then a cloud
 * changes side where that cuts the crossings of the edges, the graph growing by CROSSING_SLACK at
 * most and never past `height` (unless its first height is already more). */
export function pairedLayout(chips: Slot[], clouds: Slot[], edges: { chip: number; cluster: number; width: number }[], options: PairedOptions): PairedLayout {
  const sides = options.sides.length ? options.sides : (["right"] as Side[]);
  const chipGap = options.chipGap ?? 10;
  const cloudGap = options.cloudGap ?? 10;
  const sideOf = new Map<number, Side>();
  const rank = rankOf(options.order);
  // greedy: clouds in order, each on the side that puts its line highest; ties alternate
  const ordered = [...clouds].sort((a, b) => rank(a.cluster) - rank(b.cluster));
  let previous: Side | null = null;
  for (const cloud of ordered) {
    let best: Side = sides[0];
    let bestLevel = Infinity;
    const tryOrder = previous && sides.length > 1 ? [...sides.filter((s) => s !== previous), previous] : sides;
    for (const side of tryOrder) {
      sideOf.set(cloud.cluster, side);
      const placed = placePairs(chips, clouds.filter((c) => rank(c.cluster) <= rank(cloud.cluster)), sideOf, chipGap, cloudGap, rank);
      const level = placed.clouds.find((c) => c.cluster === cloud.cluster)?.centre ?? 0;
      if (level < bestLevel - 1e-9) [best, bestLevel] = [side, level];
    }
    sideOf.set(cloud.cluster, best);
    previous = best;
  }
  let current = placePairs(chips, clouds, sideOf, chipGap, cloudGap, rank);
  let crossings = edgeCrossings(current, edges);
  // a change of side may make the graph taller, by CROSSING_SLACK at most and never past the room
  const limit = Math.max(current.height, Math.min(options.height ?? Infinity, current.height * CROSSING_SLACK));
  // then single clouds change side while that removes crossings (or height, at equal crossings)
  for (let pass = 0; pass < 4 && sides.length > 1; pass++) {
    let improved = false;
    for (const cloud of ordered) {
      const was = sideOf.get(cloud.cluster) as Side;
      sideOf.set(cloud.cluster, was === "left" ? "right" : "left");
      const next = placePairs(chips, clouds, sideOf, chipGap, cloudGap, rank);
      const nextCrossings = edgeCrossings(next, edges);
      const better = nextCrossings < crossings - 1e-9 || (Math.abs(nextCrossings - crossings) <= 1e-9 && next.height < current.height - 1e-9);
      if (next.height <= limit + 1e-9 && better) {
        [current, crossings, improved] = [next, nextCrossings, true];
      } else sideOf.set(cloud.cluster, was);
    }
    if (!improved) break;
  }
  return { ...current, crossings };
}

/** A cloud whose words can be cut to fit: how many it shows, the fewest it may, and its height
 * with n words (the packing, charts/cloud.ts). A fixed cloud (one the user opened) keeps its words. */
export interface CloudSizing {
  cluster: number;
  words: number;
  minWords: number;
  fixed?: boolean;
  heightFor: (words: number) => number;
}

/** The paired layout inside `options.height` where possible: while the graph is taller, every
 * cloud that may shows fewer words (its strongest stay), down to its minimum. Returns the layout
 * and the words each cloud shows. */
export function fitPairedLayout(
  chips: Slot[],
  clouds: CloudSizing[],
  edges: { chip: number; cluster: number; width: number }[],
  options: PairedOptions,
  anchor: (cluster: number, height: number) => number | undefined = () => undefined,
): { layout: PairedLayout; words: Map<number, number> } {
  const words = new Map(clouds.map((c) => [c.cluster, c.words]));
  const slots = () => clouds.map((c) => {
    const height = c.heightFor(words.get(c.cluster) ?? c.words);
    return { cluster: c.cluster, height, anchor: anchor(c.cluster, height) };
  });
  let layout = pairedLayout(chips, slots(), edges, options);
  for (let attempt = 0; attempt < 10 && options.height !== undefined && layout.height > options.height; attempt++) {
    // cloud heights grow about as their words; the margins do not, hence the extra tenth
    const ratio = options.height / layout.height - 0.1;
    let cut = false;
    for (const c of clouds) {
      const n = words.get(c.cluster) ?? c.words;
      if (c.fixed || n <= c.minWords) continue;
      words.set(c.cluster, Math.max(c.minWords, Math.min(n - 1, Math.floor(n * ratio))));
      cut = true;
    }
    if (!cut) break;
    layout = pairedLayout(chips, slots(), edges, options);
  }
  // the cuts overshoot (a cloud's packing grows in steps): give words back, a cloud at a time,
  // while the graph still fits
  for (let pass = 0; pass < 4 && options.height !== undefined && layout.height <= options.height; pass++) {
    let grown = false;
    for (const c of clouds) {
      const n = words.get(c.cluster) ?? c.words;
      if (c.fixed || n >= c.words) continue;
      words.set(c.cluster, Math.min(c.words, Math.max(n + 1, Math.ceil(n * 1.2))));
      const next = pairedLayout(chips, slots(), edges, options);
      if (next.height <= options.height) [layout, grown] = [next, true];
      else words.set(c.cluster, n);
    }
    if (!grown) break;
  }
  return { layout, words };
}

export interface PairedColumns {
  chipX: number;
  chipWidth: number;
  cloudX: Record<Side, number>; // left edge of each side's cloud column
  cloudWidth: number;
  gap: number; // between the chips' column and a clouds' column: where the edges run
  width: number;
}

/** The columns across `width`: clouds | edges | chips | edges | clouds (both sides), or chips |
 * edges | clouds (clouds right), or clouds | edges | chips (clouds left: the compare view's left
 * panel, whose chips face the right panel's). */
export function pairedColumns(width: number, sides: Side[]): PairedColumns {
  const clamp = (v: number, lo: number, hi: number) => Math.round(Math.max(lo, Math.min(hi, v)));
  if (sides.length > 1) {
    const chipWidth = clamp(width * 0.17, 150, 280);
    const gap = clamp(width * 0.08, 60, 140);
    const cloudWidth = Math.floor((width - chipWidth - 2 * gap) / 2);
    const chipX = cloudWidth + gap;
    return { chipX, chipWidth, cloudX: { left: 0, right: chipX + chipWidth + gap }, cloudWidth, gap, width: 2 * cloudWidth + chipWidth + 2 * gap };
  }
  const chipWidth = clamp(width * 0.3, 160, 360);
  const gap = clamp(width * 0.14, 60, 150);
  const cloudWidth = Math.floor(width - chipWidth - gap);
  const total = chipWidth + gap + cloudWidth;
  return sides[0] === "left"
    ? { chipX: cloudWidth + gap, chipWidth, cloudX: { left: 0, right: 0 }, cloudWidth, gap, width: total }
    : { chipX: 0, chipWidth, cloudX: { left: 0, right: chipWidth + gap }, cloudWidth, gap, width: total };
}

// ---- A co-clustering's quality in words (SPEC 9: modularity, block share beside random labels). The
// band (flat, weak, clear) and the noise's modularity come with the co-clustering, judged on the
// server (services/clustering/verdict.py); here they are put in words.

export type QualityBand = "flat" | "weak" | "clear";

export interface QualityInput {
  modularity: number;
  block_share: number;
  block_share_random: number;
  band: QualityBand;
  noise_modularity: number;
}

const VERDICT: Record<QualityBand, string> = {
  flat: "No better than random labels: these chips do not separate the response",
  weak: "Weak structure: the chips hold more of the response than random labels would, but not much; read the clouds with care",
  clear: "Clear structure: the chips separate the response well beyond random labels",
};

export interface Stability {
  units: number;
  words: number;
  stable: boolean;
  /** a consensus co-clustering's (SPEC 9): its agreement with the consensus of the next seeds */
  consensus_agreement?: { units: number; words: number } | null;
}

/** A consensus co-clustering's agreement with the consensus of the next seeds, in words:
 * "consensus of 10 seeds: agrees with the next 10 seeds' consensus at ARI 0.83 (units) / 0.81 (words)". */
export function consensusWords(seeds: number | undefined, agreement: { units: number; words: number }): string {
  const n = seeds ?? "several";
  return `consensus of ${n} seeds: agrees with the next ${n} seeds' consensus at ARI ${agreement.units.toFixed(2)} (units) / ${agreement.words.toFixed(2)} (words)`;
}

/** The quality in words, then its numbers: the verdict, the modularity beside what noise of this size
 * gives, the block share beside random labels', and the stability over seeds when there were several;
 * a consensus co-clustering (the vote of its seeds' runs) says so, with its agreement with the next
 * seeds' consensus beside the single seeds' stability. */
export function qualityWords(
  q: QualityInput,
  context: { seeds?: number; stability?: Stability | null; consensus?: boolean },
): { band: QualityBand; verdict: string; numbers: string; text: string } {
  let verdict = VERDICT[q.band];
  const s = context.stability;
  if (context.consensus) verdict = `Consensus co-clustering of ${context.seeds ?? "several"} seeds. ${verdict}`;
  if (s && !s.stable) verdict += context.consensus ? "; and single seeds' chips change from seed to seed" : "; and they change from seed to seed";
  let numbers =
    `modularity ${q.modularity.toFixed(3)} (about ${q.noise_modularity.toFixed(2)} for random responses of this size) · ` +
    `${Math.round(100 * q.block_share)} % of the response inside the chips' blocks (${Math.round(100 * q.block_share_random)} % for random labels)`;
  if (s) numbers += ` · stability over ${context.seeds ?? "several"} seeds: units ${s.units.toFixed(2)}, words ${s.words.toFixed(2)}`;
  if (s?.consensus_agreement) numbers += ` · ${consensusWords(context.seeds, s.consensus_agreement)}`;
  return { band: q.band, verdict, numbers, text: `${verdict}. ${numbers}` };
}

/** The mode to try when the chips read flat or weak: `positive` (which units a word pushes up) from
 * any other mode; gates respond in one direction, and `abs` and `raw` blur words that push the same
 * units opposite ways into one cloud. None in `positive` mode already (the scan over k remains). */
export function betterMode(mode: string): string | null {
  return mode === "positive" ? null : "positive";
}
