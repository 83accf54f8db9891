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
  decomposition: { contributions: number[] };
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
    decomposition: { ...result.decomposition, contributions: cut(result.decomposition.contributions) },
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
