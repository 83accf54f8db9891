// The half-life's words, colours, order and marker, and the trace chart's label spreading (SPEC 13).
import * as d3 from "d3";
import { describe, expect, it } from "vitest";
import { LONGER_COLOUR, halfLifeCaption, halfLifeColour, halfLifeOf, halfLifeOrder, halfLifeShort, spreadLabels } from "./trace";

describe("half-lives", () => {
  it("say their length in words, and null as longer than the trace", () => {
    expect(halfLifeCaption(3, 16)).toBe("half-life 3 steps");
    expect(halfLifeCaption(1, 16)).toBe("half-life 1 step");
    expect(halfLifeCaption(null, 16)).toBe("holds its words longer than 16 steps");
    expect(halfLifeShort(null, 8)).toBe("> 8 steps");
  });

  it("colour on a sequential scale, darker the longer, null a swatch of its own", () => {
    const colour = halfLifeColour(16);
    const lightness = (h: number) => d3.hsl(colour(h)).l;
    for (let h = 1; h < 16; h++) expect(lightness(h + 1)).toBeLessThan(lightness(h));
    expect(colour(null)).toBe(LONGER_COLOUR);
    expect(new Set(Array.from({ length: 16 }, (_, i) => colour(i + 1)))).not.toContain(LONGER_COLOUR);
    expect(colour(40)).toBe(colour(16)); // clamped to the trace
    expect(d3.hsl(colour(1)).l).toBeLessThan(0.9); // the shortest is no near-white on the page
  });

  it("order chips shortest first, those longer than the trace last, ties by number", () => {
    expect(halfLifeOrder([4, null, 2, 4, null, 1])).toEqual([5, 2, 0, 3, 1, 4]);
    expect(halfLifeOrder([])).toEqual([]);
  });

  it("fall where the mean first drops under half its first value", () => {
    expect(halfLifeOf([1, 0.8, 0.6, 0.49, 0.3])).toBe(3);
    expect(halfLifeOf([1, 0.9, 0.8])).toBeNull();
    expect(halfLifeOf([1, null, 0.4])).toBe(2);
  });
});

describe("the trace chart's labels", () => {
  it("keep the gap, stay inside the room, and come back in the input's order", () => {
    const ys = spreadLabels([50, 52, 51, 200], 12, 40, 300);
    const sorted = [...ys].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(12 - 1e-9);
    expect(ys[3]).toBe(200); // far from the others: where its line ends
    expect(ys[0]).toBeLessThan(ys[2]); // 50 above 51 above 52
    expect(ys[2]).toBeLessThan(ys[1]);
  });

  it("pull a crowd at the bottom back up inside", () => {
    const ys = spreadLabels([298, 299, 300], 10, 0, 300);
    expect(Math.max(...ys)).toBeLessThanOrEqual(300);
    expect([...ys].sort((a, b) => a - b)).toEqual([280, 290, 300]);
  });
});

import { pairedLayout } from "../layout";

describe("chips sorted by half-life", () => {
  it("stand top to bottom in the order given, each level with its own cloud", () => {
    const slots = [0, 1, 2].map((cluster) => ({ cluster, height: 40 }));
    const placed = pairedLayout(slots, slots, [], { sides: ["right"], order: halfLifeOrder([5, null, 2]) });
    const y = new Map(placed.chips.map((c) => [c.cluster, c.centre]));
    expect(y.get(2)!).toBeLessThan(y.get(0)!);
    expect(y.get(0)!).toBeLessThan(y.get(1)!);
    for (const cloud of placed.clouds) expect(cloud.centre).toBe(y.get(cloud.cluster));
  });
});
