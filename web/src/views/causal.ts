// The sentence view's cause over time (SPEC 13): patch a chip's units with their values from another
// text and read the output's change beside random controls; attribute a chip's state at a step to
// the tokens before it. Defaults and bounds are PatchRequest's and AttributeRequest's (src/generated).
import { post, provenanceOf, type Coclustering } from "../api";
import { attributionArcs, controlStrip, patchBars, percent, type AttributionOut, type PatchOut } from "../charts/causal";
import { exportButtons } from "../charts/export";
import { FORM_DEFAULTS, fieldSpec } from "../defaults";
import { clear, el, errorBox, field, options } from "../dom";
import { chipName } from "../layout";

/** What the panels read the text with: the model, the co-clustering whose chips they patch (or null),
 * and the sentence view's text (the patch's target, the attribution's text). */
export interface CausalContext {
  model: string;
  co: Coclustering | null;
  text: () => string;
}

/** "1, 2 5" -> [1, 2, 5]; empty -> null (the API's default); anything else is an error in words. */
export function parseIndices(value: string, what: string): number[] | null {
  const parts = value.split(/[\s,]+/).filter(Boolean);
  if (!parts.length) return null;
  const bad = parts.find((p) => !/^\d+$/.test(p));
  if (bad !== undefined) throw new Error(`${what}: "${bad}" is not a whole number (list them as 3, 4, 5)`);
  return parts.map(Number);
}

/** The chips with units, named by their strongest words. */
function chipSelect(name: string, label: string, co: Coclustering | null): HTMLSelectElement {
  const select = el("select", { name, "aria-label": label });
  const chips = (co?.unit_clusters ?? []).flatMap((units, c) => (units.length ? [c] : []));
  const short = (c: number) => {
    const n = chipName(c, co?.word_clusters ?? [], co?.words ?? [], co?.word_strength ?? []);
    return n.length > 28 ? `${n.slice(0, 27)}…` : n;
  };
  options(select, chips.map((c): [string, string] => [String(c), `chip #${c} (${co?.unit_clusters?.[c]?.length} units): ${short(c)}`]));
  return select;
}

/** Which units: the units listed, or else the chosen chip of the co-clustering. */
function unitsOf(units: HTMLInputElement, chip: HTMLSelectElement, co: Coclustering | null): Record<string, unknown> {
  const listed = parseIndices(units.value, "units");
  if (listed) return { units: listed, ...(co ? { layer: co.layer, state: co.state } : {}) };
  if (!co || chip.value === "") throw new Error("Choose a co-clustering (its chips) above, or list the units to use.");
  return { coclustering_id: co.id, unit_cluster: Number(chip.value) };
}

/** The output field: empty -> null (the API's default), digits -> an index, else the word or label. */
export function outputOf(value: string): number | string | null {
  const v = value.trim();
  return v === "" ? null : /^\d+$/.test(v) ? Number(v) : v;
}

function numberInput(name: string, spec: { minimum?: number; maximum?: number }, value: number, label: string): HTMLInputElement {
  return el("input", { type: "number", name, min: spec.minimum, max: spec.maximum, value, "aria-label": label });
}

/** Shown while the server works: an indeterminate bar and what it is doing. */
function waiting(what: string): HTMLElement {
  return el("div", { class: "causal-progress", role: "status" }, el("progress", { "aria-label": what }), ` ${what}…`);
}

