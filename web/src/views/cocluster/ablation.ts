// Ablation (SPEC 9): does the model use a chip? Its units are frozen while the model reads its corpus,
// beside random sets of as many units (the controls); per word cloud the loss change, and the chips x
// clouds matrix once every chip has been tested. Each result is said in words (its verdict), and the
// one shown is named in the URL (`ablation=<id>`), so a reload or a link shows all of it again.
import { get, post, query, type Coclustering, type Page } from "../../api";
import { Z_MARK, ablationChart, ablationMatrix } from "../../charts/ablation";
import { FORM_DEFAULTS, fieldSpec } from "../../defaults";
import { clear, el, field, options, progressBar } from "../../dom";
import type { components } from "../../generated/api";
import { isActive, pollJob } from "../../jobs";
import { cloudWords } from "../../layout";
import { current, rememberView, updateParams } from "../../route";

type AblationOut = components["schemas"]["AblationOut"];

const WORDS_SHOWN = 10; // of the server's most hurt words (it lists up to 20)

/** The size of a loss change in nats, to two significant digits (0.21, 0.016, 0.0070 reads 0.007). */
const nats = (v: number) => (Math.abs(v) < 1e-4 ? Math.abs(v).toFixed(4) : String(Number(Math.abs(v).toPrecision(2))));
const signed = (v: number, digits?: number) => `${v >= 0 ? "+" : "−"}${digits === undefined ? nats(v) : Math.abs(v).toFixed(digits)}`;
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** What a test found for the chip's own cloud, in one or two sentences: the loss change, its z against
 * the random sets of as many units, and what that means (|z| >= Z_MARK: more, or less, than random). */
export function verdict(ab: AblationOut): string {
  const n = ab.units.length;
  const act = ab.method === "zero" ? "Zeroing" : "Freezing";
  const sets = `random sets of ${plural(n, "unit")}`;
  const z = ab.z ?? [];
  const beyond = (own: number | null) => {
    const others = z.flatMap((v, j) => (v != null && v >= Z_MARK && j !== own ? [{ j, v }] : [])).sort((a, b) => b.v - a.v).slice(0, 2);
    if (!others.length) return "";
    const named = others.map((o) => `cloud #${o.j} (z ${o.v.toFixed(1)})`).join(" and ");
    return own === null ? ` It matters most for ${named}.` : ` Beyond its own cloud it matters most for ${named}.`;
  };
  const c = ab.unit_cluster ?? null;
  if (c === null) {
    const said = beyond(null);
    return `${act} these ${plural(n, "unit")} ${said ? `raises the loss on some clouds ${Z_MARK} or more standard deviations above ${sets}.${said}` : `changes no cloud's loss ${Z_MARK} or more standard deviations above ${sets}.`}`;
  }
  const d = ab.delta_loss?.[c] ?? null;
  const zc = z[c] ?? null;
  const m = ab.control_delta_loss_mean?.[c] ?? null;
  const s = ab.control_delta_loss_std?.[c] ?? null;
  if (d === null) return `${act} chip #${c}: no word of its own cloud #${c} was among the tokens read, so this test says nothing about it; read more tokens.${beyond(c)}`;
  const change = `${d >= 0 ? "raises" : "lowers"} the loss on its own cloud #${c} by ${nats(d)} nats`;
  if (zc === null) {
    const why = ab.controls < 2 ? `with ${plural(ab.controls, "random set")} there is no spread to compare it with (z needs 2 or more)` : "the random sets all changed it alike, so there is no spread to compare it with";
    return `${act} chip #${c} ${change}; ${why}.${beyond(c)}`;
  }
  const controls = m !== null && s !== null ? `, which change it by ${signed(m)} ± ${nats(s)} nats` : "";
  if (zc >= Z_MARK) return `${act} chip #${c} ${change}, ${zc.toFixed(1)} standard deviations above ${sets}${controls}: the model uses this chip for these words.${beyond(c)}`;
  if (zc <= -Z_MARK) {
    const than = d < 0 ? (m !== null && m < 0 ? `lowers the loss on cloud #${c} more than random units do` : `lowers the loss on cloud #${c} where random units raise it`) : `raises the loss on cloud #${c} less than random units do`;
    return `${act} chip #${c} ${change}, ${(-zc).toFixed(1)} standard deviations below ${sets}${controls}: ${act.toLowerCase()} it ${than}. ` +
      `The model does not rely on this chip for these words: its units respond to them (that is how the co-clustering grouped them), but the predictions after them depend more on other units.${beyond(c)}`;
  }
  return `${act} chip #${c} ${change}, within ${Z_MARK} standard deviations of ${sets}${controls} (z ${zc.toFixed(1)}): no sign that the model uses this chip for these words more than any ${plural(n, "unit")}.${beyond(c)}`;
}

