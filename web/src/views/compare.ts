// Compare view: two co-cluster views side by side, and the unit alignment between their recordings.
import { get, query, type Alignment } from "../api";
import { clear, el, errorBox } from "../dom";
import { CoclusterPanel } from "./cocluster";

export async function compareView(root: HTMLElement, params: URLSearchParams): Promise<void> {
  root.append(el("h1", {}, "Compare two models"));
  const left = new CoclusterPanel(params, "a.");
  const right = new CoclusterPanel(params, "b.");
  const error = errorBox();
  const alignment = el("div", { class: "alignment", "data-testid": "alignment" });
  const align = el("button", { type: "button" }, "Align units");
  root.append(el("div", { class: "side-by-side" }, left.node, right.node), el("div", { class: "controls" }, align), error.node, alignment);
  align.addEventListener("click", async () => {
    error.hide();
    clear(alignment);
    const a = left.co;
    const b = right.co;
    if (!a || !b) {
      error.show("show a co-clustering on both sides first");
      return;
    }
    try {
      const result = await get<Alignment>(
        `/recordings/${a.recording_id}/alignment${query({ other: b.recording_id, layer: a.layer, state: a.state, other_layer: b.layer, other_state: b.state })}`,
      );
      const clusterA = a.unit_labels ?? [];
      const clusterB = b.unit_labels ?? [];
      const table = el("table", {}, el("caption", {}, `unit alignment over ${result.shared_words.length} shared words (best matches first; choose a row to outline both units)`));
      table.append(el("thead", {}, el("tr", {}, ...["left unit", "its chip", "right unit", "its chip", "correlation"].map((h) => el("th", { scope: "col" }, h)))));
      const body = el("tbody");
      for (const pair of result.pairs.slice(0, 20)) {
        // a row links the two views: choosing it outlines both units
        const pick = () => {
          left.pickUnit(pair.unit);
          right.pickUnit(pair.other_unit);
          body.querySelectorAll("tr.picked").forEach((row) => row.classList.remove("picked"));
          row.classList.add("picked");
        };
        const row = el("tr", { tabindex: 0, class: "pair", onclick: pick, onkeydown: (e: Event) => (e as KeyboardEvent).key === "Enter" && pick() });
        body.append(row);
        row.append(el("td", {}, pair.unit), el("td", {}, clusterA[pair.unit] ?? "-"), el("td", {}, pair.other_unit), el("td", {}, clusterB[pair.other_unit] ?? "-"), el("td", {}, pair.correlation.toFixed(3)));
      }
      table.append(body);
      alignment.append(table);
    } catch (e) {
      error.show(e);
    }
  });
  await Promise.all([left.mount(), right.mount()]);
}
