// How far the chips can be trusted (SPEC 9): the quality line under the chart (modularity, block
// share, stability over seeds), and the scan over k that suggests how many clusters to ask for.
import { post, type Coclustering } from "../../api";
import { CONFIDENT } from "../../charts/cocluster";
import { scanChart } from "../../charts/scan";
import { FORM_DEFAULTS } from "../../defaults";
import { clear, el, progressBar } from "../../dom";
import type { components } from "../../generated/api";
import { pollJob } from "../../jobs";

type ScanOut = components["schemas"]["ScanOut"];

/** One line on how far the chips can be trusted: modularity, block share beside its random
 * expectation, and stability over seeds when there were several. */
export function qualityOf(co: Coclustering): string | null {
  const q = co.quality;
  if (!q) return null;
  let line = `modularity ${q.modularity.toFixed(3)} · ${Math.round(100 * q.block_share)} % of the response inside the chips' blocks (${Math.round(100 * q.block_share_random)} % for random labels)`;
  if (co.stability) {
    line += ` · stability over ${co.seeds} seeds: units ${co.stability.units.toFixed(2)}, words ${co.stability.words.toFixed(2)}; faded members: under ${Math.round(100 * CONFIDENT)} % agreement`;
  }
  return line;
}

/** "Which k?": co-cluster with this co-clustering's settings for every k of the API's default range,
 * over several seeds, and draw modularity and stability against k; `pick` co-clusters with a k. */
export function scanBox(co: Coclustering, pick: (k: number) => void): HTMLElement {
  const box = el("section", { "data-testid": "scan" }, el("h2", {}, "Which k?"));
  const button = el("button", { type: "button", class: "small" },
    `scan k ${FORM_DEFAULTS.scan.k_min}-${FORM_DEFAULTS.scan.k_max} with ${FORM_DEFAULTS.scan.seeds} seeds`);
  const status = el("div", { class: "sub", "aria-live": "polite" });
  box.append(button, status);
  button.addEventListener("click", async () => {
    button.disabled = true; // one scan at a time from this box
    try {
      const started = await post<{ id: number }>(`/recordings/${co.recording_id}/coclustering-scans`, {
        layer: co.layer, state: co.state, word_selection: co.word_selection, words: co.words_listed ?? null,
        top_words: co.top_words, min_count: co.min_count, mode: co.mode,
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
        el("div", {}, `suggested k = ${scan.suggested_k}: the best modularity among the k at least 0.8 as stable as the most stable; click a k to co-cluster with it `,
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
