// Unit view: a unit's most salient positive and negative words, each with its spread: a box where the
// recording stored quantiles (25-75 %, whiskers 9-91 %), mean ± std otherwise, and the mean.
import { ApiError, get, provenanceOf, query, type Recording, type UnitWords } from "../api";
import { halfLifeCaption, traceChart, type UnitTrace } from "../charts/trace";
import { boxPlots } from "../charts/unit";
import { fieldSpec } from "../defaults";
import { exportButtons } from "../charts/export";
import { channelHeader } from "./channel";
import { clear, el, errorBox, field } from "../dom";
import { intParam, routeHash, updateParams } from "../route";

export async function unitView(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const recording = params.get("recording");
  const layer = intParam(params, "layer", 0);
  const state = params.get("state") ?? "h";
  const unit = intParam(params, "unit", 0);
  const k = intParam(params, "k", 10);
  const minCount = intParam(params, "min", 5);
  const score = params.get("score") === "mean" ? "mean" : "shrunk";
  root.append(el("h1", {}, `Unit ${unit}`), await channelHeader(params));
  const error = errorBox();
  const unitInput = el("input", { type: "number", name: "unit", min: 0, value: unit });
  const kInput = el("input", { type: "number", name: "k", min: 1, max: 50, value: k });
  const minInput = el("input", { type: "number", name: "min_count", min: 1, value: minCount });
  const scoreInput = el(
    "select",
    { name: "score" },
    el("option", { value: "shrunk" }, "mean shrunk by count"),
    el("option", { value: "mean" }, "plain mean"),
  );
  scoreInput.value = score;
  const form = el("form", { class: "controls" }, field("unit", unitInput), field("words each side", kInput), field("min count", minInput), field("rank by", scoreInput), el("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    updateParams({ unit: unitInput.value, k: kInput.value, min: minInput.value, score: scoreInput.value });
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  });
  const chart = el("div", { class: "chart" });
  const note = el("p", { class: "sub" });
  let svgNode: SVGSVGElement | null = null;
  root.append(form, el("div", { class: "controls secondary" }, exportButtons(() => svgNode, () => `unit-${unit}-recording${recording}-layer${layer}-${state}`, undefined, undefined, provenanceOf("recording", recording))), error.node, note, chart);
  if (!recording) {
    error.show("no recording chosen: open a unit from the co-cluster view");
    return;
  }
  const trace = el("section", { class: "trace-box", "data-testid": "unit-trace" }, el("h2", {}, "Memory over time"));
  root.append(trace);
  const traced = traceSection(trace, recording, unit, layer, state);
  try {
    const data = await get<UnitWords>(`/recordings/${recording}/units/${unit}/words${query({ layer, state, k, min_count: minCount, score })}`);
    note.textContent =
      data.score === "shrunk"
        ? `Words seen at least ${minCount} times, ranked by their mean response shrunk towards 0 by how often they were seen: mean × count / (count + ${data.prior_count}), so a rare word needs a far larger mean to rank high.`
        : `Words seen at least ${minCount} times, ranked by their plain mean response (rare words' means are noisy).`;
    svgNode = boxPlots(chart, [...data.positive, ...[...data.negative].reverse()], (word) =>
      routeHash("word", { recording, layer, state, word, co: params.get("co") }),
    );
  } catch (e) {
    error.show(e);
  }
  await traced;
}

/** The unit's trace (SPEC 13) where its recording kept one: a curve per top word over k = 0..depth,
 * its half-life in words; without a trace, one line saying so and how to get one. */
async function traceSection(box: HTMLElement, recording: string, unit: number, layer: number, state: string): Promise<void> {
  const status = el("p", { class: "sub", "aria-live": "polite" }, "reading the unit's trace…");
  const error = errorBox();
  box.append(status, error.node);
  try {
    const rec = await get<Recording>(`/recordings/${recording}`);
    const depth = Number((rec.options as Record<string, unknown>)?.trace ?? 0);
    if (!depth) {
      const bound = fieldSpec("RecordingCreate", "trace");
      status.className = "notice";
      status.setAttribute("data-testid", "no-trace");
      status.textContent = `This recording kept no trace, so how long the unit holds its words is not known: record the model again with a trace of ${bound.minimum === 0 ? 1 : bound.minimum}–${bound.maximum} steps (the recording's trace option).`;
      return;
    }
    const data = await get<UnitTrace>(`/recordings/${recording}/trace/units/${unit}${query({ layer, state })}`);
    clear(status);
    status.className = "trace-caption";
    status.setAttribute("data-testid", "half-life");
    status.textContent = `Unit ${unit}: ${halfLifeCaption(data.half_life, data.depth)}. ` +
      (data.half_life === null
        ? `The mean |trace| of its ${data.words.length} top words stays above half its first value for all ${data.depth} steps the recording traced.`
        : `The mean |trace| of its ${data.words.length} top words falls under half its first value ${data.half_life} step${data.half_life === 1 ? "" : "s"} after the word.`);
    const chart = el("div", { class: "chart" });
    box.append(chart);
    traceChart(chart, data);
  } catch (e) {
    status.textContent = "";
    error.show(e instanceof ApiError ? `No trace: ${e.message}` : e);
  }
}
