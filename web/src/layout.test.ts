import { describe, expect, it } from "vitest";
import {
  betterMode, chipLayout, cloudWords, edgeCrossings, emptyClusters, emptyNotice, fitPairedLayout, fontSize, formatProbability, optionLabel,
  pairedColumns, pairedLayout, partners, qualityLine, qualityWords, consensusWords, sliceSteps, chipName, sortedByMean, symmetricExtent, visibleEdges,
  type PairedLayout, type Slot,
} from "./layout";

describe("chipLayout", () => {
  it("places one cell per unit, grouped by cluster, without overlap", () => {
    const clusters = [[0, 2, 4, 6, 8], [1, 3], [5, 7, 9]];
    const layout = chipLayout(clusters, 60, 200);
    expect(layout.cells).toHaveLength(10);
    expect(layout.chips.map((c) => c.units.length)).toEqual([5, 2, 3]);
    const spots = new Set(layout.cells.map((c) => `${c.x},${c.y}`));
    expect(spots.size).toBe(10);
    // chips are stacked: each starts below the previous one
    for (let i = 1; i < layout.chips.length; i++) {
      const above = layout.chips[i - 1];
      expect(layout.chips[i].y).toBeGreaterThanOrEqual(above.y + above.height);
    }
    for (const cell of layout.cells) expect(cell.x + cell.width).toBeLessThanOrEqual(60);
  });

  it("keeps a 1500-unit layer within the target height", () => {
    const units = Array.from({ length: 1500 }, (_, i) => i);
    const clusters = Array.from({ length: 10 }, (_, k) => units.filter((u) => u % 10 === k));
    const layout = chipLayout(clusters, 300, 560);
    expect(layout.cells).toHaveLength(1500);
    expect(layout.cellSize).toBeGreaterThanOrEqual(3);
    expect(layout.height).toBeLessThan(560 + 10 * (14 + layout.cellSize));
  });
});

describe("cloudWords", () => {
  it("shows the strongest words first, up to the limit", () => {
    const strength = [0.1, -0.9, 0.5, 0.0];
    expect(cloudWords([0, 1, 2, 3], strength, 3)).toEqual([1, 2, 0]);
    expect(cloudWords([0, 1, 2, 3], strength)).toEqual([1, 2, 0, 3]);
    expect(cloudWords([3, 0], [0.5, 0, 0, -0.5])).toEqual([0, 3]); // ties by index
  });
  it("sizes by magnitude", () => {
    expect(fontSize(-1, 1, 10, 20)).toBe(20);
    expect(fontSize(0.5, 1, 10, 20)).toBe(15);
    expect(fontSize(1, 0, 10, 20)).toBe(10);
  });
});

describe("visibleEdges", () => {
  const edges = [
    [0.5, -0.1],
    [-0.25, 0.05],
  ];
  it("filters by a fraction of the largest magnitude and scales widths", () => {
    const all = visibleEdges(edges, 0, 10);
    expect(all).toHaveLength(4);
    expect(all.find((e) => e.cluster === 0 && e.chip === 0)?.width).toBe(10);
    const strong = visibleEdges(edges, 0.4, 10);
    expect(strong.map((e) => [e.cluster, e.chip, e.value])).toEqual([
      [0, 0, 0.5],
      [0, 1, -0.1], // chip 1's strongest, kept below the filter
      [1, 0, -0.25],
    ]);
    expect(strong[2].width).toBe(5);
  });
  it("keeps every chip's strongest edge whatever the filter", () => {
    // chip 1's edges (-0.1, 0.05) are under 0.4 x 0.5: its strongest, -0.1, stays
    const kept = visibleEdges(edges, 0.4, 10).map((e) => [e.cluster, e.chip, e.value]);
    expect(kept).toContainEqual([0, 1, -0.1]);
    expect(kept).not.toContainEqual([1, 1, 0.05]);
  });
  it("draws nothing for an empty cluster's zero or undefined means", () => {
    expect(visibleEdges([[0.4, 0], [0.2, Number.NaN]], 0.9, 10).map((e) => [e.cluster, e.chip])).toEqual([[0, 0]]);
  });
  it("finds partners", () => {
    const strong = visibleEdges(edges, 0.4, 10);
    expect(partners(strong, "chip", 0)).toEqual([0, 1]);
    expect(partners(strong, "cluster", 1)).toEqual([0]);
    expect(partners(strong, "chip", 1)).toEqual([0]);
  });
});

