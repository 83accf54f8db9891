// The dashboard: what the user owns (counted against the API's answers), each training's quality,
// the forms that start the work (and what they keep, refuse and say), and a newcomer's empty one.
import { check } from "../harness.mjs";

/** The lists, the trainings' curves and warnings, the forms: an upload through them, typed settings
 * kept over a refresh, and an API error shown in its words. */
export async function dashboard({ page, tag, viewport, shot, base, token, api, co, rec, model }) {
  await page.waitForSelector("#app[data-ready=true]");
  const modelRows = await page.locator("table[data-testid=models] tbody tr").count();
  check(modelRows === (await api("/models")).total, `${tag} dashboard lists every model (${modelRows})`);
  // records are named by their model, corpus and settings, not by number; co-clusterings can be deleted
  const coRows = page.locator("table[data-testid=coclusterings] tbody tr");
  check((await coRows.locator("td:nth-child(2)").allTextContents()).filter((t) => t === co.label).length === 1 && co.label.startsWith(rec.label), `${tag} dashboard names co-clustering ${co.id} "${co.label}"`);
  check((await coRows.locator("button[aria-label^='delete co-clustering']").count()) === (await coRows.count()), `${tag} every co-clustering row has a delete button`);
  // every training shows its loss curve and validation figures; one that learned nothing says so
  const trainings = await api("/trainings");
  const trainingRows = page.locator("table[data-testid=trainings] tbody tr");
  for (const [i, t] of trainings.items.entries()) {
    const row = trainingRows.nth(i);
    if (t.status !== "succeeded") continue;
    check((await row.locator("svg.loss-chart path.train").count()) === 1 && (await row.locator("svg.loss-chart circle.validation").count()) === t.metrics.epochs.length, `${tag} training ${t.id}: loss curve and ${t.metrics.epochs.length} validation points`);
    const warned = (await row.locator("[data-testid=quality-warning]").count()) === 1;
    check(warned === Boolean(t.warning), `${tag} training ${t.id}: ${t.warning ? "warned: " + t.warning : "no warning"}`);
  }
  check(trainings.items.some((t) => t.warning), `${tag} a model that learned nothing is among the trainings`);
  // the recording form shows the chosen model's quality beside the choice
  const recordingForm = page.locator("form[data-testid=start-recording]");
  const warnedModel = trainings.items.find((t) => t.warning).model_id;
  await recordingForm.locator("select[name=model_id]").selectOption(String(warnedModel));
  check((await recordingForm.locator(".chosen-quality [data-testid=quality-warning]").count()) === 1, `${tag} choosing model ${warnedModel} for a recording shows its warning`);
  await recordingForm.locator("select[name=model_id]").selectOption(String(model.id));
  check((await recordingForm.locator(".chosen-quality svg.loss-chart").count()) === 1 && (await recordingForm.locator(".chosen-quality [data-testid=quality-warning]").count()) === 0, `${tag} choosing the learned model ${model.id} shows its curve and no warning`);
  // every field stays inside its card (file inputs ran past them)
  const fieldsInsideCards = async (when) => {
    const outside = await page.evaluate(() => [...document.querySelectorAll("form.card input, form.card select")].filter((input) => {
      if (input.offsetParent === null) return false; // a hidden choice (the other way to give a vocabulary)
      const card = input.closest("form.card").getBoundingClientRect();
      const box = input.getBoundingClientRect();
      return box.right > card.right + 0.5 || box.left < card.left - 0.5;
    }).map((input) => input.name));
    check(outside.length === 0, `${tag} dashboard${when}: every form field inside its card${outside.length ? ` (not: ${outside.join(", ")})` : ""}`);
  };
  await fieldsInsideCards("");
  // a word_language_model checkpoint as it is (torch.save(model)) with its data folder's three texts
  if (viewport.width === 1440 && process.env.RNNVIS_CHECKPOINT_DIR) {
    const dir = process.env.RNNVIS_CHECKPOINT_DIR;
    const form = page.locator("form[data-testid=upload-model]");
    await form.locator("input[name=name]").fill("word_language_model LSTM, as main.py saved it");
    await form.locator("input[name=weights]").setInputFiles(`${dir}/out/LSTM-tied.pt`);
    check(await form.locator("input[name=vocab_from]").first().isHidden(), `${tag} upload form: the training-text inputs wait until chosen`);
    await form.locator("select[name=vocab_source_choice]").selectOption("texts");
    await fieldsInsideCards(" (vocabulary from the training text)");
    const texts = form.locator("input[name=vocab_from]");
    for (const [i, name] of ["train.txt", "valid.txt", "test.txt"].entries()) await texts.nth(i).setInputFiles(`${dir}/data/${name}`);
    await form.locator("button[type=submit]").click();
    const provenance = 'table[data-testid=models] [data-testid=provenance]:has-text("train.txt, valid.txt, test.txt")';
    await Promise.race([page.waitForSelector(provenance, { timeout: 30000 }), page.waitForSelector("form[data-testid=upload-model] .error:not([hidden])", { timeout: 30000 })]);
    const formError = await page.locator("form[data-testid=upload-model] .error:not([hidden])").count();
    const wlm = (await api("/models")).items.find((m) => m.name.startsWith("word_language_model"));
    check(formError === 0 && wlm?.weights_form === "module pickle of model.RNNModel" && wlm.vocab_source.texts.map((t) => t.name).join() === "train.txt,valid.txt,test.txt", `${tag} a word_language_model module pickle and its three texts go in through the form${formError ? `: ${await page.textContent("form[data-testid=upload-model] .error")}` : ""}`);
    const row = (await page.locator(provenance).count()) === 1 ? await page.textContent(provenance) : "";
    check(row.includes("module pickle of model.RNNModel") && row.includes("first appearance"), `${tag} the model's row says how its weights and vocabulary came: "${row}"`);
  }
  // no list runs into its neighbour (a wide table in a narrow grid column did, at 1920 px)
  const overlapping = await page.evaluate(() => {
    const boxes = [...document.querySelectorAll(".lists > table")].map((t) => [t.dataset.testid, t.getBoundingClientRect()]);
    return boxes.flatMap(([a, p], i) => boxes.slice(i + 1).filter(([, q]) => p.left < q.right - 1 && q.left < p.right - 1 && p.top < q.bottom - 1 && q.top < p.bottom - 1).map(([b]) => `${a}/${b}`));
  });
  check(overlapping.length === 0, `${tag} dashboard: no list overlaps another${overlapping.length ? ` (${overlapping.join(", ")})` : ""}`);
  await shot("dashboard");
  if (process.env.RNNVIS_MARKUP_NAME) {
    const corpora = page.locator("table[data-testid=corpora]");
    check((await corpora.locator("img").count()) === 0 && (await corpora.textContent()).includes(process.env.RNNVIS_MARKUP_NAME), `${tag} a name with markup and SQL is shown as text`);
    check((await page.title()) !== "pwned", `${tag} no script from a name ran`);
  }

  // what the user typed in a form survives a list refresh (a corpus uploaded in another tab)
  if (viewport.width === 1440) {
    const training = page.locator("form[data-testid=start-training]");
    await training.locator("input[name=hidden_size]").fill("77");
    await training.locator("select[name=cell]").selectOption("gru");
    const elsewhere = await fetch(`${base}/api/v1/corpora`, { method: "POST", headers: { Authorization: `Bearer ${token}` }, body: (() => { const f = new FormData(); f.set("name", "uploaded elsewhere"); f.set("format", "text"); f.set("file", new Blob(["a b c\n"]), "e.txt"); return f; })() }).then((r) => r.json());
    await page.waitForSelector(`form[data-testid=start-training] select[name=corpus_id] option[value="${elsewhere.id}"]`, { state: "attached", timeout: 15000 });
    check((await training.locator("input[name=hidden_size]").inputValue()) === "77" && (await training.locator("select[name=cell]").inputValue()) === "gru", `${tag} dashboard: typed settings survive a list refresh (corpus ${elsewhere.id} appeared)`);

    // a delete asks first and says what goes with it (the server's cascade), counted from the lists
    const asked = [];
    const answerNext = (accept) => page.once("dialog", (dialog) => { asked.push(dialog.message()); void (accept ? dialog.accept() : dialog.dismiss()); });
    const recordings = (await api("/recordings?limit=500")).items.filter((r) => r.model_id === model.id);
    const ofThem = (await api("/coclusterings?limit=500")).items.filter((c) => recordings.some((r) => r.id === c.recording_id));
    const some = (n, noun) => `${n} ${noun}${n === 1 ? "" : "s"}`;
    answerNext(false);
    await page.click(`table[data-testid=models] button[aria-label="delete model ${model.name}"]`);
    for (let i = 0; i < 50 && asked.length < 1; i++) await page.waitForTimeout(100);
    const expected = `Delete model ${model.name} and its ${some(recordings.length, "recording")}`;
    check(asked[0]?.startsWith(expected) && asked[0].includes(some(ofThem.length, "co-clustering")) && (await api(`/models/${model.id}`)).id === model.id, `${tag} dashboard: deleting a model asks, saying what goes with it ("${asked[0]}"); declined, it stays`);
    answerNext(true);
    await page.click(`table[data-testid=corpora] button[aria-label="delete corpus uploaded elsewhere"]`);
    await page.waitForFunction(() => ![...document.querySelectorAll("table[data-testid=corpora] tbody tr")].some((r) => r.textContent.includes("uploaded elsewhere")));
    check(asked[1] === "Delete corpus uploaded elsewhere? Nothing else was made from it. This cannot be undone." && !(await api("/corpora?limit=500")).items.some((c) => c.id === elsewhere.id), `${tag} dashboard: a corpus nothing was made from is deleted once confirmed ("${asked[1]}")`);
  }

  // an API error is shown plainly: an empty corpus upload
  await page.fill("form[data-testid=upload-corpus] input[name=name]", "empty");
  await page.setInputFiles("form[data-testid=upload-corpus] input[name=file]", { name: "empty.txt", mimeType: "text/plain", buffer: Buffer.from("\n\n") });
  await page.click("form[data-testid=upload-corpus] button[type=submit]");
  await page.waitForSelector("form[data-testid=upload-corpus] .error:not([hidden])");
  const uploadError = await page.textContent("form[data-testid=upload-corpus] .error");
  check(uploadError.includes("no non-blank line"), `${tag} the API's error is shown: "${uploadError}"`);
}

/** A newcomer with nothing uploaded is told what must come first, in the forms' own words. */
export async function newcomer({ page, tag, viewport, base, token }) {
  if (process.env.RNNVIS_NEWCOMER_TOKEN && viewport.width === 1440) {
    await page.evaluate((t) => sessionStorage.setItem("rnnvis.token", t), process.env.RNNVIS_NEWCOMER_TOKEN);
    await page.goto(`${base}/#/dashboard`);
    await page.waitForSelector("form[data-testid=start-recording]");
    const recording = page.locator("form[data-testid=start-recording]");
    check((await recording.locator("[data-testid=missing]").textContent()).includes("Upload a model and a corpus first") && (await recording.locator("button[type=submit]").isDisabled()), `${tag} a newcomer's recording form says what must come first`);
    await page.evaluate((t) => sessionStorage.setItem("rnnvis.token", t), token);
  }
}
