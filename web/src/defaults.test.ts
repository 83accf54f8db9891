// @vitest-environment happy-dom
// The forms carry the API's defaults and bounds: each form is built by its view's own code in a DOM
// (happy-dom), and what a user sees in it (values, min, max, choices) is compared with openapi.json
// (the committed schema; a service test checks that against the live server's /openapi.json).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import openapi from "../../openapi.json";
import type { Coclustering, Recording } from "./api";
import { attributeBox, patchBox } from "./views/causal";
import { ablationBox } from "./views/cocluster/ablation";
import { editBox } from "./views/cocluster/edits";
import { consensusParam, requestedSettings, settingsForm } from "./views/cocluster/form";
import { scanBox } from "./views/cocluster/trust";
import { recordingForm, trainingForm, type Data } from "./views/dashboard";
import { timelineForm } from "./views/timeline";

type Property = { default?: unknown; minimum?: number; maximum?: number; enum?: string[]; anyOf?: Property[]; type?: string };
const schemas = openapi.components.schemas as unknown as Record<string, { properties: Record<string, Property> }>;

/** A request field's schema; an optional one's (anyOf [T, null]) is T's. */
function property(request: string, field: string): Property {
  const p = schemas[request]?.properties[field];
  if (!p) throw new Error(`${request}.${field} is not in openapi.json`);
  return p.anyOf?.find((branch) => branch.type !== "null") ?? p;
}

// the 32-bit storage limit: no user types it, so a form may leave it out
const INT32_MAX = 2147483647;

/** What the forms show of a request field: `input` names the input, `fromData` its bound the data sets. */
interface NumberField {
  input: string;
  request: string;
  field: string;
  fromData?: "max";
}

function checkNumber(form: HTMLElement, { input: name, request, field, fromData }: NumberField): void {
  const input = form.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  expect(input, `input ${name}`).not.toBeNull();
  const spec = property(request, field);
  expect(input!.type).toBe("number");
  expect(input!.value, `${name} shows ${request}.${field}'s default`).toBe(spec.default === undefined ? "" : String(spec.default));
  expect(input!.min, `${name}'s minimum is ${request}.${field}'s`).toBe(spec.minimum === undefined ? "" : String(spec.minimum));
  if (fromData === "max") return;
  const max = spec.maximum === undefined ? [""] : spec.maximum === INT32_MAX ? ["", String(INT32_MAX)] : [String(spec.maximum)];
  expect(max, `${name}'s maximum is ${request}.${field}'s`).toContain(input!.max);
}

/** A select offers the field's values and starts on its default. */
function checkChoice(form: HTMLElement, name: string, request: string, field: string): void {
  const select = form.querySelector<HTMLSelectElement>(`select[name="${name}"]`);
  expect(select, `select ${name}`).not.toBeNull();
  const spec = property(request, field);
  expect([...select!.options].map((o) => o.value), `${name} offers ${request}.${field}'s values`).toEqual(spec.enum);
  expect(select!.value, `${name} starts on ${request}.${field}'s default`).toBe(spec.default);
}

/** Every number input of a form is among those compared (a new one must be added above). */
function checkAllCompared(form: HTMLElement, fields: NumberField[]): void {
  const names = [...form.querySelectorAll<HTMLInputElement>("input[type=number]")].map((i) => i.name).sort();
  expect(names).toEqual(fields.map((f) => f.input).sort());
}

const NOTHING: Data = { models: [], corpora: [], recordings: [], coclusterings: [], trainings: [], jobs: [] };
const RECORDING = { id: 1, label: "a recording", tokens: 100, layers: [0, 1], states: ["h", "c"] } as unknown as Recording;
const CO = {
  id: 1, recording_id: 1, layer: 1, state: "h", n_clusters: 2, top_words: 500, min_count: 5, mode: "abs",
  word_selection: "frequent", words_listed: null, seeds: 1,
  words: ["good", "bad"], word_strength: [1, -1], word_clusters: [[0], [1]], word_labels: [0, 1],
  unit_clusters: [[0], [1]], unit_labels: [0, 1],
} as unknown as Coclustering;