describe("empty clusters", () => {
  it("gets no chip and is named with the k that would leave none", () => {
    const layout = chipLayout([[0, 1, 2], [], [3], []], 60, 200);
    expect(layout.chips.map((c) => c.cluster)).toEqual([0, 2]);
    const notice = emptyNotice([[0, 1, 2], [], [3], []], [[0], [1], [2], [3]]);
    expect(notice?.text).toBe(
      "2 of 4 memory chips are empty (#1, #3): at these settings the layer holds fewer groups than k = 4, so a smaller k may serve.",
    );
    expect(notice?.smallerK).toBe(2);
    expect(emptyNotice([[0], [1]], [[0], [1]])).toBeNull();
    expect(emptyClusters([[0], []], [[], [1]])).toEqual({ chips: [1], clouds: [0] });
  });
});

describe("formatProbability", () => {
  it("never shows 0% for a chance that is not 0", () => {
    expect(formatProbability(0.456)).toBe("46%");
    expect(formatProbability(0.0345)).toBe("3.5%");
    expect(formatProbability(0.004)).toBe("0.4%");
    expect(formatProbability(0.00012)).toBe("0.012%");
    expect(formatProbability(0.0000004)).toBe("<0.01%");
    expect(formatProbability(0)).toBe("0%");
  });
});

describe("helpers", () => {
  it("orders units by mean, ties by index", () => {
    expect(sortedByMean([0.3, -1, 0.3, 2])).toEqual([1, 0, 2, 3]);
  });
  it("gives a symmetric extent", () => {
    expect(symmetricExtent([-3, 2])).toBe(3);
    expect(symmetricExtent([0, 0])).toBe(1);
  });
});

describe("qualityLine", () => {
  it("puts a language model's perplexity beside its baseline's", () => {
    expect(
      qualityLine({
        validation_loss: Math.log(158.7),
        validation_perplexity: 158.7,
        baseline: { name: "unigram word frequencies", perplexity: 266.8, accuracy: 0.13 },
      }),
    ).toBe("validation perplexity 159 (unigram word frequencies: 267)");
  });
  it("puts a classifier's accuracy and balanced accuracy beside the constant answer's", () => {
    expect(
      qualityLine({
        validation_loss: 0.5,
        validation_accuracy: 0.8,
        balanced_accuracy: 0.75,
        baseline: { name: "always answering 'pos'", accuracy: 0.6, balanced_accuracy: 0.5 },
      }),
    ).toBe("accuracy 80%, balanced 75% (always answering 'pos': 60%, balanced 50%)");
  });
  it("says when nothing was validated", () => {
    expect(qualityLine({ validation_loss: null })).toBe("not validated");
  });
});

describe("sentence paging", () => {
  it("cuts every per-word series to the same words", () => {
    const result = {
      tokens: ["a", "b", "c"],
      predictions: [[1], [2], [3]],
      decomposition: { contributions: [0.1, 0.2, 0.3], bias: 1 },
      glyphs: { positive: [[1, 2, 3], [4, 5, 6]], negative: [[0, 0, 1], [0, 1, 0]], update_positive: [[1, 1, 1], [2, 2, 2]], update_negative: [[3, 3, 3], [4, 4, 4]], preserved: [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], sizes: [2, 1] },
    };
    const page = sliceSteps(result, 1, 3);
    expect(page.tokens).toEqual(["b", "c"]);
    expect(page.predictions).toEqual([[2], [3]]);
    expect(page.decomposition).toEqual({ contributions: [0.2, 0.3], bias: 1 });
    expect(page.glyphs?.positive).toEqual([[2, 3], [5, 6]]);
    expect(page.glyphs?.preserved).toEqual([[0.2, 0.3], [0.5, 0.6]]);
    expect(page.glyphs?.sizes).toEqual([2, 1]);
  });
  it("names a chip by its cloud's strongest words", () => {
    expect(chipName(1, [[0], [1, 2, 3]], ["x", "million", "billion", "cents"], [0, 0.2, -0.5, 0.1], 2)).toBe("#1 billion million");
    expect(chipName(0, [[], [1]], ["x", "y"], [0, 0])).toBe("#0");
  });
});

