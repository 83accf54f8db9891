// Ablation (SPEC 9): does the model use a chip? Its units are frozen while the model reads its corpus,
// beside random sets of as many units (the controls); per word cloud the loss change, and the chips x
// clouds matrix once every chip has been tested.
import { get, post, query, type Coclustering, type Page } from "../../api";
import { ablationChart, ablationMatrix } from "../../charts/ablation";
import { FORM_DEFAULTS, fieldSpec } from "../../defaults";
import { clear, el, field, options, progressBar } from "../../dom";
import type { components } from "../../generated/api";
import { pollJob } from "../../jobs";
import { cloudWords } from "../../layout";

type AblationOut = components["schemas"]["AblationOut"];

export function ablationBox(co: Coclustering): HTMLElement {
  const box = el("section", { "data-testid": "ablation" }, el("h2", {}, "Does the model use a chip?"));
  const chips = (co.unit_clusters ?? []).flatMap((units, i) => (units.length ? [i] : [])); // empty ones have nothing to freeze
  const chip = el("select", { name: "ablate-chip", "aria-label": "chip to test" });
  options(chip, chips.map((i): [string, string] => [String(i), `chip #${i} (${co.unit_clusters?.[i]?.length} units)`]));
  // how much each test costs: its random controls (the z's baseline) and how much of the corpus it reads
  const controlSpec = fieldSpec("AblationCreate", "controls");
  const controls = el("input", { type: "number", name: "ablate-controls", min: controlSpec.minimum, max: controlSpec.maximum,
    value: String(FORM_DEFAULTS.ablation.controls) });
  const tokens = el("input", { type: "number", name: "ablate-max-tokens", min: fieldSpec("AblationCreate", "max_tokens").minimum,
    placeholder: "all", title: "empty: the whole corpus" });
  const settings = () => ({ controls: Number(controls.value), ...(tokens.value ? { max_tokens: Number(tokens.value) } : {}) });
  const result = el("div", { class: "ablation-result", "aria-live": "polite" });
  const cloudNames = (co.word_clusters ?? []).map((members, i) =>
    `#${i} ${cloudWords(members, co.word_strength ?? [], 3).map((w) => co.words?.[w]).join(" ")}`);
  const run = async (chipIndex: number): Promise<AblationOut> => {
    const started = await post<{ id: number }>(`/coclusterings/${co.id}/ablations`, { unit_cluster: chipIndex, ...settings() });
    return pollJob<AblationOut>(`/ablations/${started.id}`, {
      what: "ablation",
      intervalMs: 500,
      onProgress: (ab) => {
        clear(result);
        result.append(`chip #${chipIndex}: `, progressBar(ab.progress, ab.status, `progress of the test of chip ${chipIndex}`));
      },
    });
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
  // a finished test of each chip, from this visit or an earlier one: the matrix once every chip has one
  const matrix = async () => {
    const done = (await get<Page<AblationOut>>(`/ablations${query({ coclustering_id: co.id, limit: 500 })}`)).items
      .filter((a) => a.status === "succeeded" && a.unit_cluster != null);
    const byChip = Array.from({ length: co.n_clusters }, (_, i) => [...done].reverse().find((a) => a.unit_cluster === i) ?? null);
    if (chips.every((i) => byChip[i])) result.append(ablationMatrix(byChip, co.n_clusters));
    return byChip;
  };
  const failed = (e: unknown) => (result.textContent = e instanceof Error ? e.message : String(e));
  const one = el("button", { type: "button", class: "small", onclick: async () => {
    try { show(await run(Number(chip.value))); await matrix(); } catch (e) { failed(e); }
  } }, "test this chip");
  const every = el("button", { type: "button", class: "small", onclick: async () => {
    try {
      let last: AblationOut | null = null;
      for (const i of chips) last = await run(i); // one after another: the progress shown is one chip's
      if (last) show(last);
      await matrix();
    } catch (e) { failed(e); }
  } }, "test every chip");
  box.append(el("div", { class: "edit-row" }, chip, field("random controls", controls), field("tokens to read", tokens), one, every), result);
  // a test made on an earlier visit is shown at once
  void matrix().then((byChip) => { const shown = byChip.find(Boolean); if (shown && !result.querySelector(".ablation-chart")) result.prepend(ablationChart(shown, cloudNames)); });
  return box;
}
