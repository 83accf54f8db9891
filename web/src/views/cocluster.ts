// Co-cluster view: pick a recording, layer, state, clusters, top words and mode; see chips, clouds, edges.
import { FORM_DEFAULTS, fieldSpec } from "../defaults";
import { ApiError, get, post, query, type Coclustering, type Model, type Page, type Recording, type WordResponse } from "../api";
import { scanChart } from "../charts/scan";
import { ablationChart, ablationMatrix } from "../charts/ablation";
import type { components } from "../generated/api";

type ScanOut = components["schemas"]["ScanOut"];
type AblationOut = components["schemas"]["AblationOut"];
import { CONFIDENT, drawCocluster, legend } from "../charts/cocluster";
import { cloudWords, emptyNotice } from "../layout";
import { exportButtons } from "../charts/export";
import { clear, el, errorBox, field, options, progressBar, reloadOnReturn, sleep } from "../dom";
import { intParam, rememberView, routeHash, updateParams } from "../route";

const MAX_WORDS = 3;

/** One co-cluster panel; `prefix` namespaces its URL parameters (the compare view holds two). */
export class CoclusterPanel {
  readonly node = el("section", { class: "panel cocluster-panel" });
  private readonly chart = el("div", { class: "chart" });
  private readonly status = el("div", { class: "status", "aria-live": "polite" });
  private readonly error = errorBox();
  private svg: SVGSVGElement | null = null;
  co: Coclustering | null = null;
  private modelWarning: string | null = null; // its recording's model's, from its training
  private parentModularity: number | null = null; // an edited co-clustering's parent's
  private readonly tools = el("div", { class: "trust-tools" });
  // the co-clustering the tools were drawn for: a redraw of the same one (a word clicked, a cloud
  // opened) keeps the scan and ablation results the user is reading
  private toolsFor: number | null = null;
  onShown: (co: Coclustering) => void = () => {};
  onDrawn: () => void = () => {}; // after every drawing of the chart (the compare view's links follow it)

  constructor(
    private readonly params: URLSearchParams,
    private readonly prefix = "",
    private readonly mirror = false, // chips on the right (the compare view's left panel)
  ) {}

  private p(key: string): string | null {
    return this.params.get(this.prefix + key);
  }

  private set(changes: Record<string, string | number | undefined | null>): void {
    const prefixed: Record<string, string | number | undefined | null> = {};
    for (const [k, v] of Object.entries(changes)) {
      prefixed[this.prefix + k] = v;
      if (v === undefined || v === null || v === "") this.params.delete(this.prefix + k);
      else this.params.set(this.prefix + k, String(v));
    }
    updateParams(prefixed);
    if (!this.prefix && this.co) rememberView("cocluster");
  }

