// One co-cluster panel: the co-clustering form, the chart (chips, clouds, edges) with its display
// controls and word search, and, in the single view, the trust tools (the scan over k, the edits, the
// ablations) under it. The co-cluster view holds one panel, the compare view two. In the single view
// the graph comes first: chips in the middle, clouds around, sized to the rest of the first screen.
import { get, post, provenanceOf, query, type Coclustering, type Model, type Page, type Recording, type WordResponse } from "../../api";
import { colourExtentOf, drawCocluster, legend } from "../../charts/cocluster";
import { exportButtons } from "../../charts/export";
import { halfLifeOrder, halfLifeShort, type ChipHalfLives } from "../../charts/trace";
import { fieldSpec } from "../../defaults";
import { clear, el, errorBox, field, progressBar, reloadOnReturn } from "../../dom";
import { pollJob } from "../../jobs";
import { emptyNotice } from "../../layout";
import { rememberView, routeHash, updateParams } from "../../route";
import { ablationBox } from "./ablation";
import { editBox } from "./edits";
import { requestedSettings, settingsForm, type SettingsChanges, type SettingsForm } from "./form";
import { readingLine } from "../../charts/reading";
import { qualityLine, qualityOf, scanBox } from "./trust";
import { shareButton } from "../share";

const MAX_WORDS = 3; // words colouring the units at once (stripes side by side)
const MIN_GRAPH_HEIGHT = 420; // the graph's room when little of the first screen is left (a short window)
const SCREEN_MARGIN = 8; // kept free under the graph at the first screen's bottom

/** One co-cluster panel; `prefix` namespaces its URL parameters (the compare view holds two). */
export class CoclusterPanel {
  readonly node = el("section", { class: "panel cocluster-panel" });
  private readonly chart = el("div", { class: "chart" });
  private readonly status = el("div", { class: "status", "aria-live": "polite" });
  private readonly error = errorBox();
  private readonly find = el("span", { class: "find-slot" }); // the word search, filled per co-clustering
  // the words colouring the units, with their word views: beside the search, so that choosing a word
  // leaves the graph's room (and its clouds' words) as they were
  private readonly chosen = el("span", { class: "chosen-words" });
  private readonly share = el("span", { class: "share-slot" }); // the single view's Share button, per co-clustering
  private readonly lives = el("span", { class: "half-life-slot" }); // SPEC 13: colour and sort the chips by half-life
  private halfLives: ChipHalfLives | null = null; // where the recording kept a trace
  private form: SettingsForm | null = null;
  private svg: SVGSVGElement | null = null;
  co: Coclustering | null = null;
  private modelWarning: string | null = null; // its recording's model's, from its training
  private recordingLabel = ""; // the exports' title names it
  private readingQuality: Recording["quality"] = null; // how well its recording's model reads the text
  private parentModularity: number | null = null; // an edited co-clustering's parent's
  private readonly tools = el("div", { class: "trust-tools" });
  // the co-clustering the tools were drawn for: a redraw of the same one (a word clicked, a cloud
  // opened) keeps the scan and ablation results the user is reading
  private toolsFor: number | null = null;
  onShown: (co: Coclustering) => void = () => {};
  onDrawn: () => void = () => {}; // after every drawing of the chart (the compare view's links follow it)
  // The unit colours' ± end: this panel's own largest value unless a view shares one between panels
  // (the compare view: one scale for both); drawnExtent is what the last drawing used.
  colourExtent: (own: number) => number = (own) => own;
  ownExtent = 0;
  drawnExtent = 0;

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

  /** Co-cluster with `k` clusters (the form shows it); `changes`: what else the URL says. */
  private coclusterWith(k: number, changes: SettingsChanges = {}): void {
    this.form?.setClusters(k);
    this.set({ k, ...changes });
    void this.load();
  }

