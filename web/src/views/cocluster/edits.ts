// Editing the chips (SPEC 9): move a word or a unit to another cluster, merge two clusters, split
// one. Each edit makes a new co-clustering (its parent is the one edited), which is then shown.
import { post, type Coclustering } from "../../api";
import { fieldSpec } from "../../defaults";
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
  const parts = fieldSpec("EditSplit", "k") as { default: number; minimum: number; maximum: number }; // the API's bounds
  const splitParts = el("input", { name: "split-k", type: "number", min: parts.minimum, max: parts.maximum, value: parts.default, style: "width:4em", "aria-label": "parts" });
  // what the server would refuse, said in the form's words before sending
  const merge = () => {
    if (mergeA.value === mergeB.value) return say(`Merge two different chips: #${mergeA.value} into itself is no change.`);
    void apply({ merge: [Number(mergeA.value), Number(mergeB.value)] });
  };
  const split = () => {
    const k = Number(splitParts.value);
    if (!Number.isInteger(k) || k < parts.minimum || k > parts.maximum) return say(`Split a chip into ${parts.minimum} to ${parts.maximum} parts, not "${splitParts.value}".`);
    void apply({ split: { cluster: Number(splitWhich.value), k } });
  };
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
      el("button", { type: "button", class: "small", onclick: merge }, "merge")),
    el("div", { class: "edit-row" }, "split", splitWhich, "into", splitParts, "parts",
      el("button", { type: "button", class: "small", onclick: split }, "split")),
    error,
  );
  return box;
}