  async mount(): Promise<void> {
    const listRecordings = async () => (await get<Page<Recording>>(`/recordings${query({ status: "succeeded", limit: 500 })}`)).items;
    let recordings = await listRecordings();
    const recording = el("select", { name: "recording", "aria-label": "recording" });
    const fillRecordings = (chosen?: string) =>
      options(
        recording,
        recordings.map((r) => [String(r.id), `${r.label} (${(r.tokens ?? 0).toLocaleString()} tokens, #${r.id})`]),
        chosen,
      );
    fillRecordings(this.p("recording") ?? undefined);
    // recordings that finish in another tab appear when the user comes back; the choice stays
    reloadOnReturn(this.node, async () => {
      recordings = await listRecordings();
      fillRecordings(recording.value);
    });
    const layer = el("select", { name: "layer" });
    const state = el("select", { name: "state" });
    const fillChannels = () => {
      const rec = recordings.find((r) => String(r.id) === recording.value);
      options(layer, (rec?.layers ?? [0]).map((l) => [String(l), String(l)]), this.p("layer") ?? String(Math.max(...(rec?.layers ?? [0]))));
      options(state, (rec?.states ?? ["h"]).map((s) => [s, s]), this.p("state") ?? "h");
    };
    recording.addEventListener("change", fillChannels);
    fillChannels();
    const d = FORM_DEFAULTS.coclustering;
    const bound = (field: "n_clusters" | "top_words" | "min_count") => fieldSpec("CoclusteringCreate", field);
    const clusters = el("input", {
      type: "number", name: "n_clusters", min: bound("n_clusters").minimum, max: bound("n_clusters").maximum,
      value: this.p("k") ?? String(d.n_clusters),
    });
    const topWords = el("input", {
      type: "number", name: "top_words", min: bound("top_words").minimum, max: bound("top_words").maximum,
      value: this.p("top") ?? String(d.top_words),
    });
    const minCount = el("input", {
      type: "number", name: "min_count", min: bound("min_count").minimum, value: this.p("min") ?? String(d.min_count),
    });
    const mode = el("select", { name: "mode" });
    options(mode, ["abs", "positive", "negative", "raw"].map((m) => [m, m]), this.p("mode") ?? d.mode);
    const selection = el("select", { name: "word_selection" });
    options(selection, [["frequent", "most frequent"], ["salient", "most salient"], ["list", "a list"]], this.p("sel") ?? d.word_selection);
    const listed = el("textarea", { name: "words", rows: 1, cols: 28, placeholder: "good, bad, great, awful", "aria-label": "words to co-cluster" });
    listed.value = this.p("list") ?? "";
    const listField = field("words (list)", listed);
    const showList = () => (listField.hidden = selection.value !== "list");
    selection.addEventListener("change", showList);
    showList();
    const seeds = el("input", { type: "number", name: "seeds", min: 1, max: fieldSpec("CoclusteringCreate", "seeds").maximum, value: this.p("seeds") ?? String(d.seeds) });
    const filter = el("input", { type: "range", name: "filter", min: 0, max: 1, step: 0.05, value: this.p("filter") ?? "0.2" });
    const stroke = el("input", { type: "range", name: "stroke", min: 1, max: 20, step: 1, value: this.p("stroke") ?? "8" });
    const show = el("button", { type: "submit" }, "Show");
    const form = el(
      "form",
      { class: "controls" },
      field("recording", recording),
      field("layer", layer),
      field("state", state),
      field("clusters", clusters),
      field("top words", topWords),
      field("min count", minCount),
      field("mode", mode),
      field("words", selection),
      listField,
      field("seeds", seeds),
      show,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.co = null; // the settings are remembered for the navigation once they load
      this.set({
        recording: recording.value,
        layer: layer.value,
        state: state.value,
        k: clusters.value,
        top: topWords.value,
        min: minCount.value,
        mode: mode.value,
        sel: selection.value === "frequent" ? null : selection.value,
        list: selection.value === "list" ? listed.value : null,
        seeds: seeds.value === "1" ? null : seeds.value,
        id: null, // the settings name the co-clustering now, not an id
      });
      void this.load();
    });
    const redraw = () => {
      this.set({ filter: filter.value, stroke: stroke.value });
      void this.draw();
    };
    filter.addEventListener("input", redraw);
    stroke.addEventListener("input", redraw);
    const display = el(
      "div",
      { class: "controls secondary" },
      field("link filter", filter),
      field("stroke width", stroke),
      exportButtons(
        () => this.svg,
        () => (this.co ? `cocluster-${this.co.id}-layer${this.co.layer}-${this.co.state}-k${this.co.n_clusters}-${this.co.mode}` : "cocluster"),
        () => this.chart.querySelector<HTMLElement>("[data-testid=cocluster-legend]"),
      ),
    );
    this.node.append(form, display, this.error.node, this.status);
    if (!this.prefix) this.node.append(this.tools); // the scan and the edits: the single view only
    this.node.append(this.chart);
    if (recordings.length === 0) {
      this.status.textContent = "No finished recording yet: start one from the dashboard.";
      return;
    }
    if (this.p("recording")) await this.load();
  }

  private words(): string[] {
    return (this.p("words") ?? "").split(",").filter(Boolean);
  }

  /** Find the co-clustering with these parameters, or start one and follow its progress. */
  async load(): Promise<void> {
    this.error.hide();
    const rec = this.p("recording");
    if (!rec) return;
    const selection = this.p("sel") ?? FORM_DEFAULTS.coclustering.word_selection;
    const wanted = {
      layer: intParam(this.params, this.prefix + "layer", 0),
      state: this.p("state") ?? "h",
      n_clusters: intParam(this.params, this.prefix + "k", FORM_DEFAULTS.coclustering.n_clusters),
      top_words: intParam(this.params, this.prefix + "top", FORM_DEFAULTS.coclustering.top_words),
      min_count: intParam(this.params, this.prefix + "min", FORM_DEFAULTS.coclustering.min_count),
      mode: this.p("mode") ?? FORM_DEFAULTS.coclustering.mode,
      word_selection: selection,
      words: selection === "list" ? listedWords(this.p("list") ?? "") : null,
      seeds: intParam(this.params, this.prefix + "seeds", FORM_DEFAULTS.coclustering.seeds),
    };
    try {
      // an edited co-clustering is named by its id; any other by its settings: the server answers
      // the same request with the co-clustering it already has, or starts one
      const started = this.p("id")
        ? { id: Number(this.p("id")) }
        : await post<{ id: number }>(`/recordings/${rec}/coclusterings`, { ...wanted, seed: 0 });
      let co = await get<Coclustering>(`/coclusterings/${started.id}`);
      while (co.status === "queued" || co.status === "running") {
        clear(this.status);
        this.status.append(`co-clustering ${co.id}: ${co.status}`, progressBar(co.progress, co.status, `progress of co-clustering ${co.id}`));
        await sleep(400);
        co = await get<Coclustering>(`/coclusterings/${co.id}`);
      }
      if (co.status !== "succeeded") throw new ApiError(500, co.error ?? `co-clustering ${co.status}`);
      this.co = co;
      this.showSettings(co);
      // a model that learned nothing makes chips of noise: say so above them
      const recording = await get<Recording>(`/recordings/${co.recording_id}`);
      this.modelWarning = (await get<Model>(`/models/${recording.model_id}`)).training?.warning ?? null;
      this.parentModularity = co.parent_id
        ? ((await get<Coclustering>(`/coclusterings/${co.parent_id}`).catch(() => null))?.quality?.modularity ?? null)
        : null;
      await this.draw();
      if (!this.prefix) rememberView("cocluster"); // the Co-clusters link comes back to it
      this.onShown(co);
    } catch (e) {
      // no chart of other settings under the message: what is shown is what the form asks for
      this.co = null;
      this.svg = null;
      clear(this.chart);
      clear(this.tools);
      this.toolsFor = null;
      this.error.show(e);
      this.status.textContent = "";
    }
  }

  /** Colour the units by one word's response alone (the compare view shows it in both panels). */
  async showWord(word: string): Promise<void> {
    this.set({ words: word || null });
    await this.draw();
  }

  private pickWord(word: string): void {
    const words = [...this.words().filter((w) => w !== word), word].slice(-MAX_WORDS);
    this.set({ words: words.join(",") });
    void this.draw();
  }

  /** Find any word of the co-clustering: its cloud opens in full if the word was not shown. */
  private searchBox(co: Coclustering, expanded: Set<number>): HTMLElement {
    const words = co.words ?? [];
    const listId = `${this.prefix || "co"}-words`.replace(/\W/g, "-");
    const input = el("input", { type: "search", name: "find", list: listId, placeholder: "find a word", "aria-label": "find a word" });
    const list = el("datalist", { id: listId });
    list.append(...words.map((w) => el("option", { value: w })));
    const message = el("span", { class: "sub", "aria-live": "polite" });
    const form = el("form", { class: "find-word" }, input, list, el("button", { type: "submit", class: "small" }, "find"), message);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const index = words.indexOf(input.value.trim());
      if (index < 0) {
        message.textContent = `"${input.value.trim()}" is not among this co-clustering's ${words.length} words`;
        return;
      }
      const cloud = co.word_labels?.[index] ?? -1;
      if (cloud >= 0) this.set({ open: [...new Set([...expanded, cloud])].join(",") });
      this.pickWord(words[index]);
    });
    return form;
  }

  /** The form shows the settings of the co-clustering drawn (one opened by its id included). */
  private showSettings(co: Coclustering): void {
    const values: Record<string, string> = {
      layer: String(co.layer), state: co.state, n_clusters: String(co.n_clusters), top_words: String(co.top_words),
      min_count: String(co.min_count), mode: co.mode, word_selection: co.word_selection,
      words: (co.words_listed ?? []).join(", "), seeds: String(co.seeds),
    };
    for (const [name, value] of Object.entries(values)) {
      const input = this.node.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(`form.controls [name=${name}]`);
      if (input && input.value !== value) {
        input.value = value;
        if (name === "word_selection") input.dispatchEvent(new Event("change"));
      }
    }
  }

  /** Choosing k (a scan with this co-clustering's settings) and editing it (SPEC 9). */
  private drawTools(co: Coclustering): void {
    clear(this.tools);
    const scanBox = el("section", { "data-testid": "scan" }, el("h2", {}, "Which k?"));
    const scanButton = el("button", { type: "button", class: "small" },
      `scan k ${FORM_DEFAULTS.scan.k_min}-${FORM_DEFAULTS.scan.k_max} with ${FORM_DEFAULTS.scan.seeds} seeds`);
    const scanStatus = el("div", { class: "sub", "aria-live": "polite" });
    scanBox.append(scanButton, scanStatus);
    scanButton.addEventListener("click", async () => {
      scanButton.disabled = true;
      try {
        const started = await post<{ id: number }>(`/recordings/${co.recording_id}/coclustering-scans`, {
          layer: co.layer, state: co.state, word_selection: co.word_selection, words: co.words_listed ?? null,
          top_words: co.top_words, min_count: co.min_count, mode: co.mode,
        });
        let scan = await get<ScanOut>(`/coclustering-scans/${started.id}`);
        while (scan.status === "queued" || scan.status === "running") {
          clear(scanStatus);
          scanStatus.append(progressBar(scan.progress, scan.status, `progress of scan ${scan.id}`));
          await sleep(400);
          scan = await get<ScanOut>(`/coclustering-scans/${scan.id}`);
        }
        if (scan.status !== "succeeded") throw new ApiError(500, scan.error ?? `scan ${scan.status}`);
        clear(scanStatus);
        const pick = (k: number) => {
          const input = this.node.querySelector<HTMLInputElement>("input[name=n_clusters]");
          if (input) input.value = String(k);
          this.set({ k, id: null });
          void this.load();
        };
        scanStatus.append(
          scanChart(scan, pick),
          el("div", {}, `suggested k = ${scan.suggested_k}: the best modularity among the k at least 0.8 as stable as the most stable; click a k to co-cluster with it `,
            el("button", { type: "button", class: "small", "data-testid": "use-suggested-k", onclick: () => pick(scan.suggested_k ?? co.n_clusters) }, `co-cluster with k = ${scan.suggested_k}`)),
        );
      } catch (e) {
        scanStatus.textContent = e instanceof Error ? e.message : String(e);
      } finally {
        scanButton.disabled = false;
      }
    });

    // edits: each makes a new co-clustering (its parent is this one) and shows it
    const editBox = el("section", { "data-testid": "edit" }, el("h2", {}, "Edit the chips"));
    const editError = el("div", { class: "error", role: "alert", hidden: true });
    const clusterChoice = (name: string) => {
      const select = el("select", { name, "aria-label": name });
      options(select, Array.from({ length: co.n_clusters }, (_, i): [string, string] => [String(i), `#${i}`]));
      return select;
    };
    const apply = async (edits: Record<string, unknown>) => {
      editError.hidden = true;
      try {
        const child = await post<Coclustering>(`/coclusterings/${co.id}/edits`, edits);
        this.set({ id: child.id, k: child.n_clusters, words: null });
        await this.load();
      } catch (e) {
        editError.hidden = false;
        editError.textContent = e instanceof Error ? e.message : String(e);
      }
    };
    const word = el("input", { name: "move-word", list: `${this.prefix || "co"}-words`.replace(/\W/g, "-"), placeholder: "a word", "aria-label": "word to move", size: 12 });
    const unit = el("input", { name: "move-unit", type: "number", min: 0, max: (co.unit_labels?.length ?? 1) - 1, placeholder: "unit", "aria-label": "unit to move", style: "width:5em" });
    const moveTo = clusterChoice("move-to");
    const mergeA = clusterChoice("merge-into");
    const mergeB = clusterChoice("merge-from");
    mergeB.value = String(Math.min(1, co.n_clusters - 1));
    const splitWhich = clusterChoice("split-cluster");
    const splitParts = el("input", { name: "split-k", type: "number", min: 2, max: 10, value: 2, style: "width:4em", "aria-label": "parts" });
    editBox.append(
      el("div", { class: "edit-row" }, "move word", word, "or unit", unit, "to", moveTo,
        el("button", { type: "button", class: "small", onclick: () => {
          const moves = [];
          if (word.value.trim()) moves.push({ word: word.value.trim(), to: Number(moveTo.value) });
          if (unit.value !== "") moves.push({ unit: Number(unit.value), to: Number(moveTo.value) });
          if (moves.length === 0) { editError.hidden = false; editError.textContent = "Name a word or a unit to move."; return; }
          void apply({ moves });
        } }, "move")),
      el("div", { class: "edit-row" }, "merge", mergeB, "into", mergeA,
        el("button", { type: "button", class: "small", onclick: () => void apply({ merge: [Number(mergeA.value), Number(mergeB.value)] }) }, "merge")),
      el("div", { class: "edit-row" }, "split", splitWhich, "into", splitParts, "parts",
        el("button", { type: "button", class: "small", onclick: () => void apply({ split: { cluster: Number(splitWhich.value), k: Number(splitParts.value) } }) }, "split")),
      editError,
    );
    this.tools.append(scanBox, editBox, this.ablationBox(co));
  }

  /** Ablation (SPEC 9): freeze a chip's units while the model reads its corpus, beside random
   * controls; per cloud the loss change, and the chips x clouds matrix once every chip is tested. */
  private ablationBox(co: Coclustering): HTMLElement {
    const box = el("section", { "data-testid": "ablation" }, el("h2", {}, "Does the model use a chip?"));
    const chips = (co.unit_clusters ?? []).flatMap((units, i) => (units.length ? [i] : []));
    const chip = el("select", { name: "ablate-chip", "aria-label": "chip to test" });
    options(chip, chips.map((i): [string, string] => [String(i), `chip #${i} (${co.unit_clusters?.[i]?.length} units)`]));
    // how much each test costs: its random controls (the z's baseline) and how much of the corpus it reads
    const controlSpec = fieldSpec("AblationCreate", "controls");
    const controls = el("input", { type: "number", name: "ablate-controls", min: controlSpec.minimum, max: controlSpec.maximum,
      value: String(FORM_DEFAULTS.ablation.controls) });
    const tokens = el("input", { type: "number", name: "ablate-max-tokens", min: fieldSpec("AblationCreate", "max_tokens").minimum,
      placeholder: "the whole corpus" });
    const settings = () => ({ controls: Number(controls.value), ...(tokens.value ? { max_tokens: Number(tokens.value) } : {}) });
    const result = el("div", { class: "ablation-result", "aria-live": "polite" });
    const cloudNames = (co.word_clusters ?? []).map((members, i) =>
      `#${i} ${cloudWords(members, co.word_strength ?? [], 3).map((w) => co.words?.[w]).join(" ")}`);
    const run = async (chipIndex: number): Promise<AblationOut> => {
      const started = await post<{ id: number }>(`/coclusterings/${co.id}/ablations`, { unit_cluster: chipIndex, ...settings() });
      let ab = await get<AblationOut>(`/ablations/${started.id}`);
      while (ab.status === "queued" || ab.status === "running") {
        clear(result);
        result.append(`chip #${chipIndex}: `, progressBar(ab.progress, ab.status, `progress of the test of chip ${chipIndex}`));
        await sleep(500);
        ab = await get<AblationOut>(`/ablations/${ab.id}`);
      }
      if (ab.status !== "succeeded") throw new ApiError(500, ab.error ?? `ablation ${ab.status}`);
      return ab;
    };
    const show = (ab: AblationOut) => {
      clear(result);
      const loss = ab.loss;
      result.append(
        el("p", { class: "sub" }, `chip #${ab.unit_cluster} frozen: loss ${loss?.unablated.toFixed(4)} → ${loss?.ablated.toFixed(4)} nats ` +
          `(random sets: ${(loss?.controls ?? []).map((c) => c.toFixed(4)).join(", ")})` +
          (ab.accuracy?.unablated != null ? `; accuracy ${(100 * Number(ab.accuracy.unablated)).toFixed(1)} % → ${(100 * Number(ab.accuracy.ablated)).toFixed(1)} %` : "") +
          "; red: z ≥ 2"),
        ablationChart(ab, cloudNames),
        el("p", { class: "sub" }, "most hurt words: " + (ab.most_hurt ?? []).slice(0, 10).map((w) => `${w.word} ${w.delta >= 0 ? "+" : ""}${w.delta.toFixed(2)} (${w.count})`).join(", ")),
      );
    };
    const matrix = async () => {
      const done = (await get<Page<AblationOut>>(`/ablations${query({ coclustering_id: co.id, limit: 500 })}`)).items
        .filter((a) => a.status === "succeeded" && a.unit_cluster != null);
      const byChip = Array.from({ length: co.n_clusters }, (_, i) => [...done].reverse().find((a) => a.unit_cluster === i) ?? null);
      if (chips.every((i) => byChip[i])) result.append(ablationMatrix(byChip, co.n_clusters));
      return byChip;
    };
    const one = el("button", { type: "button", class: "small", onclick: async () => {
      try { show(await run(Number(chip.value))); await matrix(); } catch (e) { result.textContent = e instanceof Error ? e.message : String(e); }
    } }, "test this chip");
    const every = el("button", { type: "button", class: "small", onclick: async () => {
      try {
        let last: AblationOut | null = null;
        for (const i of chips) last = await run(i);
        if (last) show(last);
        await matrix();
      } catch (e) { result.textContent = e instanceof Error ? e.message : String(e); }
    } }, "test every chip");
    box.append(el("div", { class: "edit-row" }, chip, field("random controls", controls), field("tokens to read", tokens), one, every), result);
    void matrix().then((byChip) => { const shown = byChip.find(Boolean); if (shown && !result.querySelector(".ablation-chart")) result.prepend(ablationChart(shown, cloudNames)); });
    return box;
  }

  /** Outline one unit's cell (the compare view's alignment links). */
  pickUnit(unit: number | null): void {
    this.chart.querySelectorAll("g.unit.picked").forEach((node) => node.classList.remove("picked"));
    if (unit !== null) this.chart.querySelector(`g.unit[data-unit="${unit}"]`)?.classList.add("picked");
  }

  async draw(): Promise<void> {
    const co = this.co;
    if (!co) return;
    const responses: { word: string; mean: number[] }[] = [];
    for (const word of this.words()) {
      try {
        const r = await get<WordResponse>(
          `/recordings/${co.recording_id}/response${query({ word, layer: co.layer, state: co.state })}`,
        );
        responses.push({ word, mean: r.mean });
      } catch (e) {
        this.error.show(e);
      }
    }
    clear(this.chart);
    clear(this.status);
    this.status.append(
      `co-clustering ${co.id}: layer ${co.layer}, state ${co.state}, ${co.n_clusters} clusters, ` +
        `${co.words?.length ?? 0} words x ${co.unit_labels?.length ?? 0} units. Click a word to colour the units by ` +
        "its response, a chip or a cloud to see its partners, a unit for its words. ",
    );
    const line = qualityOf(co);
    if (line) this.status.append(el("div", { class: "quality-line", "data-testid": "cocluster-quality" }, line));
    if (co.parent_id) {
      this.status.append(
        el("div", { class: "sub", "data-testid": "edit-history" }, `edited from `,
          el("a", { href: routeHash("cocluster", { recording: co.recording_id, id: co.parent_id }) }, `co-clustering ${co.parent_id}`),
          this.parentModularity !== null ? ` (modularity ${this.parentModularity.toFixed(3)} before, ${co.quality?.modularity.toFixed(3)} after)` : ""),
      );
    }
    const selected = this.words();
    if (selected.length) {
      this.status.append(
        el("button", { type: "button", onclick: () => { this.set({ words: null }); void this.draw(); } }, "clear words"),
        " ",
        "word view: ",
        ...selected.flatMap((w, i) => [
          i ? ", " : "",
          el("a", { href: routeHash("word", { recording: co.recording_id, layer: co.layer, state: co.state, word: w, co: co.id }) }, w),
        ]),
      );
    }
    const width = Math.max(520, (this.node.clientWidth || 1100) - 20); // the whole chart inside its panel
    const expanded = new Set((this.p("open") ?? "").split(",").filter(Boolean).map(Number));
    this.svg = drawCocluster(this.chart, co, {
      width,
      filter: Number(this.p("filter") ?? 0.2),
      maxStroke: Number(this.p("stroke") ?? 8),
      wordResponses: responses,
      expanded,
      mirror: this.mirror,
      onWord: (word) => this.pickWord(word),
      onUnit: (unit) => {
        location.hash = routeHash("unit", { recording: co.recording_id, layer: co.layer, state: co.state, unit, co: co.id });
      },
      onExpand: (cloud) => {
        this.set({ open: [...expanded, cloud].join(",") });
        void this.draw();
      },
    });
    this.chart.prepend(legend(responses, co.unit_strength ?? [], co.mode), this.searchBox(co, expanded));
    const picked = this.chart.querySelectorAll<SVGTextElement>("text.word");
    picked.forEach((t) => t.classList.toggle("picked", selected.includes(t.getAttribute("data-word") ?? "")));
    this.onDrawn();
    const notice = emptyNotice(co.unit_clusters ?? [], co.word_clusters ?? []);
    if (notice) {
      const retry = el("button", { type: "button", onclick: () => {
        const input = this.node.querySelector<HTMLInputElement>("input[name=n_clusters]");
        if (input) input.value = String(notice.smallerK);
        this.set({ k: notice.smallerK });
        void this.load();
      } }, `co-cluster with k = ${notice.smallerK}`);
      this.chart.prepend(el("p", { class: "notice", "data-testid": "empty-clusters", role: "status" }, notice.text + " ", retry));
    }
    if (!this.prefix && this.toolsFor !== co.id) {
      this.toolsFor = co.id;
      this.drawTools(co);
    }
    if (this.modelWarning) {
      this.chart.prepend(el("p", { class: "notice", "data-testid": "model-warning", role: "status" }, `The chips below may be noise. ${this.modelWarning}`));
    }
  }
}

/** One line on how far the chips can be trusted (SPEC 9): modularity, block share beside its
 * random expectation, and stability over seeds when there were several. */
export function qualityOf(co: Coclustering): string | null {
  const q = co.quality;
  if (!q) return null;
  let line = `modularity ${q.modularity.toFixed(3)} · ${Math.round(100 * q.block_share)} % of the response inside the chips' blocks (${Math.round(100 * q.block_share_random)} % for random labels)`;
  if (co.stability) {
    line += ` · stability over ${co.seeds} seeds: units ${co.stability.units.toFixed(2)}, words ${co.stability.words.toFixed(2)}; faded members: under ${Math.round(100 * CONFIDENT)} % agreement`;
  }
  return line;
}

/** The words of the list field: separated by commas, spaces or new lines. */
export function listedWords(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

export async function coclusterView(root: HTMLElement, params: URLSearchParams): Promise<void> {
  root.append(el("h1", {}, "Co-cluster view"));
  const panel = new CoclusterPanel(params);
  root.append(panel.node);
  await panel.mount();
}
