// How far the chips can be trusted (SPEC 9): the quality line above the chart (in words first:
// no better than random labels, weak or clear; then modularity, block share, stability over
// seeds), what to try when it reads flat or weak, and the scan over k that suggests how many
// clusters to ask for.
import { post, type Coclustering } from "../../api";
import { CONFIDENT } from "../../charts/cocluster";
import { scanChart } from "../../charts/scan";
import { FORM_DEFAULTS } from "../../defaults";
import { clear, el, progressBar } from "../../dom";
import type { components } from "../../generated/api";
import { pollJob } from "../../jobs";
import { betterMode, qualityWords, type QualityBand } from "../../layout";

type ScanOut = components["schemas"]["ScanOut"];

/** The co-clustering's quality in words and numbers (null for one from before qualities were kept). */
export function qualityOf(co: Coclustering): { band: QualityBand; verdict: string; numbers: string; text: string } | null {
  const q = co.quality;
  if (!q) return null;
  return qualityWords(q, { seeds: co.seeds, stability: co.stability ?? null, consensus: co.consensus });
}

/** What the quality line offers to try instead: another mode (fills the form and co-clusters), the
 * scan over k (the single view's "Which k?"). */
export interface Remedies {
  mode: (mode: string) => void;
  scan: (() => void) | null;
}

/** The quality line: the verdict in words, its numbers, and where the chips read flat or weak,
 * buttons for the mode and the k that may read better. */
export function qualityLine(co: Coclustering, remedies: Remedies): HTMLElement | null {
  const quality = qualityOf(co);
  if (!quality) return null;
  const line = el("div", { class: `quality-line ${quality.band}`, "data-testid": "cocluster-quality", "data-band": quality.band },
    el("strong", { class: "verdict" }, `${quality.verdict}.`), " ", quality.numbers);
  if (co.stability) line.append(`; faded members: under ${Math.round(100 * CONFIDENT)} % agreement`);
  if (quality.band === "clear") return line;
  const mode = betterMode(co.mode);
  const tries: HTMLElement[] = [];
  if (mode) {
    tries.push(el("button", { type: "button", class: "small", "data-testid": "try-mode", onclick: () => remedies.mode(mode) },
      `co-cluster in ${mode} mode`));
  }
  if (remedies.scan) {
    const scan = remedies.scan;
    tries.push(el("button", { type: "button", class: "small", "data-testid": "try-scan", onclick: () => scan() },
      `scan k ${FORM_DEFAULTS.scan.k_min}-${FORM_DEFAULTS.scan.k_max} ("Which k?")`));
  }
  if (tries.length) {
    line.append(el("span", { class: "remedies" }, quality.band === "flat" ? " Try: " : " · may read better: ",
      ...tries.flatMap((b, i) => (i ? [" or ", b] : [b]))));
  }
  return line;
}

/** "Which k?": co-cluster with this co-clustering's settings for every k of the API's default range,
 * over several seeds, and draw modularity and stability against k; `pick` co-clusters with a k. With
 * "consensus" (the API's default, checked for a consensus co-clustering) each k's stability is the
 * agreement of two consensuses of disjoint seeds (twice the runs). */
export function scanBox(co: Coclustering, pick: (k: number) => void): HTMLElement {
  const box = el("section", { "data-testid": "scan" }, el("h2", {}, "Which k?"));
  const button = el("button", { type: "button", class: "small" },
    `scan k ${FORM_DEFAULTS.scan.k_min}-${FORM_DEFAULTS.scan.k_max} with ${FORM_DEFAULTS.scan.seeds} seeds`);
  const consensus = el("input", { type: "checkbox", name: "scan-consensus" });
  consensus.checked = co.consensus || FORM_DEFAULTS.scan.consensus;
  const status = el("div", { class: "sub", "aria-live": "polite" });
  box.append(
    el("div", { class: "scan-start" }, button,
      el("label", { class: "field inline", title: "per k, the agreement of two consensuses of disjoint seeds (twice the runs)" }, consensus,
        el("span", {}, "consensus (twice the runs)"))),
    status);
  button.addEventListener("click", async () => {
    button.disabled = true; // one scan at a time from this box
    try {
      const started = await post<{ id: number }>(`/recordings/${co.recording_id}/coclustering-scans`, {
        layer: co.layer, state: co.state, word_selection: co.word_selection, words: co.words_listed ?? null,
        top_words: co.top_words, min_count: co.min_count, mode: co.mode, consensus: consensus.checked,
      });
      const scan = await pollJob<ScanOut>(`/coclustering-scans/${started.id}`, {
        what: "scan",
        onProgress: (s) => {
          clear(status);
          status.append(progressBar(s.progress, s.status, `progress of scan ${s.id}`));
        },
      });
      clear(status);
      status.append(
        scanChart(scan, pick),
        el("div", {}, `suggested k = ${scan.suggested_k}: the best modularity among the k at least 0.8 as stable as the most stable` +
          `${scan.consensus ? " (stability: the agreement of two consensuses of " + scan.seeds + " seeds)" : ""}; click a k to co-cluster with it `,
          el("button", { type: "button", class: "small", "data-testid": "use-suggested-k", onclick: () => pick(scan.suggested_k ?? co.n_clusters) }, `co-cluster with k = ${scan.suggested_k}`)),
      );
    } catch (e) {
      status.textContent = e instanceof Error ? e.message : String(e);
    } finally {
      button.disabled = false;
    }
  });
  return box;
}