describe("the dashboard's forms", () => {
  it("the training form starts on TrainingCreate's example and shows its defaults, bounds and choices", () => {
    const form = trainingForm(NOTHING, async () => {});
    const numbers = ["num_layers", "hidden_size", "embedding_size", "epochs", "learning_rate", "batch_size", "bptt", "max_vocab", "min_count", "validation_fraction", "seed"];
    // the word-model preset: the schema's example of POST /trainings, read from openapi.json itself
    const example = (schemas.TrainingCreate as unknown as { examples: Record<string, unknown>[] }).examples[0];
    for (const [key, value] of Object.entries(example)) {
      const input = form.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${key}"]`);
      if (key !== "corpus_id") expect(input?.value, `${key} starts at the example's ${value}`).toBe(String(value));
    }
    const preset = form.querySelector<HTMLSelectElement>("select[name=preset]")!;
    preset.value = "defaults";
    preset.dispatchEvent(new Event("change"));
    const fields = numbers.map((f) => ({ input: f, request: "TrainingCreate", field: f }));
    fields.forEach((f) => checkNumber(form, f));
    checkAllCompared(form, fields);
    for (const name of ["task", "cell", "tokenizer"]) checkChoice(form, name, "TrainingCreate", name);
  });

  it("the recording form shows RecordingCreate's defaults, bounds and choices", () => {
    const form = recordingForm(NOTHING, async () => {});
    const fields = ["top_words", "max_tokens", "trace"].map((f) => ({ input: f, request: "RecordingCreate", field: f }));
    fields.forEach((f) => checkNumber(form, f));
    checkAllCompared(form, fields);
    checkChoice(form, "sequence_mode", "RecordingCreate", "sequence_mode");
    expect(form.querySelector<HTMLInputElement>("input[name=gates]")!.checked).toBe(property("RecordingCreate", "gates").default);
  });
});

describe("the timeline view's form (issue 34)", () => {
  it("the timeline form shows TimelineCreate's defaults and bounds", () => {
    const model = { id: 1, name: "m", cell: "lstm", num_layers: 2, architecture: null, states: ["h", "c"] } as unknown as Parameters<typeof timelineForm>[0];
    const checkpoints = [{ model_id: 2, name: "m @ 60", step: 60, head: false, created_at: "" }, { model_id: 1, name: "m", step: null, head: true, created_at: "" }];
    const form = timelineForm(model, checkpoints, [], async () => {});
    const fields: NumberField[] = [
      ...["n_clusters", "top_words", "max_tokens", "seeds"].map((f) => ({ input: f, request: "TimelineCreate", field: f })),
      { input: "layer", request: "TimelineCreate", field: "layer", fromData: "max" }, // up to the model's top layer
    ];
    fields.forEach((f) => checkNumber(form, f));
    checkAllCompared(form, fields);
    expect(form.querySelector<HTMLInputElement>("input[name=layer]")!.max).toBe("1");
    expect(form.querySelector<HTMLSelectElement>("select[name=state]")!.value).toBe(property("TimelineCreate", "state").default);
    expect(form.querySelector<HTMLInputElement>("input[name=consensus]")!.checked).toBe(property("TimelineCreate", "consensus").default);
    // no corpus yet: said in words, and the button waits
    expect(form.querySelector("[data-testid=missing]")!.textContent).toContain("corpus");
    expect(form.querySelector<HTMLButtonElement>("button[type=submit]")!.disabled).toBe(true);
  });
});

