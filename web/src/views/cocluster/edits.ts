// Editing the chips (SPEC 9): move a word or a unit to another cluster, merge two clusters, split
// one. Each edit makes a new co-clustering (its parent is the one edited), which is then shown.
import { post, type Coclustering } from "../../api";
import { el, options } from "../../dom";

/** The edit box of `co`; `wordList`: the id of the datalist of its words (the search box's);
 * `edited`: shows the new co-clustering. */
export function editBox(co: Coclustering, wordList: string, edited: (child: Coclustering) => Promise<void>): HTMLElement {
  const box = el("section", { "data-testid": "edit" }, el("h2", {}, "Edit the chips"));
  const error = el("div", { class: "error", role: "alert", hidden: true });
  const say = (message: string) => {
    error.hidden = false;
    error.textContent = message;
  };
  const clusterChoice = (name: string) => {
    const select = el("select", { name, "aria-label": name });
    options(select, Array.from({ length: co.n_clusters }, (_, i): [string, string] => [String(i), `#${i}`]));
    return select;
  };
  const apply = async (edits: Record<string, unknown>) => {
    error.hidden = true;
    try {
      await edited(await post<Coclustering>(`/coclusterings/${co.id}/edits`, edits));
    } catch (e) {
      say(e instanceof Error ? e.message : String(e));
    }
  };
  const word = el("input", { name: "move-word", list: wordList, placeholder: "a word", "aria-label": "word to move", size: 12 });
  const unit = el("input", { name: "move-unit", type: "number", min: 0, max: (co.unit_labels?.length ?? 1) - 1, placeholder: "unit", "aria-label": "unit to move", style: "width:5em" });
  const moveTo = clusterChoice("move-to");
  const mergeA = clusterChoice("merge-into");
  const mergeB = clusterChoice("merge-from");
  mergeB.value = String(Math.min(1, co.n_clusters - 1)); // two different clusters to begin with
  const splitWhich = clusterChoice("split-cluster");
  const splitParts = el("input", { name: "split-k", type: "number", min: 2, max: 10, value: 2, style: "width:4em", "aria-label": "parts" });
  const move = () => {
    const moves = [];
    if (word.value.trim()) moves.push({ word: word.value.trim(), to: Number(moveTo.value) });
    if (unit.value !== "") moves.push({ unit: Number(unit.value), to: Number(moveTo.value) });
    if (moves.length === 0) return say("Name a word or a unit to move.");
    void apply({ moves });
  };
  box.append(
    el("div", { class: "edit-row" }, "move word", word, "or unit", unit, "to", moveTo,
      el("button", { type: "button", class: "small", onclick: move }, "move")),
    el("div", { class: "edit-row" }, "merge", mergeB, "into", mergeA,
      el("button", { type: "button", class: "small", onclick: () => void apply({ merge: [Number(mergeA.value), Number(mergeB.value)] }) }, "merge")),
    el("div", { class: "edit-row" }, "split", splitWhich, "into", splitParts, "parts",
      el("button", { type: "button", class: "small", onclick: () => void apply({ split: { cluster: Number(splitWhich.value), k: Number(splitParts.value) } }) }, "split")),
    error,
  );
  return box;
}
