// The co-cluster view's trust tools (SPEC 9), 1440x900 only: the quality line, the scan over k and
// its suggested k, the ablation of every chip with its matrix, an edit and its permalink, and seeds.
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
  const shown = await api(`/coclusterings/${(await api(`/coclusterings?recording_id=${co.recording_id}`)).items.find((c) => c.n_clusters === scanned.suggested_k && c.layer === co.layer && !c.parent_id).id}`);
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
  await shot("cocluster-ablation");
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
}