/** "Patch from": a source text's values of the chip's units put into the target's run. */
export function patchBox(ctx: CausalContext, source = ""): HTMLElement {
  const box = el("section", { class: "causal-box", "data-testid": "patch" }, el("h2", {}, "Patch from another text"));
  const sourceInput = el("textarea", { name: "patch-source", rows: 2, cols: 60, "aria-label": "source text" });
  sourceInput.value = source;
  const chip = chipSelect("patch-chip", "chip to patch", ctx.co);
  const units = el("input", { type: "text", name: "patch-units", placeholder: "or units: 3, 17, 20", "aria-label": "units to patch (instead of the chip)", size: 14 });
  const steps = el("input", { type: "text", name: "patch-steps", placeholder: "all the source reaches", "aria-label": "target steps to patch", size: 16 });
  // a word of the vocabulary (a class label) or its index; empty: the target's most likely (the API's default)
  const output = el("input", { type: "text", name: "patch-output", placeholder: "most likely", "aria-label": "output read: a word or its id", size: 10 });
  const controls = numberInput("patch-controls", fieldSpec("PatchRequest", "controls"), FORM_DEFAULTS.patch.controls, "random controls");
  const seed = numberInput("patch-seed", fieldSpec("PatchRequest", "seed"), FORM_DEFAULTS.patch.seed, "seed");
  const error = errorBox();
  const result = el("div", { class: "causal-result", "aria-live": "polite" });
  let charts: SVGSVGElement[] = [];
  const submit = el("button", { type: "submit" }, "Patch");
  const form = el(
    "form",
    { class: "controls causal-form" },
    field("source text", sourceInput),
    field("chip", chip),
    field("or units", units),
    field("target steps", steps),
    field("output (word or id)", output),
    field("controls", controls),
    field("seed", seed),
    submit,
  );
  box.append(
    el("p", { class: "sub" }, "The text above is the target: its chosen units take, at the steps patched, the values they had reading the source (the two texts aligned from their ends). " +
      "The output after the target's last word is read before and after, beside random sets of as many units patched alike."),
    form,
    error.node,
    result,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hide();
    clear(result);
    let body: Record<string, unknown>;
    try {
      if (!sourceInput.value.trim()) throw new Error("Type a source text: its units' values are patched into the text above.");
      if (!ctx.text().trim()) throw new Error("Type a sentence above first: it is the target patched.");
      body = {
        source_text: sourceInput.value,
        target_text: ctx.text(),
        ...unitsOf(units, chip, ctx.co),
        steps: parseIndices(steps.value, "target steps"),
        output: outputOf(output.value),
        controls: Number(controls.value),
        seed: Number(seed.value),
      };
    } catch (e) {
      error.show(e);
      return;
    }
    submit.disabled = true;
    result.append(waiting(`patching: the target read ${Number(controls.value) + 2} times (before, patched, ${controls.value} random sets)`));
    try {
      const patch = await post<PatchOut>(`/models/${ctx.model}/patch`, body);
      clear(result);
      charts = showPatch(result, patch);
    } catch (e) {
      clear(result);
      error.show(e);
    } finally {
      submit.disabled = false;
    }
  });
  box.append(el("div", { class: "controls secondary" }, "patch charts ", exportButtons(() => charts[0] ?? null, () => `patch-model${ctx.model}`, undefined, undefined, provenanceOf("model", ctx.model))));
  return box;
}

function showPatch(result: HTMLElement, patch: PatchOut): SVGSVGElement[] {
  const who = patch.unit_cluster !== null ? `chip #${patch.unit_cluster}'s ${patch.units.length} units` : `${patch.units.length} units`;
  const steps = patch.steps.length
    ? `at ${patch.steps.length} target step${patch.steps.length === 1 ? "" : "s"} (${patch.steps[0]}–${patch.steps[patch.steps.length - 1]}, each from the source's step t − ${patch.offset})`
    : "at no step (the source reaches none of those chosen)";
  const z = patch.controls.z.logit;
  result.append(
    el("p", { class: "patch-summary", "data-testid": "patch-summary" },
      `Patching ${who} (layer ${patch.layer}, ${patch.state}) ${steps}: the probability of “${patch.label}” goes from ${percent(patch.before.probability)} to ${percent(patch.after.probability)} ` +
        `(logit ${patch.delta_logit >= 0 ? "+" : "−"}${Math.abs(patch.delta_logit) >= 0.001 ? Math.abs(patch.delta_logit).toFixed(3) : Math.abs(patch.delta_logit).toPrecision(2)}; ` +
        (z === null ? `no z: ${patch.controls.delta_logit.length < 2 ? "fewer than two controls" : "the controls all changed it alike"}` : `z ${z.toFixed(2)} against ${patch.controls.delta_logit.length} random sets`) +
        `). Output: ${patch.output_chosen === "given" ? `“${patch.label}” (id ${patch.output}), given` : `${patch.output_chosen} (id ${patch.output})`}.`),
  );
  const bars = patchBars(patch);
  const strip = controlStrip(patch, "logit");
  result.append(el("div", { class: "causal-charts" }, bars, strip));
  return [bars, strip];
}

