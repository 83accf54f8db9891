// Dashboard: what the user owns, live job progress, and forms that start the work.
import { fieldSpec, type Requests } from "../defaults";
import { REQUEST_EXAMPLES } from "../generated/requests";
import {
  del,
  downloadFile,
  get,
  post,
  query,
  type Coclustering,
  type Corpus,
  type Job,
  type Model,
  type Page,
  type ProjectDetail,
  type Project,
  type Recording,
  type Training,
  type User,
  type UserUsage,
} from "../api";
import { readingLine } from "../charts/reading";
import { chosenModelQuality, trainingQuality } from "../charts/training";
import { clear, el, errorBox, field, options, progressBar, sleep, table } from "../dom";
import { isActive } from "../jobs";
import { optionLabel } from "../layout";
import { KIND_NAME, viewHash, type Viewable } from "../links";
import { routeHash } from "../route";
import { shareButton } from "./share";

export interface Data {
  models: Model[];
  corpora: Corpus[];
  recordings: Recording[];
  coclusterings: Coclustering[];
  trainings: Training[];
  jobs: Job[];
}

async function fetchAll(): Promise<Data> {
  const list = <T>(path: string) => get<Page<T>>(`${path}${query({ limit: 500 })}`).then((p) => p.items);
  const [models, corpora, recordings, coclusterings, trainings, jobs] = await Promise.all([
    list<Model>("/models"),
    list<Corpus>("/corpora"),
    list<Recording>("/recordings"),
    list<Coclustering>("/coclusterings"),
    list<Training>("/trainings"),
    get<Page<Job>>(`/jobs${query({ limit: 20 })}`).then((p) => p.items),
  ]);
  return { models, corpora, recordings, coclusterings, trainings, jobs };
}

function status(item: { status: string; progress: number; error?: string | null; job_id?: number; id?: number }): HTMLElement {
  return el(
    "span",
    { class: "job-status" },
    progressBar(item.progress, item.status, `progress of job ${item.job_id ?? item.id ?? ""}`.trim()),
    el("span", { class: `badge ${item.status}` }, item.status),
    item.error ? el("span", { class: "job-error" }, item.error) : null,
  );
}

/** "2 recordings", "1 co-clustering": a count and its noun, or nothing for none. */
function counted(n: number, one: string, many = `${one}s`): string[] {
  return n > 0 ? [`${n.toLocaleString()} ${n === 1 ? one : many}`] : [];
}

