// A SPEC 11 model (a Mamba-2 trained on the server over PTB): its save_pretrained folder, downloaded
// as a .zip, goes back in through the upload form; its architecture and states are one click away;
// its chips are drawn as an LSTM's are; the sentence view reads it and says why no decomposition.
import { check, coclusterParams, waitForJobs } from "../harness.mjs";

export async function modernModels({ page, tag, viewport, shot, go, api, text }) {
  const zip = process.env.RNNVIS_MODERN_ZIP;
  if (!zip || viewport.width !== 1440) return; // one window size: the views are the RNNs', checked at both
  const co = await api(`/coclusterings/${process.env.RNNVIS_MODERN_COCLUSTERING}`);
  const model = await api(`/models/${process.env.RNNVIS_MODERN_MODEL}`);
  await go("#/");
  const form = page.locator("form[data-testid=upload-model]");
  await form.locator("select[name=model_kind]").selectOption("folder");
  check((await form.locator("input[name=weights]").isHidden()) && (await form.locator("[data-testid=folder-input]").isVisible()), `${tag} upload form: a transformers folder's inputs replace the weights'`);
  {
    await form.locator("input[name=name]").fill("Mamba-2, its folder uploaded");
    await form.locator("[data-testid=folder-files-input]").setInputFiles(zip);
    await form.locator("button[type=submit]").click();
    // the upload's own end, however long it takes: the model listed (the forms are drawn anew), or
    // the server's refusal in the form
    await page.waitForSelector('table[data-testid=models] td:text-is("Mamba-2, its folder uploaded"), form[data-testid=upload-model] .error:not([hidden])', { timeout: 0 });
    const formError = await form.locator(".error:not([hidden])").count();
    const uploaded = (await api("/models")).items.find((m) => m.name === "Mamba-2, its folder uploaded");
    check(formError === 0 && uploaded?.architecture?.model_type === "mamba2" && uploaded.files.weights.sha256 === model.files.weights.sha256, `${tag} a Mamba-2's downloaded folder goes back in through the form, the same weights${formError ? `: ${await form.locator(".error").textContent()}` : ""}`);
  }
  // the recording form offers a SPEC 11 model's layers and lags (and no gates)
  const recording = page.locator("form[data-testid=start-recording]");
  await recording.locator("select[name=model_id]").selectOption(String(model.id));
  check((await recording.locator("[data-testid=modern-recording]").isVisible()) && (await recording.locator("input[name=gates]").isHidden()), `${tag} recording form: a Mamba-2 is offered layers and lags, not gates`);
  await recording.locator("input[name=layers]").fill("1");
  await recording.locator("input[name=lags]").fill("0 1");
  await recording.locator("input[name=max_tokens]").fill("3000");
  const before = (await api("/recordings")).items.map((r) => r.id);
  await recording.locator("button[type=submit]").click();
  await page.waitForSelector('form[data-testid=start-recording] .done:text("done"), form[data-testid=start-recording] .error:not([hidden])', { timeout: 0 });
  const fresh = (await api("/recordings")).items.find((r) => !before.includes(r.id));
  const [done] = await waitForJobs(`recording ${fresh?.id}`, async () => [await api(`/recordings/${fresh.id}`)], 1);
  check(done.status === "succeeded" && done.states.join() === "y,norm,y@1,norm@1" && done.layers.join() === "1", `${tag} a Mamba-2 recorded from the form at lags 0 and 1 (${done.status}, ${done.states.join(" ")})`);
  const details = page.locator(`table[data-testid=models] tr:has(td:text-is("${model.id}")) [data-testid=architecture]`);
  // the dashboard draws its tables again when a job it follows ends: open the row's details on the
  // table as it stands, again if it was drawn anew meanwhile
  let said = "";
  for (let attempt = 0; ; attempt++) {
    try {
      if (!(await details.evaluate((d) => d.open))) await details.locator("summary").click();
      said = await details.textContent();
      await details.scrollIntoViewIfNeeded(); // a detached row throws at once: tried again
      break;
    } catch (error) {
      if (attempt === 2) throw error;
    }
  }
  check(model.architecture.states.every((s) => said.includes(s.meaning)) && said.includes(model.architecture.unit), `${tag} the model's row says what its units and states are`);
  await shot("dashboard-mamba2");
  // its chips, drawn as any model's
  await go(`#/cocluster?${coclusterParams(co)}`);
  await page.waitForSelector("svg.cocluster rect.chip");
  check((await page.locator("svg.cocluster rect.chip").count()) === co.unit_clusters.filter((u) => u.length).length, `${tag} co-cluster view of a Mamba-2's ${co.state}: every chip drawn`);
  await shot("cocluster-mamba2");
  // the sentence view: glyphs and predictions; no decomposition, and why
  await go(`#/sentence?model=${model.id}&coclustering=${co.id}&text=${encodeURIComponent(text)}`);
  await page.waitForSelector("svg.glyphs");
  const why = page.locator("[data-testid=no-decomposition]");
  check((await why.count()) === 1 && (await why.textContent()).includes("not a linear function") && (await page.locator("svg.decomposition").count()) === 0, `${tag} sentence view of a Mamba-2: no decomposition, and why`);
  check((await page.locator("table[data-testid=predictions] td").count()) > 0, `${tag} sentence view of a Mamba-2: its predictions`);
  await shot("sentence-mamba2");
}