// ---- the co-cluster graph as the paper draws it (charts/cocluster.ts draws what these place)

/** chip and cloud tops and bottoms, per column, never overlapping (with `gap` between) */
function expectColumnsApart(layout: PairedLayout, gap: number): void {
  const columns = [layout.chips, layout.clouds.filter((c) => c.side === "left"), layout.clouds.filter((c) => c.side === "right")];
  for (const column of columns) {
    const sorted = [...column].sort((a, b) => a.y - b.y);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].y).toBeGreaterThanOrEqual(sorted[i - 1].y + sorted[i - 1].height + gap - 1e-9);
    for (const item of column) expect(item.y).toBeGreaterThanOrEqual(0);
  }
  for (const item of [...layout.chips, ...layout.clouds]) expect(item.y + item.height).toBeLessThanOrEqual(layout.height + 1e-9);
}

/** The PTB screenshot's co-clustering: 6 chips of one row of cells (a number above each), 6 clouds of 90-180 px. */
const chips6: Slot[] = [0, 1, 2, 3, 4, 5].map((cluster) => ({ cluster, height: 16 + 16, anchor: 16 + 8 }));
const clouds6: Slot[] = [120, 150, 180, 130, 120, 90].map((height, cluster) => ({ cluster, height }));

describe("pairedLayout", () => {
  it("puts each chip level with its own cloud, clouds on both sides, columns apart", () => {
    const layout = pairedLayout(chips6, clouds6, [], { sides: ["left", "right"], chipGap: 10, cloudGap: 10 });
    expect(layout.chips.map((c) => c.cluster)).toEqual([0, 1, 2, 3, 4, 5]); // numbers read down the page
    for (const chip of layout.chips) {
      const cloud = layout.clouds.find((c) => c.cluster === chip.cluster);
      expect(cloud).toBeDefined();
      expect(Math.abs(chip.centre - (cloud?.centre ?? NaN))).toBeLessThanOrEqual(0.5);
      // the anchor is where the edge meets: the chip's cells' middle, the cloud's middle
      expect(chip.centre).toBeCloseTo(chip.y + 24);
      expect(cloud?.centre).toBeCloseTo((cloud?.y ?? 0) + (cloud?.height ?? 0) / 2);
    }
    expectColumnsApart(layout, 10);
    // both columns used, their heights balanced: alike clouds alternate sides
    const sideHeight = (side: string) => layout.clouds.filter((c) => c.side === side).reduce((n, c) => n + c.height, 0);
    expect(Math.abs(sideHeight("left") - sideHeight("right"))).toBeLessThanOrEqual(180);
    expect(layout.clouds.map((c) => c.side)).toEqual(["left", "right", "left", "right", "left", "right"]);
    // two columns: about half the height of one stack of clouds
    const stacked = clouds6.reduce((n, c) => n + c.height + 10, -10);
    expect(layout.height).toBeLessThan(0.7 * stacked);
  });

  it("fits the given height when the clouds' heights allow it", () => {
    const layout = pairedLayout(chips6, clouds6, [], { sides: ["left", "right"], chipGap: 10, cloudGap: 10, height: 520 });
    expect(layout.height).toBeLessThanOrEqual(520);
    // eight clouds of 110 px in 560 px: four a side
    const chips8 = Array.from({ length: 8 }, (_, cluster) => ({ cluster, height: 30, anchor: 22 }));
    const clouds8 = Array.from({ length: 8 }, (_, cluster) => ({ cluster, height: 110 }));
    const eight = pairedLayout(chips8, clouds8, [], { sides: ["left", "right"], height: 560 });
    expect(eight.height).toBeLessThanOrEqual(560);
    expectColumnsApart(eight, 10);
    for (const chip of eight.chips) expect(chip.centre).toBeCloseTo(eight.clouds.find((c) => c.cluster === chip.cluster)?.centre ?? NaN);
  });

  it("keeps chip and cloud level on one side too (the compare view's panels)", () => {
    for (const side of ["left", "right"] as const) {
      const layout = pairedLayout(chips6, clouds6, [], { sides: [side], chipGap: 10, cloudGap: 10 });
      expect(layout.clouds.every((c) => c.side === side)).toBe(true);
      for (const chip of layout.chips) expect(chip.centre).toBeCloseTo(layout.clouds.find((c) => c.cluster === chip.cluster)?.centre ?? NaN);
      expectColumnsApart(layout, 10);
    }
  });

  it("places what has no partner (an empty chip or cloud) without breaking the others' pairs", () => {
    const chips = chips6.filter((c) => c.cluster !== 2);
    const clouds = clouds6.filter((c) => c.cluster !== 4);
    const layout = pairedLayout(chips, clouds, [], { sides: ["left", "right"] });
    expect(layout.chips.map((c) => c.cluster)).toEqual([0, 1, 3, 4, 5]);
    expect(layout.clouds.map((c) => c.cluster)).toEqual([0, 1, 2, 3, 5]);
    for (const chip of layout.chips) {
      const cloud = layout.clouds.find((c) => c.cluster === chip.cluster);
      if (cloud) expect(chip.centre).toBeCloseTo(cloud.centre);
    }
    expectColumnsApart(layout, 10);
  });

  it("moves a cloud to the other side where that removes crossings", () => {
    // chip 0 feeds cloud 2 strongly, chip 2 feeds cloud 0: with clouds 0 and 2 on one side (as the
    // heights alone would put them) those two edges cross; cloud 2 on the other side, they do not
    const chips = [0, 1, 2].map((cluster) => ({ cluster, height: 20 }));
    const clouds = [0, 1, 2].map((cluster) => ({ cluster, height: 100 }));
    const edges = [
      { chip: 0, cluster: 0, width: 4 }, { chip: 2, cluster: 2, width: 4 },
      { chip: 0, cluster: 2, width: 6 }, { chip: 2, cluster: 0, width: 6 },
    ];
    const plain = pairedLayout(chips, clouds, [], { sides: ["left", "right"] });
    expect(edgeCrossings(plain, edges)).toBeGreaterThan(0);
    const layout = pairedLayout(chips, clouds, edges, { sides: ["left", "right"], height: 400 });
    expect(layout.crossings).toBe(0);
    expect(layout.crossings).toBe(edgeCrossings(layout, edges));
    expect(layout.height).toBeLessThanOrEqual(400);
    for (const chip of layout.chips) expect(chip.centre).toBeCloseTo(layout.clouds.find((c) => c.cluster === chip.cluster)?.centre ?? NaN);
  });

  it("counts crossings: opposite orders on one side cross, edges sharing an end do not", () => {
    const layout = {
      chips: [{ cluster: 0, y: 0, height: 10, centre: 5 }, { cluster: 1, y: 20, height: 10, centre: 25 }],
      clouds: [
        { cluster: 0, y: 0, height: 10, centre: 5, side: "left" as const },
        { cluster: 1, y: 20, height: 10, centre: 25, side: "left" as const },
        { cluster: 2, y: 0, height: 10, centre: 5, side: "right" as const },
      ],
      height: 30,
    };
    expect(edgeCrossings(layout, [{ chip: 0, cluster: 1, width: 2 }, { chip: 1, cluster: 0, width: 3 }])).toBe(6);
    expect(edgeCrossings(layout, [{ chip: 0, cluster: 0, width: 2 }, { chip: 1, cluster: 1, width: 3 }])).toBe(0);
    expect(edgeCrossings(layout, [{ chip: 0, cluster: 1, width: 2 }, { chip: 0, cluster: 0, width: 3 }])).toBe(0);
    expect(edgeCrossings(layout, [{ chip: 1, cluster: 2, width: 2 }, { chip: 0, cluster: 1, width: 3 }])).toBe(0); // other sides
  });
});

