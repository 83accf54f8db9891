// Compare view: two co-cluster views side by side, the unit alignment between their recordings
// drawn as links from unit to unit across the panels (SPEC 6), and one word's response in both.
import * as d3 from "d3";
import { get, query, type Alignment, type Coclustering, type WordResponse } from "../api";
import { clear, el, errorBox, field } from "../dom";
import { routeHash, updateParams } from "../route";
import { bands } from "./word";
import { CoclusterPanel } from "./cocluster";

const LINKS = 20; // best-matching pairs drawn and listed

export async function compareView(root: HTMLElement, params: URLSearchParams): Promise<void> {
  root.append(el("h1", {}, "Compare two models"));
  const left = new CoclusterPanel(params, "a.", true); // mirrored: its chips face the right panel's
  const right = new CoclusterPanel(params, "b.");
  const error = errorBox();
  const alignment = el("div", { class: "alignment", "data-testid": "alignment" });
  const align = el("button", { type: "button" }, "Align units");
  const word = el("input", { name: "compare-word", type: "search", placeholder: "a word in both", value: params.get("word") ?? "" });
  const wordForm = el("form", { class: "controls compare-word" }, field("response of both to one word", word), el("button", { type: "submit" }, "Show in both"));
  const panels = el("div", { class: "side-by-side" }, left.node, right.node);
  const overlay = d3.select(panels).append("svg").attr("class", "alignment-links").attr("aria-hidden", "true");
  const responses = el("div", { class: "side-by-side word-responses", "data-testid": "word-responses" });
  root.append(el("div", { class: "controls" }, align, wordForm), error.node, panels, responses, alignment);
  let pairs: Alignment["pairs"] = [];
  let picked: number | null = null;

  // the links are redrawn whenever either panel is drawn again, and when the window changes size
  const drawLinks = () => {
    overlay.selectAll("*").remove();
    const box = panels.getBoundingClientRect();
    overlay.attr("width", box.width).attr("height", box.height);
    const top = pairs.slice(0, LINKS);
    const strongest = Math.max(1e-9, ...top.map((p) => Math.abs(p.correlation)));
    top.forEach((pair, i) => {
      const a = left.node.querySelector(`g.unit[data-unit="${pair.unit}"]`)?.getBoundingClientRect();
      const b = right.node.querySelector(`g.unit[data-unit="${pair.other_unit}"]`)?.getBoundingClientRect();
      if (!a || !b) return;
      const x0 = a.right - box.left, y0 = a.top + a.height / 2 - box.top;
      const x1 = b.left - box.left, y1 = b.top + b.height / 2 - box.top;
      overlay
        .append("path")
        .attr("class", `alignment-link${i === picked ? " picked" : ""}`)
        .attr("data-pair", i)
        .attr("stroke-width", 0.5 + 3 * (Math.abs(pair.correlation) / strongest))
        .attr("d", `M${x0},${y0} C${(x0 + x1) / 2},${y0} ${(x0 + x1) / 2},${y1} ${x1},${y1}`)
        .on("click", () => pick(i))
        .append("title")
        .text(`left unit ${pair.unit} ~ right unit ${pair.other_unit}: correlation ${pair.correlation.toFixed(3)}`);
    });
  };
  const pick = (i: number) => {
    picked = i;
    const pair = pairs[i];
    left.pickUnit(pair.unit);
    right.pickUnit(pair.other_unit);
    alignment.querySelectorAll("tr.pair").forEach((row, r) => row.classList.toggle("picked", r === i));
    // keep the chosen pair in view: its left unit is scrolled to, and the links follow
    left.node.querySelector(`g.unit[data-unit="${pair.unit}"]`)?.scrollIntoView({ block: "center", behavior: "instant" });
    drawLinks();
  };
  // one colour scale for both panels, so that a colour means the same response on either side: each
  // draws to the larger of the two ends, and a panel drawn to a smaller end than the other's draws again
  left.colourExtent = right.colourExtent = (own) => Math.max(own, left.ownExtent, right.ownExtent);
  left.onDrawn = right.onDrawn = () => {
    requestAnimationFrame(drawLinks);
    const shared = Math.max(left.ownExtent, right.ownExtent);
    for (const panel of [left, right]) if (panel.co && panel.drawnExtent < shared) void panel.draw();
  };
  window.addEventListener("resize", drawLinks);

  const runAlignment = async () => {
    error.hide();
    clear(alignment);
    const a = left.co;
    const b = right.co;
    if (!a || !b) {
      error.show("Show a co-clustering on both sides first: the alignment matches their recordings' units.");
      return;
    }
    updateParams({ align: 1 }); // the link keeps the alignment: opened again, it is drawn again
    try {
      const result = await get<Alignment>(
        `/recordings/${a.recording_id}/alignment${query({ other: b.recording_id, layer: a.layer, state: a.state, other_layer: b.layer, other_state: b.state })}`,
      );
      pairs = result.pairs;
      picked = null;
      const clusterA = a.unit_labels ?? [];
      const clusterB = b.unit_labels ?? [];
      const table = el("table", {}, el("caption", {}, `unit alignment over ${result.shared_words.length} shared words: the ${Math.min(LINKS, pairs.length)} best matches, drawn as links between the panels (choose a row or a link to outline both units)`));
      table.append(el("thead", {}, el("tr", {}, ...["left unit", "its chip", "right unit", "its chip", "correlation"].map((h) => el("th", { scope: "col" }, h)))));
      const body = el("tbody");
      pairs.slice(0, LINKS).forEach((pair, i) => {
        const row = el("tr", { tabindex: 0, class: "pair", onclick: () => pick(i), onkeydown: (e: Event) => (e as KeyboardEvent).key === "Enter" && pick(i) });
        body.append(row);
        row.append(el("td", {}, pair.unit), el("td", {}, clusterA[pair.unit] ?? "-"), el("td", {}, pair.other_unit), el("td", {}, clusterB[pair.other_unit] ?? "-"), el("td", {}, pair.correlation.toFixed(3)));
      });
      table.append(body);
      const csv = el("button", { type: "button", class: "small", "data-testid": "alignment-csv", onclick: () => downloadAlignment(pairs, clusterA, clusterB, `alignment-recording${a.recording_id}-l${a.layer}${a.state}-recording${b.recording_id}-l${b.layer}${b.state}.csv`) }, "CSV");
      // the best matches in a box of their own height: the page stays about one screen of panels long
      alignment.append(el("p", { class: "sub alignment-export" }, `every pair of the ${pairs.length} as a table: `, csv), el("div", { class: "scroll-box" }, table));
      drawLinks();
    } catch (e) {
      error.show(e);
    }
  };
  align.addEventListener("click", () => void runAlignment());
  wordForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const w = word.value.trim();
    error.hide();
    if (!w) {
      error.show("Type a word to show its response in both models.");
      return;
    }
    updateParams({ word: w });
    void Promise.all([left.showWord(w), right.showWord(w), showResponses(w)]);
  });

  // the word's response in each model, side by side (the paper's "offer" figure): every unit's
  // E[Δs | word] sorted, with its bands
  const showResponses = async (w: string) => {
    clear(responses);
    if (!w || !left.co || !right.co) return;
    const one = async (co: Coclustering, side: string) => {
      const box = el("section", { class: "panel" }, el("h2", {}, `${side}: ${co.label}`));
      responses.append(box);
      try {
        const data = await get<WordResponse>(`/recordings/${co.recording_id}/response${query({ word: w, layer: co.layer, state: co.state })}`);
        box.append(el("p", { class: "sub" }, `${data.count.toLocaleString()} occurrences of “${w}”; bands 25-75 % and 9-91 %`));
        bands(box, data, box.clientWidth - 20, (unit) => routeHash("unit", { recording: co.recording_id, layer: co.layer, state: co.state, unit, co: co.id }));
      } catch (e) {
        box.append(el("p", { class: "error", role: "alert" }, e instanceof Error ? e.message : String(e)));
      }
    };
    await Promise.all([one(left.co, "left"), one(right.co, "right")]);
  };
  await Promise.all([left.mount(), right.mount()]);
  await showResponses(params.get("word") ?? ""); // the panels colour themselves from the link
  if (params.get("align") === "1") await runAlignment();
}

/** Every aligned pair as CSV (left unit and chip, right unit and chip, correlation), downloaded. */
function downloadAlignment(pairs: Alignment["pairs"], chipA: number[], chipB: number[], name: string): void {
  const rows = pairs.map((p) => [p.unit, chipA[p.unit] ?? "", p.other_unit, chipB[p.other_unit] ?? "", p.correlation].join(","));
  const blob = new Blob([["left_unit,left_chip,right_unit,right_chip,correlation", ...rows].join("\n") + "\n"], { type: "text/csv" });
  const link = el("a", { href: URL.createObjectURL(blob), download: name });
  link.click();
  URL.revokeObjectURL(link.href);
}
