// The timeline's layout (issue 34): columns, chip order and heights, ribbons, lineage, word paths.
import { describe, expect, it } from "vitest";
import { columnPositions, layoutTimeline, lineage, chipEvents, orderChips, pathInWords, ribbonPath, stepLabel, trackColours, wordPath, type Timeline } from "./timeline";

const chip = (index: number, track: number, units: number[], top_words: string[] = []) =>
  ({ index, track, size: units.length, units, words: top_words.length, top_words });
const link = (checkpoint: number, source: number, target: number, units: number, matched: boolean) =>
  ({ checkpoint, source, target, units, share_of_source: 0.5, share_of_target: 0.5, matched });
const checkpoint = (step: number | null, chips: ReturnType<typeof chip>[]) =>
  ({ model_id: 1, name: "m", step, recording_id: 1, reused: false, loss: 5, perplexity: 150, quality: { modularity: 0.3 }, stability: null, words: 10, chips });

// three checkpoints of 6 units: chip 0 of the first splits into chips 1 and 0 of the second; a word
// cloud without units (chip 2 of the last) is not drawn
const TL = {
  checkpoints: [
    checkpoint(10, [chip(0, 0, [0, 1, 2, 3]), chip(1, 1, [4, 5], ["a", "b"])]),
    checkpoint(20, [chip(0, 2, [0, 1]), chip(1, 0, [2, 3, 4]), chip(2, 1, [5])]),
    checkpoint(null, [chip(0, 2, [0, 1]), chip(1, 0, [2, 3, 4, 5]), chip(2, 3, [])]),
  ],
  links: [
    link(0, 0, 1, 2, true), link(0, 0, 0, 2, false), link(0, 1, 1, 1, false), link(0, 1, 2, 1, true),
    link(1, 0, 0, 2, true), link(1, 1, 1, 3, true), link(1, 2, 1, 1, false),
  ],
  events: [
    { checkpoint: 0, kind: "split", sources: [0], targets: [0, 1], text: "chip 0 splits into chips 0 and 1" },
    { checkpoint: 1, kind: "dissolves", sources: [2], targets: [], text: "chip 2 dissolves" },
  ],
  word_paths: { a: [1, 2, null], b: [1, 2, 2] },
} as unknown as Timeline;

describe("the timeline's layout", () => {
  it("labels the last checkpoint's null step 'last'", () => {
    expect([stepLabel(60), stepLabel(null)]).toEqual(["step 60", "last"]);
  });

  it("places columns by step, the last null one interval on, evenly when steps crowd", () => {
    expect(columnPositions([0, 10, 20, null], 0, 300, 10)).toEqual([0, 100, 200, 300]);
    expect(columnPositions([60, 120, 180, 200], 0, 140, 10).map(Math.round)).toEqual([0, 60, 120, 140]);
    expect(columnPositions([60, 120, 180, 185], 0, 300, 40)).toEqual([0, 100, 200, 300]); // 185 crowds 180
    expect(columnPositions([5], 0, 100, 10)).toEqual([50]);
  });

  it("draws only chips with units, ordered by where their units come from", () => {
    const orders = orderChips(TL);
    expect(orders.map((o) => o.length)).toEqual([2, 3, 2]);
    expect(orders[0]).toEqual([0, 1]); // by track
    // chip 0 (all from the first chip), chip 1 (mostly), chip 2 (from the second)
    expect(orders[1]).toEqual([0, 1, 2]);
  });

  it("makes a chip as tall as its units and a ribbon as wide as a link's units", () => {
    const layout = layoutTimeline(TL, [0, 100, 200], { top: 10, height: 100, chipWidth: 10, gap: 5 });
    expect(layout.chips).toHaveLength(7);
    const unit = layout.unitHeight;
    expect(unit).toBeCloseTo((100 - 5 * 2) / 6);
    for (const c of layout.chips) expect(c.height).toBeCloseTo(c.chip.size * unit);
    expect(layout.ribbons).toHaveLength(TL.links!.length);
    for (const r of layout.ribbons) expect(r.h1).toBeCloseTo(r.link.units * unit);
    // a chip's ribbons stack inside it, top to bottom
    const first = layout.chips.find((c) => c.t === 0 && c.chip.index === 0)!;
    const out = layout.ribbons.filter((r) => r.link.checkpoint === 0 && r.link.source === 0).sort((a, b) => a.y0 - b.y0);
    expect(out[0].y0).toBeCloseTo(first.y);
    expect(out[1].y0 + out[1].h0).toBeCloseTo(first.y + first.height);
    expect(ribbonPath(out[0])).toMatch(/^M.*Z$/);
    expect(layout.bottom).toBeLessThanOrEqual(10 + 100 + 1e-9);
  });

  it("follows a chip's matched links back to its birth and forward", () => {
    expect(lineage(TL, 1, 1)).toEqual({ back: [{ t: 0, chip: 0 }], forward: [{ t: 2, chip: 1 }] });
    expect(lineage(TL, 1, 0)).toEqual({ back: [], forward: [{ t: 2, chip: 0 }] });
    expect(chipEvents(TL, 1, 0).arriving.map((e) => e.kind)).toEqual(["split"]);
    expect(chipEvents(TL, 1, 2).leaving.map((e) => e.kind)).toEqual(["dissolves"]);
  });

  it("says a word's path in words", () => {
    expect(wordPath(TL, "a")).toEqual([1, 2, null]);
    expect(pathInWords(TL, "b")).toBe("step 10: chip 1 → step 20: chip 2 → last: chip 2 (a cloud with no units)");
    expect(pathInWords(TL, "a")).toContain("last: not among its words");
    expect(pathInWords(TL, "zzz")).toContain("not among");
  });

  it("gives each track its colour, a continuing chip its predecessor's", () => {
    const colour = trackColours(TL);
    expect(new Set([0, 1, 2].map(colour)).size).toBe(3);
    expect(colour(0)).toBe(colour(0));
  });
});