describe("fitPairedLayout", () => {
  // a cloud's height grows with its words (20 px of margins, 4 px a word)
  const sizing = (cluster: number, words: number, fixed = false) => ({ cluster, words, minWords: 8, fixed, heightFor: (n: number) => 20 + 4 * n });
  const chips = Array.from({ length: 8 }, (_, cluster) => ({ cluster, height: 32, anchor: 24 }));

  it("shows fewer words until the graph fits the first screen, never fewer than the minimum", () => {
    const clouds = Array.from({ length: 8 }, (_, c) => sizing(c, 40));
    const unfitted = pairedLayout(chips, clouds.map((c) => ({ cluster: c.cluster, height: c.heightFor(40) })), [], { sides: ["left", "right"] });
    expect(unfitted.height).toBeGreaterThan(560);
    const { layout, words } = fitPairedLayout(chips, clouds, [], { sides: ["left", "right"], height: 560 });
    expect(layout.height).toBeLessThanOrEqual(560);
    for (const n of words.values()) {
      expect(n).toBeGreaterThanOrEqual(8);
      expect(n).toBeLessThan(40);
    }
    for (const chip of layout.chips) expect(chip.centre).toBeCloseTo(layout.clouds.find((c) => c.cluster === chip.cluster)?.centre ?? NaN);
  });

  it("keeps every word of an opened cloud, and all words when they fit", () => {
    const clouds = [sizing(0, 120, true), ...Array.from({ length: 5 }, (_, c) => sizing(c + 1, 40))];
    const { words } = fitPairedLayout(chips.slice(0, 6), clouds, [], { sides: ["left", "right"], height: 600 });
    expect(words.get(0)).toBe(120);
    const roomy = fitPairedLayout(chips.slice(0, 6), Array.from({ length: 6 }, (_, c) => sizing(c, 20)), [], { sides: ["left", "right"], height: 2000 });
    expect([...roomy.words.values()]).toEqual([20, 20, 20, 20, 20, 20]);
  });

  it("stops at the minimum when even that does not fit", () => {
    const clouds = Array.from({ length: 8 }, (_, c) => sizing(c, 40));
    const { layout, words } = fitPairedLayout(chips, clouds, [], { sides: ["left", "right"], height: 100 });
    expect([...words.values()].every((n) => n === 8)).toBe(true);
    expect(layout.height).toBeGreaterThan(100);
  });
});

