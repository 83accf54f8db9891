// The co-cluster view's trust tools (SPEC 9), 1440x900 only: the quality line, the scan over k and
// its suggested k, the ablation of every chip with its matrix, an edit and its permalink, seeds, and a
// consensus of seeds.
import { check, coclusterParams, hashParams, waitForJobs } from "../harness.mjs";

/** On the co-cluster view of the run's co-clustering, as cocluster() leaves it. */
export async function trustTools({ page, tag, viewport, shot, go, api, co }) {
  if (viewport.width !== 1440) return;
  check((await page.textContent("[data-testid=cocluster-quality]")).includes(`modularity ${co.quality.modularity.toFixed(3)}`), `${tag} co-cluster view: its quality (modularity ${co.quality.modularity.toFixed(3)}, block share beside random labels)`);
  const scansBefore = (await api(`/coclustering-scans?recording_id=${co.recording_id}`)).total;
  await page.click("[data-testid=scan] button");
  const scans = await waitForJobs("the scan over k", async () => (await api(`/coclustering-scans?recording_id=${co.recording_id}`)).items.slice(scansBefore), 1);
  const scanned = scans[scans.length - 1];
  check(scanned.status === "succeeded", `${tag} co-cluster view: the scan over k ${scanned.status}${scanned.error ? `: ${scanned.error}` : ""}`);
  await page.waitForSelector("svg.scan-chart");
  const [drawnK, markedK] = [await page.locator("svg.scan-chart rect.k").count(), await page.locator("svg.scan-chart rect.suggested-k").count()];
  check(drawnK === scanned.results.length && markedK === 1, `${tag} co-cluster view: the scan of k ${scanned.k_min}..${scanned.k_max} drawn (${drawnK} of ${scanned.results.length} k), suggested k = ${scanned.suggested_k} marked (${markedK})`);
  // the chart shown is marked: the wait is for the next one (or an error), whatever it shows
  await page.locator("svg.cocluster").evaluate((svg) => svg.setAttribute("data-before-pick", ""));
  await page.click("[data-testid=use-suggested-k]");
  await page.waitForSelector(".cocluster-panel svg.cocluster:not([data-before-pick]), .cocluster-panel .error:not([hidden])");
  const drawnFor = (await page.textContent(".cocluster-panel > .status")).split(". ")[0];
  const k = String(scanned.suggested_k);
  check(hashParams(page).get("k") === k && drawnFor.includes(`, ${k} clusters,`) && (await page.inputValue(".cocluster-panel input[name=n_clusters]")) === k && (await page.locator("[data-testid=cocluster-quality]").count()) === 1, `${tag} co-cluster view: one click co-clusters with the suggested k (${drawnFor})`);
  await shot("cocluster-scan");
  // ablation: every chip tested, each one's loss change per cloud beside its controls, then the
  // matrix; sized for a test (3 controls, 4000 tokens: seconds a chip), waited on through the API
  let shown = await api(`/coclusterings/${(await api(`/coclusterings?recording_id=${co.recording_id}`)).items.find((c) => c.n_clusters === scanned.suggested_k && c.layer === co.layer && !c.parent_id).id}`);
  // A chip of more than half its layer has no random unit sets of its size to be controls (the server
  // refuses it in words). How coarse the suggested k is depends on the machine's floating point (the
  // same seeds gave k = 6 on one machine and k = 2 on another): with so coarse a k, the chips are tested
  // on the run's own co-clustering instead.
  const layerUnits = shown.unit_labels.length;
  const largest = Math.max(...shown.unit_clusters.map((u) => u.length));
  if (largest * 2 > layerUnits) {
    console.log(`ok - ${tag} co-cluster view: the suggested k = ${shown.n_clusters} has a chip of ${largest} of ${layerUnits} units, too large for controls: the chips are tested on co-clustering ${co.id} (k = ${co.n_clusters})`);
    await go(`#/cocluster?${coclusterParams(co)}`);
    await page.waitForSelector("[data-testid=ablation] button");
    shown = co;
  }
  const chipsShown = shown.unit_clusters.filter((u) => u.length).length;
  const started = Date.now();
  await page.fill("input[name=ablate-controls]", "3");
  await page.fill("input[name=ablate-max-tokens]", "4000");
  await page.click("[data-testid=ablation] button:text('test every chip')");
  const ablations = await waitForJobs(`the ablations of co-clustering ${shown.id}`, async () => (await api(`/ablations?coclustering_id=${shown.id}&limit=500`)).items, chipsShown);
  const failed = ablations.filter((a) => a.status !== "succeeded");
  check(failed.length === 0 && ablations.every((a) => a.controls === 3 && a.max_tokens === 4000), `${tag} co-cluster view: ${chipsShown} chips tested with the form's 3 controls and 4000 tokens in ${((Date.now() - started) / 1000).toFixed(0)} s${failed.length ? ` (failed: ${failed.map((a) => a.error).join("; ")})` : ""}`);
  await page.waitForSelector("svg.ablation-matrix");
  check((await page.locator("svg.ablation-matrix g.z-cell").count()) === shown.n_clusters * shown.n_clusters && (await page.locator("svg.ablation-chart circle.delta").count()) > 0, `${tag} co-cluster view: the ${shown.n_clusters} x ${shown.n_clusters} chips x clouds matrix of z drawn`);
  const diagonal = await page.locator("svg.ablation-matrix g.z-cell.diagonal text.z-value").allTextContents();
  console.log(`ablation - diagonal z: ${diagonal.join(", ")}`);
  await ablationResult({ page, tag, api, shown, chipsShown, when: "" });
  // the matrix: nothing of its titles cut off, every cell's number readable on its fill
  const matrix = await page.locator("svg.ablation-matrix").evaluate((svg) => {
    const width = svg.width.baseVal.value;
    const clipped = [...svg.querySelectorAll("text")].filter((t) => { const b = t.getBBox(); return b.x < 0 || b.x + b.width > width + 0.5; }).map((t) => t.textContent);
    const lum = (css) => {
      const [r, g, b] = css.match(/\d+(\.\d+)?/g).slice(0, 3).map((v) => Number(v) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrasts = [...svg.querySelectorAll("g.z-cell")].filter((g) => g.querySelector("text").textContent).map((g) => {
      const [a, b] = [lum(getComputedStyle(g.querySelector("rect")).fill), lum(getComputedStyle(g.querySelector("text")).fill)];
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    });
    return { clipped, least: Math.min(...contrasts), onDark: svg.querySelectorAll("text.z-value.on-dark").length };
  });
  check(matrix.clipped.length === 0 && matrix.least >= 4.5, `${tag} co-cluster view: the matrix's titles fit it${matrix.clipped.length ? ` (cut: ${matrix.clipped.join("; ")})` : ""} and every number is readable on its cell (least contrast ${matrix.least.toFixed(2)}:1, ${matrix.onDark} white on dark fills)`);
  await shot("cocluster-ablation");
  // the whole result again after a reload: the URL names the test shown
  const named = hashParams(page).get("ablation");
  check(named && named === (await page.getAttribute("[data-testid=ablation-result]", "data-ablation")), `${tag} co-cluster view: the URL names the test shown (ablation=${named})`);
  const before = await page.textContent("[data-testid=ablation-result]");
  await page.reload();
  await page.waitForSelector("[data-testid=ablation-result] [data-testid=ablation-verdict]");
  await page.waitForSelector("svg.ablation-matrix");
  check((await page.textContent("[data-testid=ablation-result]")) === before, `${tag} co-cluster view: after a reload the test ${named} is shown whole (verdict, loss before and after, chart, words) and the matrix`);
  await ablationResult({ page, tag, api, shown, chipsShown, when: " after a reload" });
  // testing every chip again runs nothing: each chip's test with these settings is reused
  await page.fill("input[name=ablate-controls]", "3");
  await page.fill("input[name=ablate-max-tokens]", "4000");
  await page.click("[data-testid=ablation] button:text('test every chip')");
  await page.waitForSelector(`[data-testid=ablation-note]:has-text("${chipsShown} reused")`);
  const again = (await api(`/ablations?coclustering_id=${shown.id}&limit=500`)).items;
  check(again.length === ablations.length, `${tag} co-cluster view: "test every chip" again reuses the ${chipsShown} tests (${again.length} ablations, none new): "${await page.textContent("[data-testid=ablation-note]")}"`);
  // each chip's test opens from the list beside the matrix, in full and named in the URL: one the
  // model uses (z >= 2 on its own cloud) and one that costs less than random units (z <= -2), if any
  for (const pick of [again.find((a) => a.z[a.unit_cluster] >= 2), again.find((a) => a.z[a.unit_cluster] <= -2)].filter(Boolean)) {
    await page.click(`[data-testid=chip-verdicts] button[aria-label="show the test of chip ${pick.unit_cluster}"]`);
    await page.waitForSelector(`[data-testid=ablation-result][data-ablation="${pick.id}"]`);
    check(hashParams(page).get("ablation") === String(pick.id), `${tag} co-cluster view: chip #${pick.unit_cluster}'s test opens from the list and the URL names it`);
    await ablationResult({ page, tag, api, shown, chipsShown, when: ` (chip #${pick.unit_cluster})` });
  }
  // what the server would refuse is said in the form's words, and nothing is sent
  const coclusteringsBefore = (await api(`/coclusterings?limit=500`)).total;
  await page.selectOption("select[name=merge-into]", "0");
  await page.selectOption("select[name=merge-from]", "0");
  await page.click("[data-testid=edit] button:text('merge')");
  const mergeSaid = await page.textContent("[data-testid=edit] .error");
  await page.fill("input[name=split-k]", "1");
  await page.click("[data-testid=edit] button:text('split')");
  const splitSaid = await page.textContent("[data-testid=edit] .error");
  check(mergeSaid.startsWith("Merge two different chips") && splitSaid.startsWith("Split a chip into 2 to 10 parts") && (await api(`/coclusterings?limit=500`)).total === coclusteringsBefore, `${tag} co-cluster view: edits the server would refuse are answered in words ("${mergeSaid}" / "${splitSaid}")`);
  await page.fill("input[name=split-k]", "2");
  // move the strongest word of cloud 0 into cluster 1: a new co-clustering, its parent named
  const current = shown;
  const moved = current.words[current.word_clusters[0][0]];
  await page.fill("input[name=move-word]", moved);
  await page.selectOption("select[name=move-to]", "1");
  await page.click("[data-testid=edit] button:text('move')");
  await page.waitForSelector("[data-testid=edit-history]");
  const childId = hashParams(page).get("id");
  const child = await api(`/coclusterings/${childId}`);
  check(child.parent_id === current.id && child.word_labels[current.word_clusters[0][0]] === 1 && (await page.textContent("[data-testid=edit-history]")).includes("before"), `${tag} co-cluster view: moving "${moved}" made co-clustering ${child.id} from ${current.id}, modularity before and after shown`);
  await go(`#/cocluster?recording=${co.recording_id}&id=${child.id}`);
  await page.waitForSelector("svg.cocluster");
  check((await page.textContent("[data-testid=edit-history]")).includes(`co-clustering ${current.id}`), `${tag} co-cluster view: the edited co-clustering's permalink works`);
  // seeds: confidence and stability
  const seededBefore = (await api(`/coclusterings?recording_id=${co.recording_id}&limit=500`)).items.map((c) => c.id);
  await go(`#/cocluster?${coclusterParams(co)}&seeds=4`);
  const seeded = (await api(`/coclusterings?recording_id=${co.recording_id}&limit=500`)).items.find((c) => !seededBefore.includes(c.id));
  if (seeded) await waitForJobs(`the 4-seed co-clustering ${seeded.id}`, async () => [await api(`/coclusterings/${seeded.id}`)], 1);
  await page.waitForSelector("svg.cocluster");
  check((await page.textContent("[data-testid=cocluster-quality]")).includes("stability over 4 seeds"), `${tag} co-cluster view: 4 seeds give stability and confidence (${await page.locator("svg.cocluster .doubtful").count()} members faded)`);
  await consensus({ page, tag, shot, go, api, co });
}

/** SPEC 9's consensus from the form: with 1 seed the server's refusal in its words, nothing made; with
 * 3 seeds (the view's k) a consensus co-clustering whose agreement with the next seeds' consensus is
 * said beside the single seeds' stability, as the API answers it. */
async function consensus({ page, tag, shot, go, api, co }) {
  await go(`#/cocluster?${coclusterParams(co)}`);
  await page.waitForSelector("svg.cocluster");
  const before = (await api(`/coclusterings?recording_id=${co.recording_id}&limit=500`)).items.map((c) => c.id);
  await page.check(".cocluster-panel input[name=consensus]");
  await page.fill(".cocluster-panel input[name=seeds]", "1");
  await page.click(".cocluster-panel form.controls button[type=submit]");
  await page.waitForSelector(".cocluster-panel .error:not([hidden])");
  const refused = await page.textContent(".cocluster-panel .error");
  const none = (await api(`/coclusterings?recording_id=${co.recording_id}&limit=500`)).items.filter((c) => !before.includes(c.id));
  check(refused.startsWith("consensus needs seeds of at least 2") && none.length === 0 && (await page.locator(".cocluster-panel svg.cocluster").count()) === 0, `${tag} co-cluster view: consensus with 1 seed is refused in the server's words ("${refused}"), nothing made`);
  await page.fill(".cocluster-panel input[name=seeds]", "3");
  await page.click(".cocluster-panel form.controls button[type=submit]");
  const made = await waitForJobs("the consensus co-clustering", async () => (await api(`/coclusterings?recording_id=${co.recording_id}&limit=500`)).items.filter((c) => !before.includes(c.id)), 1);
  const voted = await api(`/coclusterings/${made[0].id}`);
  check(voted.status === "succeeded" && voted.consensus === true && voted.seeds === 3 && voted.n_clusters === co.n_clusters, `${tag} co-cluster view: the form's consensus box and 3 seeds made consensus co-clustering ${voted.id} (${voted.status}${voted.error ? `: ${voted.error}` : ""})`);
  await page.waitForSelector(".cocluster-panel svg.cocluster");
  const a = voted.stability?.consensus_agreement;
  const line = await page.textContent("[data-testid=cocluster-quality]");
  const said = a ? `consensus of 3 seeds: agrees with the next 3 seeds' consensus at ARI ${a.units.toFixed(2)} (units) / ${a.words.toFixed(2)} (words)` : "(no agreement answered)";
  check(a && line.startsWith("Consensus co-clustering of 3 seeds.") && line.includes(said) && (await page.textContent(".cocluster-panel > .status")).startsWith(`consensus co-clustering ${voted.id}`) && hashParams(page).get("consensus") === "1", `${tag} co-cluster view: the consensus co-clustering says so, and "${said}" as the API answers (units ${a?.units}, words ${a?.words})`);
  await shot("cocluster-consensus");
}

/** The test shown in the ablation box, against the API's answer: its verdict in words (what its z
 * on the chip's own cloud says), the loss before and after, and the most hurt words with counts. */
async function ablationResult({ page, tag, api, shown, chipsShown, when }) {
  const id = await page.getAttribute("[data-testid=ablation-result]", "data-ablation");
  const ab = await api(`/ablations/${id}`);
  const c = ab.unit_cluster;
  const z = ab.z[c];
  const verdict = await page.textContent("[data-testid=ablation-verdict]");
  const meaning = z == null ? "no spread" : z >= 2 ? "the model uses this chip for these words" : z <= -2 ? "does not rely on this chip" : "no sign that the model uses this chip";
  check(verdict.startsWith(`Freezing chip #${c} `) && verdict.includes(`own cloud #${c}`) && verdict.includes(meaning) && (z == null || verdict.includes(Math.abs(z).toFixed(1))), `${tag} co-cluster view${when}: test ${id} has its verdict (z ${z?.toFixed(2)}): "${verdict}"`);
  const headline = await page.textContent("[data-testid=ablation-headline]");
  check(headline.includes(`Chip #${c} (${ab.units.length} units`) && headline.includes(`${ab.loss.unablated.toFixed(4)} → ${ab.loss.ablated.toFixed(4)} nats`) && headline.includes(`${ab.tokens.toLocaleString("en-US")} tokens`), `${tag} co-cluster view${when}: the headline names the chip and the loss before and after: "${headline}"`);
  const words = await page.locator("[data-testid=most-hurt] li").allTextContents();
  const counts = words.map((w) => Number(w.split("×")[1].replace(/\D/g, "")));
  check(ab.most_hurt_min_count >= 2 && ab.most_hurt.every((w) => w.count >= ab.most_hurt_min_count) && words.length === Math.min(10, ab.most_hurt.length) && counts.every((n, i) => n === ab.most_hurt[i].count), `${tag} co-cluster view${when}: the most hurt words were each read at least ${ab.most_hurt_min_count} times, the count beside each (${words.slice(0, 4).join(", ")})`);
  const listedChips = await page.locator("[data-testid=chip-verdicts] li").count();
  check(listedChips === chipsShown && (await page.textContent("[data-testid=ablation-summary]")).includes(`of ${chipsShown} chips`), `${tag} co-cluster view${when}: every chip's test in words beside the matrix of co-clustering ${shown.id}`);
}
