// A training's quality at a glance: its loss curve beside the frequency baseline, the last
// validation figures, and the server's warning when the model did no better than that baseline.
import * as d3 from "d3";
import type { components } from "../generated/api";
import { el } from "../dom";
import { qualityLine } from "../layout";

type Metrics = components["schemas"]["TrainingMetrics"];

const WIDTH = 220;
const HEIGHT = 44;
/** A page of its own (a shared training's link): the curve with its axes. */
export const LARGE = { width: 720, height: 260 };
const AXES = { left: 48, bottom: 30, top: 22, right: 12 }; // room for the axes' labels at LARGE

/** Training loss per step (line), validation loss per epoch (dots), baseline loss (dashed); at a
 * size of its own (LARGE), with a step axis and a loss axis. */
export function lossChart(metrics: Metrics, size: { width: number; height: number } = { width: WIDTH, height: HEIGHT }): SVGSVGElement | null {
  const axes = size.height >= 120;
  const m = axes ? AXES : { left: 0, bottom: 0, top: 0, right: 0 };
  const steps = metrics.steps ?? [];
  const loss = metrics.step_loss ?? [];
  if (loss.length < 2) return null;
  const lastStep = steps[steps.length - 1];
  const perEpoch = lastStep / Math.max(1, metrics.epochs?.length ?? 1);
  const validation = (metrics.epochs ?? []).flatMap((e) =>
    e.validation_loss == null ? [] : [{ step: e.epoch * perEpoch, loss: e.validation_loss }],
  );
  const baseline = metrics.baseline?.loss;
  // the first steps' loss (log of the vocabulary size) would flatten the rest: the scale starts
  // after the first 5 % of the curve, and the line is clipped above it
  const early = loss[Math.floor(loss.length * 0.05)];
  const values = [early, ...loss.slice(Math.floor(loss.length * 0.05)), ...validation.map((v) => v.loss), ...(baseline != null ? [baseline] : [])];
  const x = d3.scaleLinear().domain([0, lastStep]).range([m.left + 2, size.width - m.right - 2]);
  const y = d3.scaleLinear().domain(d3.extent(values) as [number, number]).nice().range([size.height - m.bottom - 2, m.top + 2]).clamp(true);
  const svg = d3
    .create("svg")
    .attr("class", "loss-chart")
    .attr("width", size.width)
    .attr("height", size.height)
    .attr("role", "img")
    .attr("aria-label", `training loss from ${loss[0].toFixed(2)} to ${loss[loss.length - 1].toFixed(2)}`);
  if (baseline != null) {
    svg.append("line").attr("class", "baseline").attr("x1", m.left).attr("x2", size.width - m.right).attr("y1", y(baseline)).attr("y2", y(baseline))
      .append("title").text(`${metrics.baseline?.name}: loss ${baseline.toFixed(3)}`);
  }
  svg.append("path").attr("class", "train").attr("d", d3.line<number>((_, i) => x(steps[i]), (v) => y(v))(loss) ?? "");
  svg.selectAll("circle").data(validation).join("circle").attr("class", "validation").attr("r", 2.5)
    .attr("cx", (v) => x(v.step)).attr("cy", (v) => y(v.loss))
    .append("title").text((v) => `validation loss ${v.loss.toFixed(3)}`);
  if (axes) {
    svg.append("g").attr("class", "axis").attr("transform", `translate(0,${size.height - m.bottom})`).call(d3.axisBottom(x).ticks(8));
    svg.append("g").attr("class", "axis").attr("transform", `translate(${m.left},0)`).call(d3.axisLeft(y).ticks(5));
    svg.append("text").attr("class", "axis-label").attr("x", size.width - m.right).attr("y", size.height - 2).attr("text-anchor", "end").text("step");
    svg.append("text").attr("class", "axis-label").attr("x", 4).attr("y", 12).text("loss (nats per word)");
  }
  return svg.node();
}

/** The chart, one line of figures, and the warning: for a table cell or beside a model's choice. */
export function trainingQuality(
  metrics: Metrics | null | undefined,
  warning: string | null | undefined,
  size?: { width: number; height: number },
): HTMLElement | null {
  if (!metrics) return null;
  return el(
    "div",
    { class: "quality", "data-testid": "training-quality" },
    lossChart(metrics, size),
    el(
      "div",
      { class: "quality-text" },
      el("span", { class: "figures" }, qualityLine(metrics)),
      el(
        "span",
        { class: "sub key" },
        el("span", { class: "key-train" }, "—"), " training loss ",
        el("span", { class: "key-validation" }, "●"), " validation ",
        el("span", { class: "key-baseline" }, "┄"), " baseline",
      ),
      warning ? el("span", { class: "quality-warning", role: "note", "data-testid": "quality-warning" }, `⚠ ${warning}`) : null,
    ),
  );
}

/** Beside a model's select: the chosen model's training quality, kept in step with the choice. */
export function chosenModelQuality(
  select: HTMLSelectElement,
  models: () => { id: number; training?: { metrics?: Metrics | null; warning?: string | null } | null }[],
): HTMLElement & { refresh: () => void } {
  const box = el("div", { class: "chosen-quality", "aria-live": "polite" });
  const show = () => {
    box.replaceChildren();
    const chosen = models().find((m) => String(m.id) === select.value);
    if (!chosen) return;
    const quality = trainingQuality(chosen.training?.metrics, chosen.training?.warning);
    box.append(quality ?? el("span", { class: "sub" }, "uploaded model: its training figures are not known here"));
  };
  select.addEventListener("change", show);
  show();
  return Object.assign(box, { refresh: show });
}
