// The co-clustering form: recording, layer, state, clusters, top words, minimum count, mode, which
// words, how many seeds and whether to report their consensus. Its settings live in the URL under short
// names (k, top, min, sel, list, seeds, consensus), so a link names a co-clustering; what the form
// leaves out takes the API's defaults. Consensus with 1 seed is sent as asked: the server's refusal
// (a 422 saying consensus needs seeds of at least 2) is shown in its words.
import type { Coclustering, Recording } from "../../api";
import { FORM_DEFAULTS, fieldSpec } from "../../defaults";
import { el, field, options } from "../../dom";
import { optionLabel } from "../../layout";
import { intParam } from "../../route";

/** URL parameter changes; null removes one (its default applies). */
export type SettingsChanges = Record<string, string | null>;

export interface SettingsForm {
  readonly node: HTMLFormElement;
  /** The recordings to choose from again (one finished elsewhere): the choice stays. */
  setRecordings(recordings: Recording[]): void;
  /** Show the settings of the co-clustering drawn (one opened by its id included). */
  show(co: Coclustering): void;
  /** Put k in the clusters field (a k chosen outside the form: the scan's, the empty notice's). */
  setClusters(k: number): void;
  /** Fill the form with these settings and submit it (the quality line's "co-cluster in positive mode"). */
  submitWith(settings: { mode?: string; k?: number }): void;
}

/** The form, filled from the URL parameters `p` reads; `submit` gets the parameters it names. */
export function settingsForm(
  p: (key: string) => string | null,
  initial: Recording[],
  submit: (changes: SettingsChanges) => void,
): SettingsForm {
  const d = FORM_DEFAULTS.coclustering;
  let recordings = initial;
  const recording = el("select", { name: "recording", "aria-label": "recording" });
  const fillRecordings = (chosen?: string) =>
    options(
      recording,
      recordings.map((r) => [String(r.id), optionLabel(r.id, r.label, r.created_at, `${(r.tokens ?? 0).toLocaleString()} tokens`)]),
      chosen,
    );
  fillRecordings(p("recording") ?? undefined);
  const layer = el("select", { name: "layer" });
  const state = el("select", { name: "state" });
  // the chosen recording's layers and states; the URL's choice where it names one
  const fillChannels = () => {
    const rec = recordings.find((r) => String(r.id) === recording.value);
    options(layer, (rec?.layers ?? [0]).map((l) => [String(l), String(l)]), p("layer") ?? String(Math.max(...(rec?.layers ?? [0]))));
    options(state, (rec?.states ?? ["h"]).map((s) => [s, s]), p("state") ?? "h");
  };
  recording.addEventListener("change", fillChannels);
  fillChannels();
  const bound = (name: "n_clusters" | "top_words" | "min_count") => fieldSpec("CoclusteringCreate", name);
  const clusters = el("input", {
    type: "number", name: "n_clusters", min: bound("n_clusters").minimum, max: bound("n_clusters").maximum,
    value: p("k") ?? String(d.n_clusters),
  });
  const topWords = el("input", {
    type: "number", name: "top_words", min: bound("top_words").minimum, max: bound("top_words").maximum,
    value: p("top") ?? String(d.top_words),
  });
  const minCount = el("input", {
    type: "number", name: "min_count", min: bound("min_count").minimum, value: p("min") ?? String(d.min_count),
  });
  const mode = el("select", { name: "mode" });
  options(mode, ["abs", "positive", "negative", "raw"].map((m) => [m, m]), p("mode") ?? d.mode);
  const selection = el("select", { name: "word_selection" });
  options(selection, [["frequent", "most frequent"], ["salient", "most salient"], ["list", "a list"]], p("sel") ?? d.word_selection);
  const listed = el("textarea", { name: "words", rows: 3, cols: 28, placeholder: "good, bad, great, awful", "aria-label": "words to co-cluster" });
  listed.value = p("list") ?? "";
  const listField = field("words (list)", listed);
  const showList = () => (listField.hidden = selection.value !== "list");
  selection.addEventListener("change", showList);
  showList();
  const seeds = el("input", { type: "number", name: "seeds", min: 1, max: fieldSpec("CoclusteringCreate", "seeds").maximum, value: p("seeds") ?? String(d.seeds) });
  // SPEC 9: the vote of the seeds' subsampled runs rather than one seed's labels
  const consensus = el("input", { type: "checkbox", name: "consensus" });
  consensus.checked = consensusParam(p("consensus"), d.consensus);
  const node = el(
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
    el("label", { class: "field inline", title: "report the vote of the seeds' runs (needs seeds of at least 2)" }, consensus, el("span", {}, "consensus of the seeds")),
    el("button", { type: "submit" }, "Show"),
  );
  node.addEventListener("submit", (event) => {
    event.preventDefault();
    // defaults stay out of the link (it stays short, and follows the API's defaults)
    submit({
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
      consensus: consensus.checked === d.consensus ? null : consensus.checked ? "1" : "0",
      id: null, // the settings name the co-clustering now, not an id
    });
  });
  return {
    node,
    setRecordings(changed) {
      recordings = changed;
      fillRecordings(recording.value);
    },
    show(co) {
      const values: Record<string, string> = {
        layer: String(co.layer), state: co.state, n_clusters: String(co.n_clusters), top_words: String(co.top_words),
        min_count: String(co.min_count), mode: co.mode, word_selection: co.word_selection,
        words: (co.words_listed ?? []).join(", "), seeds: String(co.seeds),
      };
      consensus.checked = co.consensus ?? false;
      for (const [name, value] of Object.entries(values)) {
        const input = node.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(`[name=${name}]`);
        if (input && input.value !== value) {
          input.value = value;
          if (name === "word_selection") input.dispatchEvent(new Event("change")); // the list field follows
        }
      }
    },
    setClusters(k) {
      clusters.value = String(k);
    },
    submitWith(settings) {
      if (settings.mode !== undefined) mode.value = settings.mode;
      if (settings.k !== undefined) clusters.value = String(settings.k);
      node.requestSubmit();
    },
  };
}

/** The co-clustering the URL names (`prefix`: the compare view's panel), as POST
 * /recordings/{id}/coclusterings takes it; what the URL leaves out is the API's default. */
export function requestedSettings(params: URLSearchParams, prefix: string) {
  const d = FORM_DEFAULTS.coclustering;
  const selection = params.get(prefix + "sel") ?? d.word_selection;
  return {
    layer: intParam(params, prefix + "layer", 0),
    state: params.get(prefix + "state") ?? "h",
    n_clusters: intParam(params, prefix + "k", d.n_clusters),
    top_words: intParam(params, prefix + "top", d.top_words),
    min_count: intParam(params, prefix + "min", d.min_count),
    mode: params.get(prefix + "mode") ?? d.mode,
    word_selection: selection,
    words: selection === "list" ? listedWords(params.get(prefix + "list") ?? "") : null,
    seeds: intParam(params, prefix + "seeds", d.seeds),
    consensus: consensusParam(params.get(prefix + "consensus"), d.consensus),
  };
}

/** The URL's consensus parameter ("1" or "0"; "true" and "false" too); absent or unreadable: `fallback`. */
export function consensusParam(value: string | null, fallback: boolean): boolean {
  if (value === "1" || value === "true") return true;
  if (value === "0" || value === "false") return false;
  return fallback;
}

/** The words of the list field: separated by commas, spaces or new lines. */
export function listedWords(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}