/** A chip's test in a few words, for the list beside the matrix. */
function shortVerdict(ab: AblationOut): string {
  const c = ab.unit_cluster ?? -1;
  const zc = ab.z?.[c] ?? null;
  if (zc === null) return "not measured on its own cloud";
  const z = `z ${signed(zc, 1)} on its own cloud`;
  return zc >= Z_MARK ? `${z}: used for these words` : zc <= -Z_MARK ? `${z}: costs less than random units` : `${z}: no sign of use`;
}

/** The settings two tests must share for their numbers to sit in one matrix. */
const settingsOf = (ab: AblationOut) => JSON.stringify([ab.corpus_id, ab.method, ab.controls, ab.seed, ab.max_tokens ?? null]);

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
  const note = el("div", { class: "ablation-note sub", "data-testid": "ablation-note", "aria-live": "polite" });
  const result = el("div", { class: "ablation-result", "data-testid": "ablation-result" });
  const overview = el("div", { class: "ablation-overview", "data-testid": "ablation-overview" });
  const cloudNames = (co.word_clusters ?? []).map((members, i) =>
    `#${i} ${cloudWords(members, co.word_strength ?? [], 3).map((w) => co.words?.[w]).join(" ")}`);
  let shown: AblationOut | null = null;

  const listed = async () => (await get<Page<AblationOut>>(`/ablations${query({ coclustering_id: co.id, limit: 500 })}`)).items;
  /** Start a test of the chip, or get back the one with the same settings (the server answers a
   * repeated test with the one it has); then follow it to its end. */
  const run = async (chipIndex: number, step = ""): Promise<{ ab: AblationOut; reused: boolean }> => {
    const started = await post<{ id: number; status: string }>(`/coclusterings/${co.id}/ablations`, { unit_cluster: chipIndex, ...settings() });
    const ab = await pollJob<AblationOut>(`/ablations/${started.id}`, {
      what: "ablation",
      intervalMs: 500,
      onProgress: (a) => {
        clear(note);
        note.append(`${step}chip #${chipIndex}: `, progressBar(a.progress, a.status, `progress of the test of chip ${chipIndex}`));
      },
    });
    return { ab, reused: started.status === "succeeded" };
  };

  /** The URL names the test shown: a reload or a link shows it again. */
  const remember = (ab: AblationOut | null) => {
    if (!box.isConnected || current().view !== "cocluster") return;
    updateParams({ ablation: ab?.id ?? null });
    rememberView("cocluster");
  };

  /** One test in full: its verdict, what it read and the loss before and after, the chart, the words. */
  const show = (ab: AblationOut) => {
    shown = ab;
    clear(result);
    result.setAttribute("data-ablation", String(ab.id));
    if (ab.unit_cluster != null && chips.includes(ab.unit_cluster)) chip.value = String(ab.unit_cluster);
    const loss = ab.loss;
    const n = ab.units.length;
    const who = ab.unit_cluster != null ? `Chip #${ab.unit_cluster} (${plural(n, "unit")} of layer ${ab.layer})` : `${plural(n, "unit")} of layer ${ab.layer}`;
    const read = ab.sequences ? plural(ab.sequences, "sequence") : plural(ab.tokens ?? 0, "token");
    const accuracy = ab.accuracy?.unablated != null
      ? `; accuracy ${(100 * Number(ab.accuracy.unablated)).toFixed(1)} % → ${(100 * Number(ab.accuracy.ablated)).toFixed(1)} %` : "";
    const headline = loss
      ? `${who} ${ab.method === "zero" ? "zeroed" : "frozen"} while reading ${read}: loss ${loss.unablated.toFixed(4)} → ${loss.ablated.toFixed(4)} nats ` +
        `(${signed(loss.ablated - loss.unablated, 4)})${accuracy}; ${plural(loss.controls.length, "random set")} of ${plural(n, "unit")}: ` +
        `${loss.controls.map((c) => c.toFixed(4)).join(", ") || "none"}. Test ${ab.id}.`
      : `${who}: test ${ab.id}`;
    const min = ab.most_hurt_min_count ?? 1;
    const hurt = (ab.most_hurt ?? []).slice(0, WORDS_SHOWN);
    const words = el("div", { class: "hurt-words", "data-testid": "most-hurt" },
      el("span", { class: "sub" }, `Words it hurts most (read at least ${plural(min, "time")}; loss change after the word, times read): `));
    if (hurt.length) {
      const list = el("ol", { class: "hurt-list" });
      for (const w of hurt) {
        list.append(el("li", {}, el("b", {}, w.word), " ", signed(w.delta, 2), " ", el("span", { class: "count", title: `read ${plural(w.count, "time")}` }, `×${w.count.toLocaleString()}`)));
      }
      words.append(list);
    } else words.append(`no word was read ${plural(min, "time")} or more: read more tokens.`);
    result.append(
      el("p", { class: "ablation-verdict", "data-testid": "ablation-verdict" }, verdict(ab)),
      el("p", { class: "sub", "data-testid": "ablation-headline" }, headline),
      ablationChart(ab, cloudNames),
      el("p", { class: "sub chart-key" }, `dot: the chip's loss change; grey: the random sets' mean ± 1 standard deviation; red dot: z ≥ ${Z_MARK}, hollow: z ≤ −${Z_MARK}.`),
      words,
    );
  };

  /** Every chip's newest finished test (with the shown test's settings where there is one): the
   * matrix once each chip has one, and each in a few words with a button that shows it in full. */
  const drawOverview = (all: AblationOut[]) => {
    clear(overview);
    const done = all.filter((a) => a.status === "succeeded" && a.unit_cluster != null).sort((a, b) => b.id - a.id);
    const like = shown ? settingsOf(shown) : null;
    const byChip = Array.from({ length: co.n_clusters }, (_, i) => {
      const mine = done.filter((a) => a.unit_cluster === i);
      return mine.find((a) => settingsOf(a) === like) ?? mine[0] ?? null;
    });
    const tested = chips.filter((i) => byChip[i]);
    if (!tested.length) return;
    if (tested.length === chips.length) {
      const diagonal = chips.map((i) => byChip[i]?.z?.[i] ?? null);
      const used = diagonal.filter((v) => v != null && v >= Z_MARK).length;
      const less = diagonal.filter((v) => v != null && v <= -Z_MARK).length;
      const mixed = new Set(chips.map((i) => settingsOf(byChip[i] as AblationOut))).size > 1;
      overview.append(
        el("p", { class: "ablation-summary", "data-testid": "ablation-summary" },
          `Each chip's own cloud (the outlined diagonal): ${used} of ${chips.length} chips are used for their cloud's words (z ≥ ${Z_MARK}), ` +
          `${less} cost${less === 1 ? "s" : ""} them less than random units (z ≤ −${Z_MARK}), ${chips.length - used - less} show${chips.length - used - less === 1 ? "s" : ""} no sign either way.` +
          (mixed ? " The chips were tested with different settings." : "")),
        ablationMatrix(byChip, co.n_clusters),
      );
    } else {
      overview.append(el("p", { class: "sub" }, `${tested.length} of ${chips.length} chips tested: the chips x clouds matrix shows once every chip has been ("test every chip").`));
    }
    const list = el("ul", { class: "chip-verdicts", "data-testid": "chip-verdicts" });
    for (const i of tested) {
      const ab = byChip[i] as AblationOut;
      list.append(el("li", {},
        el("button", { type: "button", class: "small", "aria-label": `show the test of chip ${i}`, onclick: () => { show(ab); remember(ab); drawOverview(all); } }, `chip #${i}`),
        ` ${shortVerdict(ab)}${ab.id === shown?.id ? " (shown above)" : ""}`));
    }
    overview.append(list);
  };

  const failed = (e: unknown) => {
    clear(note);
    note.textContent = e instanceof Error ? e.message : String(e);
  };
  const busy = (on: boolean) => [one, every].forEach((b) => (b.disabled = on));
  const one = el("button", { type: "button", class: "small", onclick: async () => {
    busy(true);
    try {
      const i = Number(chip.value);
      const { ab, reused } = await run(i);
      note.textContent = reused ? `Chip #${i} was tested before with these settings (test ${ab.id}): its result is shown, not run again.` : "";
      show(ab);
      remember(ab);
      drawOverview(await listed());
    } catch (e) { failed(e); } finally { busy(false); }
  } }, "test this chip");
  const every = el("button", { type: "button", class: "small", onclick: async () => {
    busy(true);
    try {
      // one after another: the progress shown is one chip's; a chip tested before with these
      // settings is not run again (the server answers with that test)
      const found: AblationOut[] = [];
      let reusedCount = 0;
      for (const [k, i] of chips.entries()) {
        const { ab, reused } = await run(i, `${k + 1} of ${chips.length}: `);
        found.push(ab);
        if (reused) reusedCount += 1;
      }
      const pick = found.find((a) => String(a.unit_cluster) === chip.value) ?? found[0];
      note.textContent = `${plural(chips.length, "chip")} tested: ${chips.length - reusedCount} now, ${reusedCount} reused from earlier tests with the same settings.`;
      if (pick) { show(pick); remember(pick); }
      drawOverview(await listed());
    } catch (e) { failed(e); } finally { busy(false); }
  } }, "test every chip");
  box.append(el("div", { class: "edit-row" }, chip, field("random controls", controls), field("tokens to read", tokens), one, every), note, result, overview);

  // a test made before: the one the URL names (a reload, a link), else this co-clustering's newest
  const restore = async () => {
    const all = await listed();
    const named = Number(current().params.get("ablation"));
    let ab: AblationOut | null = null;
    if (named > 0) {
      ab = all.find((a) => a.id === named) ?? (await get<AblationOut>(`/ablations/${named}`).catch(() => null));
      if (ab && ab.coclustering_id !== co.id) ab = null;
      if (!ab) remember(null); // another co-clustering's, or deleted: the URL stops naming it
    }
    ab ??= all.filter((a) => a.status === "succeeded" && a.unit_cluster != null).sort((a, b) => b.id - a.id)[0] ?? null;
    let latest = all;
    if (ab && isActive(ab.status)) { // named while it ran: followed to its end
      const id = ab.id;
      ab = await pollJob<AblationOut>(`/ablations/${id}`, { what: "ablation", intervalMs: 500,
        onProgress: (a) => { clear(note); note.append(`test ${id}: `, progressBar(a.progress, a.status, `progress of test ${id}`)); } });
      clear(note);
      latest = await listed();
    }
    if (shown) return; // the user started a test meanwhile: theirs is shown
    if (ab && ab.status === "succeeded") show(ab);
    else if (ab) note.textContent = `Test ${ab.id} ${ab.status}${ab.error ? `: ${ab.error}` : ""}.`;
    drawOverview(latest);
  };
  void restore().catch(failed);
  return box;
}
