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

/** Memory chips: one small square cell per unit, one block of cells per unit cluster, stacked. */
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

export interface PlacedWord {
  word: string;
  index: number;
  strength: number;
  size: number;
  x: number;
  y: number;
}

export interface CloudLayout {
  words: PlacedWord[];
  height: number;
}

/** A word cloud in a box: the strongest words first, font size by |strength|, flowed in lines. */
export function cloudLayout(
  words: string[],
  members: number[],
  strength: number[],
  maxStrength: number,
  width: number,
  limit = 24,
  minSize = 10,
  maxSize = 24,
  measure: (word: string, size: number) => number = (word, size) => word.length * size * 0.6,
): CloudLayout {
  const chosen = [...members].sort((a, b) => Math.abs(strength[b]) - Math.abs(strength[a])).slice(0, limit);
  const placed: PlacedWord[] = [];
  let x = 0;
  let y = 0;
  let lineHeight = 0;
  for (const index of chosen) {
    const size = fontSize(strength[index], maxStrength, minSize, maxSize);
    const w = measure(words[index], size) + 10;
    if (x > 0 && x + w > width) {
      y += lineHeight;
      x = 0;
      lineHeight = 0;
    }
    lineHeight = Math.max(lineHeight, size * 1.25);
    placed.push({ word: words[index], index, strength: strength[index], size, x, y: y + size });
    x += w;
  }
  return { words: placed, height: y + lineHeight };
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

/** Edges kept by the link filter (|value| at least `filter` of the largest), widths up to maxWidth. */
export function visibleEdges(edges: number[][], filter: number, maxWidth: number): EdgeView[] {
  const largest = Math.max(0, ...edges.flat().map(Math.abs));
  if (largest === 0) return [];
  const out: EdgeView[] = [];
  edges.forEach((row, i) =>
    row.forEach((value, j) => {
      if (Math.abs(value) >= filter * largest && value !== 0) {
        out.push({ cluster: i, chip: j, value, width: Math.max(0.5, (maxWidth * Math.abs(value)) / largest) });
      }
    }),
  );
  return out;
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