describe("the co-cluster view's forms", () => {
  beforeEach(() => {
    // the ablation box lists the tests made before: none
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify({ items: [], total: 0 }), { status: 200 })));
  });
  afterEach(() => vi.unstubAllGlobals());

  it("the co-clustering form shows CoclusteringCreate's defaults, bounds and choices", () => {
    const form = settingsForm(() => null, [RECORDING], () => {}).node;
    const fields = ["n_clusters", "top_words", "min_count", "seeds"].map((f) => ({ input: f, request: "CoclusteringCreate", field: f }));
    fields.forEach((f) => checkNumber(form, f));
    checkAllCompared(form, fields);
    checkChoice(form, "mode", "CoclusteringCreate", "mode");
    checkChoice(form, "word_selection", "CoclusteringCreate", "word_selection");
    expect(form.querySelector<HTMLSelectElement>("select[name=state]")!.value).toBe(property("CoclusteringCreate", "state").default);
    expect(form.querySelector<HTMLInputElement>("input[name=consensus]")!.checked).toBe(property("CoclusteringCreate", "consensus").default);
  });

  it("the consensus box follows the URL and is sent as `consensus`; left out, the API's default", () => {
    const sent: Record<string, string | null>[] = [];
    const form = settingsForm((key) => ({ consensus: "1", seeds: "3" })[key] ?? null, [RECORDING], (c) => sent.push(c)).node;
    const box = form.querySelector<HTMLInputElement>("input[name=consensus]")!;
    expect(box.checked).toBe(true);
    form.requestSubmit();
    expect(sent[0].consensus).toBe("1");
    box.checked = property("CoclusteringCreate", "consensus").default as boolean;
    form.requestSubmit();
    expect(sent[1].consensus).toBeNull(); // the default stays out of the link
    expect(requestedSettings(new URLSearchParams("recording=1&consensus=1&seeds=3"), "")).toMatchObject({ consensus: true, seeds: 3 });
    expect(requestedSettings(new URLSearchParams("recording=1"), "").consensus).toBe(property("CoclusteringCreate", "consensus").default);
    expect(requestedSettings(new URLSearchParams("b.consensus=1"), "b.").consensus).toBe(true);
    expect([consensusParam("0", true), consensusParam("true", false), consensusParam("x", false), consensusParam(null, true)]).toEqual([false, true, false, true]);
  });

  it("the scan button names ScanCreate's defaults", () => {
    const [kMin, kMax, seeds] = ["k_min", "k_max", "seeds"].map((f) => property("ScanCreate", f).default);
    expect(scanBox(CO, () => {}).querySelector("button")!.textContent).toBe(`scan k ${kMin}-${kMax} with ${seeds} seeds`);
  });

  it("the scan's consensus box starts on ScanCreate's default, checked for a consensus co-clustering", () => {
    expect(scanBox(CO, () => {}).querySelector<HTMLInputElement>("input[name=scan-consensus]")!.checked).toBe(property("ScanCreate", "consensus").default);
    const voted = { ...CO, seeds: 3, consensus: true } as Coclustering;
    expect(scanBox(voted, () => {}).querySelector<HTMLInputElement>("input[name=scan-consensus]")!.checked).toBe(true);
  });

  it("the ablation box shows AblationCreate's defaults and bounds", () => {
    const box = ablationBox(CO);
    const fields: NumberField[] = [
      { input: "ablate-controls", request: "AblationCreate", field: "controls" },
      { input: "ablate-max-tokens", request: "AblationCreate", field: "max_tokens" },
    ];
    fields.forEach((f) => checkNumber(box, f));
    checkAllCompared(box, fields);
  });

  it("the edit box shows the edits' defaults and bounds", () => {
    const box = editBox(CO, "co-words", async () => {});
    const fields: NumberField[] = [
      { input: "split-k", request: "EditSplit", field: "k" },
      { input: "move-unit", request: "EditMove", field: "unit", fromData: "max" }, // up to the co-clustering's last unit
    ];
    fields.forEach((f) => checkNumber(box, f));
    checkAllCompared(box, fields);
    expect(box.querySelector<HTMLInputElement>("input[name=move-unit]")!.max).toBe(String(CO.unit_labels!.length - 1));
  });
});

describe("the sentence view's cause panels (SPEC 13)", () => {
  const ctx = { model: "1", co: CO, text: () => "good bad" };

  it("the patch panel shows PatchRequest's defaults and bounds", () => {
    const box = patchBox(ctx);
    const fields: NumberField[] = [
      { input: "patch-controls", request: "PatchRequest", field: "controls" },
      { input: "patch-seed", request: "PatchRequest", field: "seed" },
    ];
    fields.forEach((f) => checkNumber(box, f));
    checkAllCompared(box, fields);
    expect([...box.querySelectorAll<HTMLOptionElement>("select[name=patch-chip] option")].map((o) => o.value)).toEqual(["0", "1"]);
    // the output has no default (the target's most likely): empty, a word or an index
    expect(property("PatchRequest", "output").default).toBeUndefined();
    expect(box.querySelector<HTMLInputElement>("input[name=patch-output]")!.value).toBe("");
  });

  it("the attribution panel shows AttributeRequest's defaults and bounds, the last step chosen", () => {
    const box = attributeBox(ctx, ["good", "bad"]);
    const fields: NumberField[] = [{ input: "attribute-n-steps", request: "AttributeRequest", field: "n_steps" }];
    fields.forEach((f) => checkNumber(box, f));
    checkAllCompared(box, fields);
    expect(box.querySelector<HTMLSelectElement>("select[name=attribute-step]")!.value).toBe("1");
  });
});