/** Attribution: each token's part of the chip's summed state at the step chosen (click a token). */
export function attributeBox(ctx: CausalContext, tokens: string[]): HTMLElement {
  const box = el("section", { class: "causal-box", "data-testid": "attribute" }, el("h2", {}, "What made the state at a step?"));
  const chip = chipSelect("attribute-chip", "chip to explain", ctx.co);
  const units = el("input", { type: "text", name: "attribute-units", placeholder: "or units: 3, 17, 20", "aria-label": "units to explain (instead of the chip)", size: 14 });
  const step = el("select", { name: "attribute-step", "aria-label": "step explained" });
  options(step, tokens.map((t, i): [string, string] => [String(i), `${i}: ${t}`]), String(tokens.length - 1));
  const nSteps = numberInput("attribute-n-steps", fieldSpec("AttributeRequest", "n_steps"), FORM_DEFAULTS.attribute.n_steps, "integration steps");
  const error = errorBox();
  const result = el("div", { class: "causal-result", "aria-live": "polite" });
  let chart: SVGSVGElement | null = null;
  const submit = el("button", { type: "submit" }, "Attribute");
  const form = el("form", { class: "controls causal-form" }, field("chip", chip), field("or units", units), field("step (or click a word below)", step), field("integration steps", nSteps), submit);
  box.append(
    el("p", { class: "sub" }, "Integrated gradients from an all-zero embedding: how much each word up to the chosen step added to (red) or took from (blue) the chip's summed state there."),
    form,
    error.node,
    result,
    el("div", { class: "controls secondary" }, "arcs ", exportButtons(() => chart, () => `attribution-model${ctx.model}`, undefined, undefined, provenanceOf("model", ctx.model))),
  );
  const run = async () => {
    error.hide();
    let body: Record<string, unknown>;
    try {
      if (!ctx.text().trim()) throw new Error("Type a sentence above first: its words are attributed.");
      body = { text: ctx.text(), ...unitsOf(units, chip, ctx.co), step: Number(step.value), n_steps: Number(nSteps.value) };
    } catch (e) {
      error.show(e);
      return;
    }
    submit.disabled = true;
    clear(result);
    result.append(waiting(`attributing step ${step.value} over ${nSteps.value} points of the path`));
    try {
      const answer = await post<AttributionOut>(`/models/${ctx.model}/attribute`, body);
      clear(result);
      chart = attributionArcs(answer, (s) => {
        step.value = String(s);
        void run();
      });
      const relative = Math.abs(answer.value - answer.baseline) > 1e-12 ? ` (${(100 * Math.abs(answer.completeness_error / (answer.value - answer.baseline))).toPrecision(2)} % of it)` : "";
      result.append(
        el("div", { class: "arcs-box" }, chart,
          el("p", { class: "completeness", "data-testid": "completeness" },
            `state ${answer.value.toFixed(3)} against ${answer.baseline.toFixed(3)} with no input: the ${answer.step + 1} words' parts sum to the difference up to ${answer.completeness_error.toExponential(1)}${relative} (${answer.method}, ${answer.n_steps} points)`)),
      );
    } catch (e) {
      clear(result);
      error.show(e);
    } finally {
      submit.disabled = false;
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void run();
  });
  return box;
}