describe("pairedColumns", () => {
  it("puts the chips between two cloud columns, none overlapping, all inside the width", () => {
    for (const width of [900, 1380, 1860]) {
      const c = pairedColumns(width, ["left", "right"]);
      expect(c.cloudX.left + c.cloudWidth + c.gap).toBeLessThanOrEqual(c.chipX);
      expect(c.chipX + c.chipWidth + c.gap).toBeLessThanOrEqual(c.cloudX.right);
      expect(c.cloudX.right + c.cloudWidth).toBeLessThanOrEqual(width);
      expect(c.width).toBeLessThanOrEqual(width);
      expect(c.cloudWidth).toBeGreaterThan(c.chipWidth);
    }
  });
  it("puts the clouds on one side of the chips for the compare view's panels", () => {
    const right = pairedColumns(680, ["right"]);
    expect(right.chipX).toBe(0);
    expect(right.cloudX.right).toBeGreaterThanOrEqual(right.chipWidth + right.gap);
    expect(right.cloudX.right + right.cloudWidth).toBeLessThanOrEqual(680);
    const left = pairedColumns(680, ["left"]);
    expect(left.cloudX.left + left.cloudWidth + left.gap).toBeLessThanOrEqual(left.chipX);
    expect(left.chipX + left.chipWidth).toBeLessThanOrEqual(680);
  });
});

