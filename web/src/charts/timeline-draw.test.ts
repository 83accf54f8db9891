// @vitest-environment happy-dom
// The timeline chart's curve (issue 34): a language model's loss, or a classifier's accuracy beside
// always answering the commonest label, each point over its checkpoint's column.
import { describe, expect, it } from "vitest";
import { drawTimeline, type Timeline } from "./timeline";

const chip = (index: number, units: number[]) => ({ index, track: index, size: units.length, units, words: 1, top_words: ["w"] });
const point = (step: number, figures: Record<string, number | null>) =>
  ({ model_id: step, name: "m", step, recording_id: 1, reused: false, quality: { modularity: 0.1 }, stability: null, words: 3,
     chips: [chip(0, [0, 1]), chip(1, [2])], perplexity: null, loss: null, accuracy: null, majority_accuracy: null, ...figures });
const links = [{ checkpoint: 0, source: 0, target: 0, units: 2, share_of_source: 1, share_of_target: 1, matched: true },
  { checkpoint: 0, source: 1, target: 1, units: 1, share_of_source: 1, share_of_target: 1, matched: true }];
const timeline = (figures: Record<string, number | null>[]) =>
  ({ checkpoints: figures.map((f, i) => point(10 * (i + 1), f)), links, events: [], word_paths: {} }) as unknown as Timeline;

describe("the timeline's curve", () => {
  it("draws a language model's loss", () => {
    const { svg } = drawTimeline(timeline([{ loss: 5.2 }, { loss: 4.9 }]), 900, () => {});
    expect(svg.querySelectorAll("circle.loss-point").length).toBe(2);
    expect(svg.querySelector(".loss .axis-title")?.textContent).toContain("loss at each checkpoint");
    expect(svg.querySelector("path.majority-line")).toBeNull();
  });
  it("draws a classifier's accuracy, with the commonest label's dashed", () => {
    const figures = [{ accuracy: 0.6, majority_accuracy: 0.6 }, { accuracy: 0.95, majority_accuracy: 0.6 }];
    const { svg } = drawTimeline(timeline(figures), 900, () => {});
    expect(svg.querySelectorAll("circle.loss-point").length).toBe(2);
    expect(svg.querySelector(".loss .axis-title")?.textContent).toContain("accuracy at each checkpoint");
    expect(svg.querySelector("path.majority-line")?.getAttribute("d")).toBeTruthy();
    expect(svg.querySelector("circle.loss-point title")?.textContent).toContain("accuracy 0.600");
  });
  it("says so when nothing was measured", () => {
    const { svg } = drawTimeline(timeline([{}, {}]), 900, () => {});
    expect(svg.querySelectorAll("circle.loss-point").length).toBe(0);
    expect(svg.querySelector(".loss .axis-title")?.textContent).toContain("no loss or accuracy");
  });
});