/** "a, b and c". */
function listed(parts: string[]): string {
  return parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/** What goes with a model, corpus, recording or co-clustering when it is deleted (the server's
 * cascade): counted from the dashboard's lists, and the chip tests (ablations) asked when it is clicked. */
async function alsoDeleted(data: Data, of: { model?: number; corpus?: number; recording?: number; coclustering?: number }): Promise<string[]> {
  const recordings = data.recordings.filter((r) => r.model_id === of.model || r.corpus_id === of.corpus || r.id === of.recording);
  const recordingIds = new Set(recordings.map((r) => r.id));
  const coclusterings = data.coclusterings.filter((c) => recordingIds.has(c.recording_id) || c.id === of.coclustering);
  const trainings = of.corpus !== undefined ? data.trainings.filter((t) => t.corpus_id === of.corpus) : [];
  const coIds = new Set(coclusterings.map((c) => c.id));
  const tests = coIds.size || of.corpus !== undefined
    ? await get<Page<{ coclustering_id: number; corpus_id: number }>>(`/ablations${query({ limit: 500 })}`)
      .then((p) => p.items.filter((a) => coIds.has(a.coclustering_id) || a.corpus_id === of.corpus).length)
      .catch(() => 0)
    : 0;
  return [
    ...counted(trainings.length, "training"),
    ...(of.recording === undefined ? counted(recordings.length, "recording") : []),
    ...(of.coclustering === undefined ? counted(coclusterings.length, "co-clustering") : []),
    ...counted(tests, "chip test"),
  ];
}

/** A delete button that first says what goes with the record and asks. */
function deleteButton(path: string, what: string, refresh: () => void, error: ReturnType<typeof errorBox>, goes: () => Promise<string[]>): HTMLElement {
  return el(
    "button",
    {
      type: "button",
      class: "small danger",
      "aria-label": `delete ${what}`,
      onclick: async () => {
        error.hide();
        try {
          const also = await goes();
          const question = also.length ? `Delete ${what} and its ${listed(also)}?` : `Delete ${what}? Nothing else was made from it.`;
          if (!confirm(`${question} This cannot be undone.`)) return;
          await del(path);
          refresh();
        } catch (e) {
          error.show(e);
        }
      },
    },
    "delete",
  );
}

/** What others shared with me: every resource of my projects that is not mine, with its project and
 * owner, linked to its view (its body from the dashboard's lists, which hold what is shared with me). */
async function sharedWithMe(data: Data, meId: number): Promise<HTMLElement> {
  const projects = (await get<Page<Project>>(`/projects${query({ limit: 500 })}`)).items;
  const details = await Promise.all(projects.map((p) => get<ProjectDetail>(`/projects/${p.id}`).catch(() => null)));
  const bodies: Record<string, Viewable[]> = { recording: data.recordings, coclustering: data.coclusterings, training: data.trainings, model: data.models };
  const rows = details.flatMap((d) => (d ? d.resources.filter((r) => r.owner_id !== meId).map((r) => {
    const body = bodies[r.kind]?.find((b) => b.id === r.id);
    const view = r.kind === "model" || body ? viewHash(r.kind, body ?? { id: r.id }) : null;
    return [
      KIND_NAME[r.kind],
      view ? el("a", { href: view }, r.name) : r.name,
      el("a", { href: routeHash("projects", { id: d.id }) }, d.name),
      r.owner,
      r.status ?? "",
    ];
  }) : []));
  return table("Shared with me", ["kind", "name", "project", "owner", "status"], rows, "shared-with-me");
}

/** For an administrator, who each user is (they see every user's records); null for anyone else. */
async function ownerNames(): Promise<Map<number, string> | null> {
  const me = await get<User>("/me");
  if (!me.is_admin) return null;
  return new Map((await get<UserUsage[]>("/users")).map((u) => [u.id, u.name]));
}

/** An administrator's list gets an owner column after the name (its rows are `items`, in order). */
function withOwners(owners: Map<number, string> | null, items: { owner_id: number }[], list: HTMLElement): HTMLElement {
  if (!owners) return list;
  const after = (row: Element, cell: HTMLElement) => row.children[1]?.after(cell);
  after(list.querySelector("thead tr")!, el("th", { scope: "col" }, "owner"));
  const empty = items.length === 0 ? list.querySelector("tbody td.empty") : null; // "none yet" spans the columns
  if (empty) empty.setAttribute("colspan", String(Number(empty.getAttribute("colspan")) + 1));
  if (items.length === 0) return list;
  list.querySelectorAll("tbody tr").forEach((row, i) => after(row, el("td", { "data-testid": "owner" }, owners.get(items[i].owner_id) ?? `user ${items[i].owner_id}`)));
  return list;
}

export async function dashboardView(root: HTMLElement): Promise<void> {
  root.append(el("h1", {}, "Dashboard"));
  const error = errorBox();
  const lists = el("div", { class: "lists" });
  const forms = el("div", { class: "forms" });
  const shared = el("section", { class: "shared-with-me" });
  root.append(error.node, forms, shared, lists);
  let data = await fetchAll();
  const owners = await ownerNames();
  const me = await get<User>("/me");
  // Delete only where the server allows it (services/domain/access.py): one's own records, and in a
  // project one owns, what its members shared; a viewer's rows of what others shared have none
  let owning = new Set<number>();
  const loadOwning = async () => {
    const projects = (await get<Page<Project>>(`/projects${query({ limit: 500 })}`)).items;
    owning = new Set(projects.filter((p) => p.role === "owner").map((p) => p.id));
  };
  await loadOwning().catch(() => undefined);
  const mayDelete = (row: { owner_id: number; project_id?: number | null }): boolean =>
    me.is_admin || row.owner_id === me.id || (row.project_id != null && owning.has(row.project_id));
  // asked when the page opens and after a change here, not on every poll (one request per project)
  const showShared = async () => {
    const drawn = await sharedWithMe(data, me.id).catch((e) => el("div", { class: "error", role: "alert" }, e instanceof Error ? e.message : String(e)));
    clear(shared);
    shared.append(drawn);
  };
  let alive = true;
  let formKey = "";
  const refresh = async () => {
    data = await fetchAll();
    await loadOwning().catch(() => undefined);
    render();
    await showShared();
  };
  const changed = () => void refresh().catch((e) => error.show(e));
  const render = () => {
    // forms keep what the user typed: they are drawn again only when their choices change
    const key = JSON.stringify([data.models.map((m) => m.id), data.corpora.map((c) => c.id)]);
    if (key !== formKey) {
      formKey = key;
      renderForms();
    }
    clear(lists);
    lists.append(
      withOwners(owners, data.models, table(
        "Models",
        ["id", "name", "architecture", "task", "training", ""],
        data.models.map((m) => [
          String(m.id),
          m.name,
          architecture(m),
          m.task === "classifier" ? `classifier (${m.num_classes})` : "language model",
          trainingQuality(m.training?.metrics, m.training?.warning) ?? provenance(m),
          el(
            "span",
            {},
            el("a", { href: routeHash("sentence", { model: m.id }) }, "sentences"),
            " ",
            // issue 34: its chips followed over its checkpoints (the view lists them and starts one)
            el("a", { href: routeHash("timeline", { model: m.checkpoint_of ?? m.id }), "data-testid": "model-timeline" }, "timeline"),
            " ",
            el("button", { type: "button", class: "small", "data-testid": "download-model", title: m.architecture ? "its save_pretrained folder, as a .zip" : "its weights, vocabulary and config, as a .zip", onclick: () => downloadFile(`/models/${m.id}/download`, `model-${m.id}.zip`).catch((e) => error.show(e)) }, "download"),
            " ",
            shareButton("model", m.id, m.name, changed),
            " ",
            mayDelete(m) ? deleteButton(`/models/${m.id}`, `model ${m.name}`, refresh, error, () => alsoDeleted(data, { model: m.id })) : null,
          ),
        ]),
        "models",
      )),
      withOwners(owners, data.corpora, table(
        "Corpora",
        ["id", "name", "format", "size", ""],
        data.corpora.map((c) => [
          String(c.id),
          c.name,
          c.format + (c.labels ? ` (${c.labels.join(", ")})` : ""),
          `${c.num_sequences.toLocaleString()} lines, ${c.num_tokens.toLocaleString()} words`,
          el("span", { class: "row-actions" }, shareButton("corpus", c.id, c.name, changed), " ", mayDelete(c) ? deleteButton(`/corpora/${c.id}`, `corpus ${c.name}`, refresh, error, () => alsoDeleted(data, { corpus: c.id })) : null),
        ]),
        "corpora",
      )),
      withOwners(owners, data.trainings, table(
        "Trainings",
        ["id", "name", "status", "model", "loss and validation", ""],
        data.trainings.map((t) => [
          String(t.id),
          t.name,
          status(t),
          t.model_id ? `model ${t.model_id}` : "-",
          trainingQuality(t.metrics, t.warning) ?? "",
          shareButton("training", t.id, t.name, changed),
        ]),
        "trainings",
      )),
      withOwners(owners, data.recordings, table(
        "Recordings",
        ["id", "recording", "status", "result", ""],
        data.recordings.map((r) => [
          String(r.id),
          r.label,
          status(r),
          r.status === "succeeded"
            ? el(
                "span",
                {},
                `${(r.tokens ?? 0).toLocaleString()} tokens, ${(r.words ?? 0).toLocaleString()} words `,
                el("a", { href: routeHash("cocluster", { recording: r.id, layer: Math.max(...r.layers), state: "h" }) }, "co-cluster view"),
                el("br", {}),
                readingLine(r.quality),
              )
            : "",
          el("span", { class: "row-actions" }, shareButton("recording", r.id, r.label, changed), " ", mayDelete(r) ? deleteButton(`/recordings/${r.id}`, `recording ${r.id} (${r.label})`, refresh, error, () => alsoDeleted(data, { recording: r.id })) : null),
        ]),
        "recordings",
      )),
      withOwners(owners, data.coclusterings, table(
        "Co-clusterings",
        ["id", "co-clustering", "status", ""],
        data.coclusterings.map((c) => [
          String(c.id),
          c.label, // the server's label says "consensus" (services/domain/labels.py)
          status(c),
          el(
            "span",
            { class: "row-actions" },
            c.status === "succeeded"
              ? el(
                  "a",
                  {
                    href: routeHash("cocluster", {
                      recording: c.recording_id, layer: c.layer, state: c.state, k: c.n_clusters,
                      top: c.top_words, min: c.min_count, mode: c.mode,
                      seeds: c.seeds > 1 ? c.seeds : null, consensus: c.consensus ? 1 : null,
                    }),
                  },
                  "open",
                )
              : "",
            " ",
            shareButton("coclustering", c.id, c.label, changed),
            " ",
            mayDelete(c) ? deleteButton(`/coclusterings/${c.id}`, `co-clustering ${c.id}`, refresh, error, () => alsoDeleted(data, { coclustering: c.id })) : null,
          ),
        ]),
        "coclusterings",
      )),
      table(
        "Recent jobs",
        ["id", "kind", "status", "message"],
        data.jobs.map((j) => [
          String(j.id),
          j.kind,
          status(j),
          el(
            "span",
            {},
            j.message,
            isActive(j.status)
              ? el(
                  "button",
                  {
                    type: "button",
                    class: "small",
                    onclick: async () => {
                      try {
                        await post(`/jobs/${j.id}/cancel`);
                        void refresh();
                      } catch (e) {
                        error.show(e);
                      }
                    },
                  },
                  "cancel",
                )
              : null,
          ),
        ]),
        "jobs",
      ),
    );
  };

  const renderForms = () => {
    // what the user typed or chose survives the redraw (a model or corpus appeared meanwhile)
    const typed = formValues(forms);
    clear(forms);
    forms.append(uploadModelForm(refresh), uploadCorpusForm(refresh), trainingForm(data, refresh), recordingForm(data, refresh));
    restoreFormValues(forms, typed);
  };
  render();
  await showShared();
  // live progress: poll while anything is queued or running, and while this view is shown
  const active = () => data.jobs.some((j) => isActive(j.status));
  window.addEventListener("hashchange", () => (alive = false), { once: true });
  void poll();

  async function poll(): Promise<void> {
   while (alive) {
    await sleep(active() ? 1000 : 4000);
    if (!alive || !document.contains(lists)) break;
    const before = JSON.stringify(data);
    try {
      data = await fetchAll();
    } catch (e) {
      error.show(e);
      continue;
    }
    if (JSON.stringify(data) !== before) render();
   }
  }
}

/** The values of the forms' fields (not files: a browser will not set those), by form and name. */
function formValues(root: HTMLElement): Map<string, string | boolean> {
  const values = new Map<string, string | boolean>();
  root.querySelectorAll<HTMLInputElement | HTMLSelectElement>("form[data-testid] [name]").forEach((input) => {
    const key = `${input.closest("form")?.getAttribute("data-testid")}/${input.name}`;
    if (input instanceof HTMLInputElement && input.type === "file") return;
    values.set(key, input instanceof HTMLInputElement && input.type === "checkbox" ? input.checked : input.value);
  });
  return values;
}

function restoreFormValues(root: HTMLElement, values: Map<string, string | boolean>): void {
  root.querySelectorAll<HTMLInputElement | HTMLSelectElement>("form[data-testid] [name]").forEach((input) => {
    const value = values.get(`${input.closest("form")?.getAttribute("data-testid")}/${input.name}`);
    if (value === undefined) return;
    if (typeof value === "boolean") (input as HTMLInputElement).checked = value;
    else if (!(input instanceof HTMLSelectElement) || [...input.options].some((o) => o.value === value)) input.value = value;
    input.dispatchEvent(new Event("change")); // what depends on the choice (the model's quality) follows
  });
}

/** A form in a card. `missing`: what must exist first (said in the form's own words, submit disabled)
 * rather than letting the server answer a validation error about an id. */
function formBox(title: string, testid: string, fields: HTMLElement[], submit: (form: HTMLFormElement) => Promise<void>, missing?: string | null): HTMLElement {
  const error = errorBox();
  const done = el("div", { class: "done", "aria-live": "polite" });
  const button = el("button", { type: "submit", disabled: missing ? true : undefined }, title);
  const note = missing ? el("p", { class: "notice", "data-testid": "missing" }, missing) : null;
  const form = el("form", { class: "card", "data-testid": testid }, el("h2", {}, title), note, ...fields, button, error.node, done);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hide();
    done.textContent = "";
    if (missing) return;
    button.disabled = true;
    try {
      await submit(form);
      done.textContent = "done";
    } catch (e) {
      error.show(e);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

/** A model's architecture: an RNN's cell and sizes; a SPEC 11 model's family, with what its units and
 * states are (the model's page says so) one click away. */
function architecture(m: Model): HTMLElement | string {
  const sizes = `${m.num_layers}x${m.hidden_size}, vocabulary ${m.vocab_size}`;
  const a = m.architecture;
  if (!a) return `${m.cell.toUpperCase()} ${sizes}`;
  const stateless = a.stateless_layers.length ? ` Layers ${a.stateless_layers.join(", ")} (attention) hold no state and are not recorded.` : "";
  return el(
    "details",
    { class: "architecture", "data-testid": "architecture" },
    el("summary", {}, `${a.title} ${sizes}`),
    el("p", { class: "sub" }, `A unit is ${a.unit}. Read by its tokenizer.json; numbers equal ${a.reference}'s.${stateless}`),
    el("ul", { class: "states" }, ...a.states.map((s) => el("li", {}, el("b", {}, s.name), `: ${s.meaning}`))),
  );
}

/** Where an uploaded model came from: the form its weights were in and where its vocabulary came from. */
function provenance(m: Model): HTMLElement {
  const source = m.vocab_source;
  const vocabulary =
    source.kind === "training text"
      ? `vocabulary from ${source.texts.map((t) => t.name).join(", ")} (in order of first appearance)`
      : source.kind === "training corpus"
        ? `vocabulary of corpus ${source.corpus_id}`
        : `vocabulary from ${source.kind}`;
  const weights = m.weights_form ? `uploaded as ${m.weights_form}` : "uploaded";
  return el("span", { class: "sub", "data-testid": "provenance" }, `${weights}; ${vocabulary}`);
}

const TEXTS = ["train.txt", "valid.txt", "test.txt"]; // the order word_language_model reads them in

function uploadModelForm(refresh: () => Promise<void>): HTMLElement {
  const vocabFile = field("vocab.txt or vocab.json", el("input", { type: "file", name: "vocab" }));
  const texts = TEXTS.map((name, i) => field(i === 0 ? name : `${name} (optional)`, el("input", { type: "file", name: "vocab_from" })));
  const fromText = el("div", { class: "vocab-texts", hidden: true }, el("p", { class: "hint" }, "Built as PyTorch's word_language_model builds it: ids in order of first appearance, <eos> after each line."), ...texts);
  const source = el("select", { name: "vocab_source_choice", "aria-label": "vocabulary from" });
  options(source, [["file", "a vocabulary file"], ["texts", "the training text (word_language_model)"]]);
  source.addEventListener("change", () => {
    const fromTexts = source.value === "texts";
    vocabFile.hidden = fromTexts;
    fromText.hidden = !fromTexts;
  });
  // SPEC 1's weights and vocabulary, or SPEC 11's save_pretrained folder (its files, or a .zip/.tar)
  const weights = el("input", { type: "file", name: "weights", required: true });
  const rnnParts = el("div", { class: "rnn-parts" }, field("weights (.safetensors, state_dict, checkpoint, or a torch.save(model) file)", weights), field("vocabulary from", source), vocabFile, fromText, field("config.json (optional)", el("input", { type: "file", name: "config" })));
  const folder = el("input", { type: "file", name: "folder", multiple: true, webkitdirectory: true, "data-testid": "folder-input" });
  const folderFiles = el("input", { type: "file", name: "folder_files", multiple: true, "data-testid": "folder-files-input" });
  const folderParts = el(
    "div",
    { class: "folder-parts", hidden: true },
    el("p", { class: "hint" }, "Mamba, Mamba-2, RWKV-4, xLSTM or RecurrentGemma as transformers' save_pretrained writes them: config.json, model.safetensors and tokenizer.json. Nothing in it is run."),
    field("the folder", folder),
    field("or its files, or one .zip/.tar of it", folderFiles),
  );
  const kind = el("select", { name: "model_kind", "aria-label": "the model is" });
  options(kind, [["rnn", "an RNN's weights (LSTM, GRU, RNN)"], ["folder", "a transformers folder (Mamba, RWKV, ...)"]]);
  kind.addEventListener("change", () => {
    const isFolder = kind.value === "folder";
    rnnParts.hidden = isFolder;
    folderParts.hidden = !isFolder;
    weights.required = !isFolder;
  });
  return formBox(
    "Upload a model",
    "upload-model",
    [field("name", el("input", { name: "name", required: true, maxlength: 200 })), field("the model is", kind), rnnParts, folderParts],
    async (form) => {
      const body = new FormData(form);
      const isFolder = body.get("model_kind") === "folder";
      // empty file inputs send empty parts: keep only what was chosen, the texts in their order
      const chosen = (name: string) => body.getAll(name).filter((f): f is File => f instanceof File && f.name !== "");
      const picked = { vocabTexts: chosen("vocab_from"), vocab: chosen("vocab"), config: chosen("config"), weights: chosen("weights"), folder: [...chosen("folder"), ...chosen("folder_files")] };
      const fromTexts = body.get("vocab_source_choice") === "texts";
      for (const name of ["model_kind", "vocab_source_choice", "weights", "vocab", "vocab_from", "config", "folder", "folder_files"]) body.delete(name);
      if (isFolder) {
        if (picked.folder.length === 0) throw new Error("choose the model's folder, its files, or a .zip of it");
        // each part named by its file name (a folder picked whole names its files by their path)
        for (const file of picked.folder) body.append("files", file, file.name);
      } else {
        body.set("weights", picked.weights[0]);
        if (fromTexts) {
          if (picked.vocabTexts.length === 0) throw new Error("choose train.txt (and valid.txt, test.txt if the model's data had them)");
          for (const text of picked.vocabTexts) body.append("vocab_from", text);
          body.set("vocab_order", "first_appearance");
        } else {
          if (picked.vocab.length === 0) throw new Error("choose the vocabulary file, or build it from the training text");
          body.set("vocab", picked.vocab[0]);
        }
        if (picked.config.length) body.set("config", picked.config[0]);
      }
      await post("/models", body);
      await refresh();
    },
  );
}

function uploadCorpusForm(refresh: () => Promise<void>): HTMLElement {
  const format = el("select", { name: "format" });
  options(format, [["text", "text (one sequence per line)"], ["labeled", "labeled (TSV label<TAB>text, or JSONL)"]]);
  return formBox(
    "Upload a corpus",
    "upload-corpus",
    [
      field("name", el("input", { name: "name", required: true, maxlength: 200 })),
      field("format", format),
      field("file (UTF-8)", el("input", { type: "file", name: "file", required: true })),
    ],
    async (form) => {
      await post("/corpora", new FormData(form));
      await refresh();
    },
  );
}

// A number field of a request body, with the server's default and bounds (src/defaults.ts).
function numberInput<R extends keyof Requests>(request: R, name: keyof Requests[R] & string): HTMLInputElement {
  const spec = fieldSpec(request, name);
  return el("input", { type: "number", name, value: spec.default as number, min: spec.minimum, max: spec.maximum });
}

// The form starts from the API schema's example of POST /trainings: a word model that learns on
// PTB-sized text (services/training/options.py WORD_MODEL_PRESET, with its measured figures).
const PRESET = REQUEST_EXAMPLES.TrainingCreate[0];
const PRESET_WORDS = `${PRESET.cell.toUpperCase()} ${PRESET.num_layers}×${PRESET.hidden_size}, ${PRESET.epochs} epochs, learning rate ${PRESET.learning_rate}, batch ${PRESET.batch_size}, ${PRESET.max_vocab.toLocaleString()} words`;
// Every numeric setting of a training, as the form labels it.
const TRAINING_NUMBERS: [keyof Requests["TrainingCreate"] & string, string][] = [
  ["num_layers", "layers"],
  ["hidden_size", "hidden size"],
  ["embedding_size", "embedding size"],
  ["epochs", "epochs"],
  ["learning_rate", "learning rate"],
  ["batch_size", "batch size"],
  ["bptt", "steps per update (bptt)"],
  ["max_vocab", "vocabulary (most frequent words)"],
  ["min_count", "min count"],
  ["validation_fraction", "validation share"],
  ["seed", "seed"],
];

export function trainingForm(data: Data, refresh: () => Promise<void>): HTMLElement {
  const corpus = el("select", { name: "corpus_id" });
  options(corpus, data.corpora.map((c) => [String(c.id), optionLabel(c.id, c.name, c.created_at, `${c.num_tokens.toLocaleString()} words`)]));
  const task = el("select", { name: "task" });
  options(task, [["language_model", "language model"], ["classifier", "classifier (labeled corpus)"]]);
  const cell = el("select", { name: "cell" });
  options(cell, [["lstm", "LSTM"], ["gru", "GRU"], ["rnn_tanh", "RNN (tanh)"], ["rnn_relu", "RNN (ReLU)"], ["mamba2", "Mamba-2 (transformers)"], ["rwkv", "RWKV-4 (transformers)"]]);
  const tokenizer = el("select", { name: "tokenizer" });
  options(tokenizer, [["whitespace", "whitespace"], ["words", "words"], ["chars", "chars"]]);
  const lowercase = el("input", { type: "checkbox", name: "lowercase" });
  const name = el("input", { type: "text", name: "name", maxlength: 200, placeholder: "from the settings" });
  const preset = el("select", { name: "preset", "data-testid": "training-preset" });
  options(preset, [["word-model", "a word model for PTB-sized text"], ["defaults", "the server's defaults"]]);
  const presetNote = el("span", { class: "sub", "data-testid": "preset-settings" }, PRESET_WORDS);
  const numbers = TRAINING_NUMBERS.map(([key, label]) => {
    const input = numberInput("TrainingCreate", key);
    if (!Number.isInteger(fieldSpec("TrainingCreate", key).default)) input.step = "any";
    return { key, label, input };
  });
  const choices: [string, HTMLInputElement | HTMLSelectElement][] = [["task", task], ["cell", cell], ...numbers.map((n): [string, HTMLInputElement] => [n.key, n.input])];
  const apply = (which: string): void => {
    for (const [key, input] of choices) {
      const fromPreset = which === "word-model" && key in PRESET ? PRESET[key as keyof typeof PRESET] : undefined;
      input.value = String(fromPreset ?? fieldSpec("TrainingCreate", key as keyof Requests["TrainingCreate"]).default);
    }
  };
  // a Mamba-2's or RWKV's token embedding is as wide as its hidden size: the field follows it
  const input = (key: string) => numbers.find((n) => n.key === key)!.input;
  const modernCell = () => cell.value === "mamba2" || cell.value === "rwkv";
  const followHidden = () => {
    input("embedding_size").disabled = modernCell();
    if (modernCell()) input("embedding_size").value = input("hidden_size").value;
  };
  cell.addEventListener("change", followHidden);
  input("hidden_size").addEventListener("input", followHidden);
  apply("word-model");
  preset.addEventListener("change", () => {
    apply(preset.value);
    followHidden();
    presetNote.textContent = preset.value === "word-model" ? PRESET_WORDS : "as POST /trainings takes them when left out";
  });
  return formBox(
    "Start a training",
    "start-training",
    [
      field("corpus", corpus),
      field("settings", preset),
      presetNote,
      field("name (optional)", name),
      field("task", task),
      field("cell", cell),
      ...numbers.map((n) => field(n.label, n.input)),
      field("tokenizer", tokenizer),
      field("lowercase", lowercase),
    ],
    async (form) => {
      const f = new FormData(form);
      const given = String(f.get("name") ?? "").trim();
      await post("/trainings", {
        corpus_id: Number(f.get("corpus_id")),
        task: f.get("task"),
        cell: f.get("cell"),
        tokenizer: f.get("tokenizer"),
        lowercase: lowercase.checked,
        ...(given ? { name: given } : {}),
        ...Object.fromEntries(numbers.map((n) => [n.key, Number(n.input.value)])),
        ...(modernCell() ? { embedding_size: Number(input("hidden_size").value) } : {}),
      });
      await refresh();
    },
    data.corpora.length === 0 ? "Upload a corpus first: a training reads one." : null,
  );
}

export function recordingForm(data: Data, refresh: () => Promise<void>): HTMLElement {
  const model = el("select", { name: "model_id" });
  options(model, data.models.map((m) => [String(m.id), optionLabel(m.id, m.name, m.created_at)]));
  const corpus = el("select", { name: "corpus_id" });
  options(corpus, data.corpora.map((c) => [String(c.id), optionLabel(c.id, c.name, c.created_at, `${c.num_tokens.toLocaleString()} words`)]));
  const mode = el("select", { name: "sequence_mode" });
  options(mode, [["lines", "lines"], ["stream", "stream"]]);
  // SPEC 11 models: which layers, and the lags (a write that lands a step or more after its token)
  const layers = el("input", { type: "text", name: "layers", placeholder: "all with a state", inputmode: "numeric" });
  const lags = el("input", { type: "text", name: "lags", placeholder: "0", inputmode: "numeric" });
  const modernOptions = el("div", { class: "folder-parts", "data-testid": "modern-recording" }, field("layers (e.g. 1 or 0 1)", layers), field("lags (e.g. 0 1 2)", lags));
  const gates = field("gates", el("input", { type: "checkbox", name: "gates" }));
  const chosenIsModern = () => Boolean(data.models.find((m) => String(m.id) === model.value)?.architecture);
  const follow = () => {
    modernOptions.hidden = !chosenIsModern();
    gates.hidden = chosenIsModern(); // gates are an LSTM's and a GRU's
  };
  model.addEventListener("change", follow);
  follow();
  const numbers = (text: FormDataEntryValue | null) => String(text ?? "").trim().split(/[\s,]+/).filter(Boolean).map(Number);
  return formBox(
    "Start a recording",
    "start-recording",
    [
      field("model", model),
      chosenModelQuality(model, () => data.models),
      field("corpus", corpus),
      field("sequence mode", mode),
      field("top words (quantiles)", numberInput("RecordingCreate", "top_words")),
      field("max tokens (optional)", el("input", { type: "number", name: "max_tokens", min: 1 })),
      // SPEC 13: each state k = 0..trace steps after each top word (how long words stay; half-lives)
      field("trace (steps after a word; 0: none)", numberInput("RecordingCreate", "trace")),
      gates,
      modernOptions,
    ],
    async (form) => {
      const f = new FormData(form);
      const modern = chosenIsModern();
      await post("/recordings", {
        model_id: Number(f.get("model_id")),
        corpus_id: Number(f.get("corpus_id")),
        sequence_mode: f.get("sequence_mode"),
        top_words: Number(f.get("top_words")),
        max_tokens: f.get("max_tokens") ? Number(f.get("max_tokens")) : null,
        trace: Number(f.get("trace") || 0),
        gates: !modern && f.get("gates") === "on",
        ...(modern && numbers(f.get("layers")).length ? { layers: numbers(f.get("layers")) } : {}),
        ...(modern && numbers(f.get("lags")).length ? { lags: numbers(f.get("lags")) } : {}),
      });
      await refresh();
    },
    data.models.length === 0 || data.corpora.length === 0
      ? `Upload ${[data.models.length ? "" : "a model", data.corpora.length ? "" : "a corpus"].filter(Boolean).join(" and ")} first: a recording reads a corpus with a model.`
      : null,
  );
}
