import { describe, expect, it } from "vitest";
import { chipLayout, cloudWords, emptyClusters, emptyNotice, fontSize, formatProbability, partners, qualityLine, sliceSteps, chipName, sortedByMean, symmetricExtent, visibleEdges } from "./layout";

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