describe("quality in words", () => {
  // the band and the noise's modularity as the server judges them (tests/unit/test_quality_verdict.py)
  const gate = { modularity: 0.001, block_share: 0.26, block_share_random: 0.25, band: "flat" as const, noise_modularity: 0.062 };
  it("says a flat co-clustering is no better than random labels, then its numbers", () => {
    const words = qualityWords(gate, {});
    expect(words.band).toBe("flat");
    expect(words.verdict).toMatch(/^No better than random labels: these chips do not separate the response/);
    expect(words.text).toContain("modularity 0.001 (about 0.06 for random responses of this size)");
    expect(words.text).toContain("26 % of the response inside the chips' blocks (25 % for random labels)");
  });
  it("reads weak and clear bands in their words", () => {
    expect(qualityWords({ ...gate, modularity: 0.104, band: "weak" }, {}).verdict).toMatch(/^Weak structure/);
    expect(qualityWords({ ...gate, modularity: 0.28, band: "clear" }, {}).verdict).toMatch(/^Clear structure/);
  });
  it("says when the chips change from seed to seed, with the stability's numbers", () => {
    const q = { ...gate, modularity: 0.104, band: "weak" as const };
    const shaky = qualityWords(q, { seeds: 4, stability: { units: 0.2, words: 0.15, stable: false } });
    expect(shaky.verdict).toContain("change from seed to seed");
    expect(shaky.numbers).toContain("stability over 4 seeds: units 0.20, words 0.15");
    expect(qualityWords(q, { seeds: 4, stability: { units: 0.9, words: 0.7, stable: true } }).verdict).not.toContain("seed to seed");
  });
  it("puts a consensus's agreement with the next seeds' consensus in words, beside the single seeds' stability", () => {
    expect(consensusWords(10, { units: 0.8312, words: 0.806 })).toBe(
      "consensus of 10 seeds: agrees with the next 10 seeds' consensus at ARI 0.83 (units) / 0.81 (words)");
    const q = { ...gate, modularity: 0.104, band: "weak" as const };
    const stability = { units: 0.4, words: 0.3, stable: false, consensus_agreement: { units: 0.83, words: 0.81 } };
    const voted = qualityWords(q, { seeds: 10, stability, consensus: true });
    expect(voted.verdict).toMatch(/^Consensus co-clustering of 10 seeds\. Weak structure/);
    expect(voted.verdict).toContain("single seeds' chips change from seed to seed");
    expect(voted.numbers).toContain("stability over 10 seeds: units 0.40, words 0.30 · consensus of 10 seeds: agrees with the next 10 seeds' consensus at ARI 0.83 (units) / 0.81 (words)");
    // not a consensus (or no agreement reported): nothing of it
    const single = qualityWords(q, { seeds: 10, stability: { ...stability, consensus_agreement: null } });
    expect(single.text).not.toContain("onsensus");
  });
  it("suggests positive mode from any other", () => {
    expect(betterMode("abs")).toBe("positive");
    expect(betterMode("raw")).toBe("positive");
    expect(betterMode("positive")).toBeNull();
  });
});

describe("optionLabel", () => {
  it("names a record by id, name, what tells it apart and when it was made", () => {
    expect(optionLabel(12, "PTB LSTM 2x48 on ptb", "2026-12-06T05:23:11.5+00:00", "34,093 tokens")).toBe("#12 PTB LSTM 2x48 on ptb (34,093 tokens) · 2026-12-06 05:23 UTC");
    expect(optionLabel(3, "lstm", null)).toBe("#3 lstm");
  });
});