  async mount(): Promise<void> {
    const listRecordings = async () => (await get<Page<Recording>>(`/recordings${query({ status: "succeeded", limit: 500 })}`)).items;
    const recordings = await listRecordings();
    const form = settingsForm((key) => this.p(key), recordings, (changes) => {
      this.co = null; // the settings are remembered for the navigation once they load
      this.set(changes);
      void this.load();
    });
    this.form = form;
    // recordings that finish in another tab appear when the user comes back; the choice stays
    reloadOnReturn(this.node, async () => form.setRecordings(await listRecordings()));
    this.node.append(form.node, this.displayControls(), this.error.node, this.status, this.chart);
    // the scan, the edits and the ablations (the single view only): under the graph, which comes first
    if (!this.prefix) this.node.append(this.tools);
    // a link to a recording this user cannot see (another user's, deleted, not finished) says so, in
    // the server's own words when it answers 404, rather than "no recording yet"
    const named = this.p("recording");
    if (named && !recordings.some((r) => String(r.id) === named)) {
      const why = await get<Recording>(`/recordings/${named}`).then(
        (r) => `recording ${r.id} has not finished (${r.status})`,
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
      this.error.show(`This link names recording ${named}: ${why}. Choose one of yours above.`);
      return;
    }
    if (recordings.length === 0) {
      this.status.textContent = "No finished recording yet: start one from the dashboard.";
      return;
    }
    if (this.p("recording")) await this.load();
  }

  /** How the chart is drawn (not what is co-clustered): the link filter, stroke width, and export. */
  private displayControls(): HTMLElement {
    const filter = el("input", { type: "range", name: "filter", min: 0, max: 1, step: 0.05, value: this.p("filter") ?? "0.2" });
    const stroke = el("input", { type: "range", name: "stroke", min: 1, max: 20, step: 1, value: this.p("stroke") ?? "8" });
    const redraw = () => {
      this.set({ filter: filter.value, stroke: stroke.value });
      void this.draw();
    };
    filter.addEventListener("input", redraw);
    stroke.addEventListener("input", redraw);
    return el(
      "div",
      { class: "controls secondary" },
      field("link filter", filter),
      field("stroke width", stroke),
      this.find,
      this.chosen,
      this.lives,
      this.share,
      exportButtons(
        () => this.svg,
        () => (this.co ? `cocluster-${this.co.id}-layer${this.co.layer}-${this.co.state}-k${this.co.n_clusters}-${this.co.mode}` : "cocluster"),
        () => this.chart.querySelector<HTMLElement>("[data-testid=cocluster-legend]"),
        () => this.caption(),
        () => provenanceOf("coclustering", this.co?.id)(),
      ),
    );
  }

  /** What an export says of itself: recording, co-clustering, layer, state, k and mode, and the quality. */
  private caption(): { title: string; lines: string[] } | null {
    const co = this.co;
    if (!co) return null;
    const edited = co.parent_id ? ` (edited from co-clustering ${co.parent_id})` : "";
    const title = `${this.recordingLabel ? `${this.recordingLabel}: ` : ""}${co.consensus ? "consensus " : ""}co-clustering ${co.id}${edited}, ` +
      `layer ${co.layer}, state ${co.state}, k = ${co.n_clusters}, ${co.mode} mode`;
    const quality = qualityOf(co);
    return { title, lines: quality ? [quality.text] : [] };
  }

  private words(): string[] {
    return (this.p("words") ?? "").split(",").filter(Boolean);
  }

  /** Find the co-clustering with these parameters, or start one and follow its progress. */
  async load(): Promise<void> {
    this.error.hide();
    const rec = this.p("recording");
    if (!rec) return;
    try {
      // an edited co-clustering is named by its id; any other by its settings: the server answers
      // the same request with the co-clustering it already has, or starts one
      const started = this.p("id")
        ? { id: Number(this.p("id")) }
        : await post<{ id: number }>(`/recordings/${rec}/coclusterings`, { ...requestedSettings(this.params, this.prefix), seed: 0 });
      const co = await pollJob<Coclustering>(`/coclusterings/${started.id}`, {
        what: "co-clustering",
        onProgress: (c) => {
          clear(this.status);
          this.status.append(`co-clustering ${c.id}: ${c.status}`, progressBar(c.progress, c.status, `progress of co-clustering ${c.id}`));
        },
      });
      this.co = co;
      this.form?.show(co);
      clear(this.share);
      if (!this.prefix) this.share.append(shareButton("coclustering", co.id, co.label));
      // a model that learned nothing makes chips of noise: say so above them
      const recording = await get<Recording>(`/recordings/${co.recording_id}`);
      this.recordingLabel = recording.label;
      this.readingQuality = recording.quality;
      this.modelWarning = (await get<Model>(`/models/${recording.model_id}`)).training?.warning ?? null;
      this.halfLives = await this.readHalfLives(co, recording);
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
      clear(this.share);
      this.toolsFor = null;
      this.error.show(e);
      this.status.textContent = "";
    }
  }

  /** The chips' half-lives where the recording kept a trace (SPEC 13), with the controls that colour and
   * sort the chips by them; without a trace, a line saying why there are none. */
  private async readHalfLives(co: Coclustering, recording: Recording): Promise<ChipHalfLives | null> {
    clear(this.lives);
    if (this.prefix) return null; // the compare view's panels: the response colours only
    const depth = Number((recording.options as Record<string, unknown>)?.trace ?? 0);
    if (!depth) {
      const bound = fieldSpec("RecordingCreate", "trace");
      this.lives.append(el("span", { class: "sub", "data-testid": "no-half-lives" }, `No half-lives: this recording kept no trace (record with a trace of ${Math.max(1, bound.minimum ?? 1)}–${bound.maximum} steps).`));
      return null;
    }
    let lives: ChipHalfLives;
    try {
      lives = await get<ChipHalfLives>(`/coclusterings/${co.id}/half-lives`);
    } catch (e) {
      this.lives.append(el("span", { class: "sub", "data-testid": "no-half-lives" }, `No half-lives: ${e instanceof Error ? e.message : String(e)}`));
      return null;
    }
    const colourBy = el("select", { name: "colour-by", "aria-label": "colour the units by" },
      el("option", { value: "response" }, "response"), el("option", { value: "half-life" }, "half-life"));
    colourBy.value = this.p("colour") === "half-life" ? "half-life" : "response";
    const sort = el("input", { type: "checkbox", name: "sort-half-life" });
    sort.checked = this.p("sort") === "half-life";
    colourBy.addEventListener("change", () => { this.set({ colour: colourBy.value === "half-life" ? "half-life" : null }); void this.draw(); });
    sort.addEventListener("change", () => { this.set({ sort: sort.checked ? "half-life" : null }); void this.draw(); });
    this.lives.append(field("colour units by", colourBy), el("label", { class: "field inline" }, sort, el("span", {}, `sort chips by half-life (1–${lives.depth} steps)`)));
    return lives;
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

  /** The id of the datalist of the co-clustering's words (the search box's; the edits' word field uses it). */
  private wordListId(): string {
    return `${this.prefix || "co"}-words`.replace(/\W/g, "-");
  }

  /** Find any word of the co-clustering: its cloud opens in full if the word was not shown. */
  private searchBox(co: Coclustering, expanded: Set<number>): HTMLElement {
    const words = co.words ?? [];
    const listId = this.wordListId();
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

  /** The trust tools under the chart: which k (a scan with this co-clustering's settings), edits, ablations. */
  private drawTools(co: Coclustering): void {
    clear(this.tools);
    this.tools.append(
      scanBox(co, (k) => this.coclusterWith(k, { id: null })),
      editBox(co, this.wordListId(), async (child) => {
        this.set({ id: child.id, k: child.n_clusters, words: null });
        await this.load();
      }),
      ablationBox(co),
    );
  }

  /** The quality line's "scan k": the scan of "Which k?" (under the graph), started and shown. */
  private startScan(): void {
    const box = this.tools.querySelector<HTMLElement>("[data-testid=scan]");
    box?.scrollIntoView({ block: "start", behavior: "smooth" });
    box?.querySelector<HTMLButtonElement>("button:not(:disabled)")?.click();
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
      `${co.consensus ? `consensus co-clustering ${co.id} (the vote of ${co.seeds} seeds)` : `co-clustering ${co.id}`}: layer ${co.layer}, state ${co.state}, ${co.n_clusters} clusters, ` +
        `${co.words?.length ?? 0} words x ${co.unit_labels?.length ?? 0} units. Click a word to colour the units by ` +
        "its response, a chip or a cloud to see its partners, a unit for its words. ",
    );
    const line = qualityLine(co, {
      mode: (mode) => this.form?.submitWith({ mode }),
      scan: this.prefix ? null : () => this.startScan(),
    });
    if (line) this.status.append(line);
    const reading = readingLine(this.readingQuality); // any model, uploaded too: judged on this very text
    if (reading) this.status.append(el("div", {}, reading));
    if (co.parent_id) {
      this.status.append(
        el("div", { class: "sub", "data-testid": "edit-history" }, `edited from `,
          el("a", { href: routeHash("cocluster", { recording: co.recording_id, id: co.parent_id }) }, `co-clustering ${co.parent_id}`),
          this.parentModularity !== null ? ` (modularity ${this.parentModularity.toFixed(3)} before, ${co.quality?.modularity.toFixed(3)} after)` : ""),
      );
    }
    const selected = this.words();
    clear(this.chosen);
    if (selected.length) {
      this.chosen.append(
        el("button", { type: "button", class: "small", onclick: () => { this.set({ words: null }); void this.draw(); } }, "clear words"),
        " ",
        "word view: ",
        ...selected.flatMap((w, i) => [
          i ? ", " : "",
          el("a", { href: routeHash("word", { recording: co.recording_id, layer: co.layer, state: co.state, word: w, co: co.id }) }, w),
        ]),
      );
    }
    const expanded = new Set((this.p("open") ?? "").split(",").filter(Boolean).map(Number));
    clear(this.find);
    this.find.append(this.searchBox(co, expanded));
    // what stands above the graph: warnings first, then the key
    if (this.modelWarning) {
      this.chart.append(el("p", { class: "notice", "data-testid": "model-warning", role: "status" }, `The chips below may be noise. ${this.modelWarning}`));
    }
    const notice = emptyNotice(co.unit_clusters ?? [], co.word_clusters ?? []);
    if (notice) {
      const retry = el("button", { type: "button", onclick: () => this.coclusterWith(notice.smallerK) }, `co-cluster with k = ${notice.smallerK}`);
      this.chart.append(el("p", { class: "notice", "data-testid": "empty-clusters", role: "status" }, notice.text + " ", retry));
    }
    this.ownExtent = colourExtentOf(responses, co.unit_strength ?? []);
    this.drawnExtent = this.colourExtent(this.ownExtent);
    const lives = this.halfLives;
    const byHalfLife = lives !== null && this.p("colour") === "half-life";
    this.chart.append(legend(responses, co.unit_strength ?? [], co.mode, this.drawnExtent, byHalfLife ? lives.depth : undefined));
    if (lives && this.p("sort") === "half-life") {
      const order = halfLifeOrder(lives.chips);
      this.status.append(el("div", { class: "half-life-order", "data-testid": "half-life-order" }, "chips top to bottom by half-life: ",
        order.filter((c) => (co.unit_clusters?.[c]?.length ?? 0) > 0).map((c) => `#${c} (${halfLifeShort(lives.chips[c], lives.depth)})`).join(", ")));
    }
    const width = Math.max(520, (this.node.clientWidth || 1100) - 20); // the whole chart inside its panel
    // the graph fits the rest of the first screen (its clouds show fewer words to fit)
    const graphTop = this.chart.getBoundingClientRect().bottom + window.scrollY;
    const height = Math.max(MIN_GRAPH_HEIGHT, window.innerHeight - graphTop - SCREEN_MARGIN); // the compare view's panels too
    this.svg = drawCocluster(this.chart, co, {
      width,
      height,
      centred: !this.prefix,
      filter: Number(this.p("filter") ?? 0.2),
      maxStroke: Number(this.p("stroke") ?? 8),
      wordResponses: responses,
      expanded,
      mirror: this.mirror,
      colourExtent: this.drawnExtent,
      halfLives: lives,
      colourBy: byHalfLife ? "half-life" : "response",
      order: lives && this.p("sort") === "half-life" ? halfLifeOrder(lives.chips) : undefined,
      onWord: (word) => this.pickWord(word),
      onUnit: (unit) => {
        location.hash = routeHash("unit", { recording: co.recording_id, layer: co.layer, state: co.state, unit, co: co.id });
      },
      onExpand: (cloud) => {
        this.set({ open: [...expanded, cloud].join(",") });
        void this.draw();
      },
    });
    const picked = this.chart.querySelectorAll<SVGTextElement>("text.word");
    picked.forEach((t) => t.classList.toggle("picked", selected.includes(t.getAttribute("data-word") ?? "")));
    this.onDrawn();
    if (!this.prefix && this.toolsFor !== co.id) {
      this.toolsFor = co.id;
      this.drawTools(co);
    }
  }
}
