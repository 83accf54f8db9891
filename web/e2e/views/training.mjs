// A training started from the dashboard's form with the settings it starts from (the word-model preset
// of the API's schema): on PTB validation text it must beat the corpus's word frequencies.
import { check, waitForJobs } from "../harness.mjs";

/** The form's preset fills every setting; the model it trains learns (no warning, validation loss below
 * the unigram baseline's); its default name carries the settings. */
export async function trainingFromTheForm({ page, tag, viewport, base, api, rec }) {
  if (viewport.width !== 1440) return;
  await readingQuality({ page, tag, api, rec });
  const ptb = (await api("/corpora")).items.find((c) => c.name === "PTB valid");
  if (!ptb) return; // the test's data has no PTB validation text: nothing to train on
  await page.goto(`${base}/#/dashboard`);
  await page.waitForSelector("#app[data-ready=true]");
  const form = page.locator("form[data-testid=start-training]");
  const schema = await fetch(`${base}/openapi.json`).then((r) => r.json());
  const preset = schema.components.schemas.TrainingCreate.examples[0];
  for (const key of ["num_layers", "hidden_size", "embedding_size", "epochs", "learning_rate", "batch_size", "max_vocab"]) {
    const shown = Number(await form.locator(`input[name=${key}]`).inputValue());
    check(shown === preset[key], `${tag} training form: ${key} starts at the preset's ${preset[key]} (${shown})`);
  }
  for (const key of ["bptt", "min_count", "validation_fraction", "seed"]) {
    check((await form.locator(`input[name=${key}]`).count()) === 1, `${tag} training form: ${key} can be set`);
  }
  // selects name each record by id, name and when it was made, so that two of one name read apart
  const offered = await page.locator("form[data-testid=start-recording] select[name=model_id] option").allTextContents();
  check(offered.length > 0 && offered.every((o) => /^#\d+ .+ · \d{4}-\d\d-\d\d \d\d:\d\d UTC$/.test(o)), `${tag} dashboard: the model choices carry id, name and date ("${offered[0]}")`);
  const before = new Set((await api("/trainings")).items.map((t) => t.id));
  await form.locator("select[name=corpus_id]").selectOption(String(ptb.id));
  await form.locator("button[type=submit]").click();
  const [started] = await waitForJobs("the form's training", async () => (await api("/trainings")).items.filter((t) => !before.has(t.id)), 1);
  const training = await api(`/trainings/${started.id}`);
  const m = training.metrics;
  check(training.status === "succeeded" && training.warning === null && m.validation_loss < m.baseline.loss, `${tag} the preset's model learned: validation perplexity ${Math.round(Math.exp(m.validation_loss))} against ${Math.round(m.baseline.perplexity)} for the word frequencies`);
  check(training.name.includes(`${preset.num_layers}x${preset.hidden_size}`) && training.name.includes(`${preset.epochs} epochs`), `${tag} the training's default name carries its settings: "${training.name}"`);
}

/** Every recording of a language model says how well its model reads the recorded text: the model that
 * learned reads it (perplexity below the text's word frequencies), the one that did not is warned about. */
async function readingQuality({ page, tag, api, rec }) {
  const learned = await api(`/recordings/${rec.id}`);
  const row = page.locator("table[data-testid=recordings] tbody tr", { has: page.locator(`td:first-child:text-is("${rec.id}")`) });
  const line = await row.locator("[data-testid=reading-quality]").textContent();
  check(learned.quality.learned && line.includes("reads this text") && line.includes(String(Math.round(learned.quality.perplexity))), `${tag} dashboard: recording ${rec.id}'s model reads its text: "${line}"`);
  if (!process.env.RNNVIS_UNLEARNED_COCLUSTERING) return;
  const poor = (await api(`/coclusterings/${process.env.RNNVIS_UNLEARNED_COCLUSTERING}`)).recording_id;
  const poorRow = page.locator("table[data-testid=recordings] tbody tr", { has: page.locator(`td:first-child:text-is("${poor}")`) });
  const warning = await poorRow.locator("[data-testid=reading-quality]").textContent();
  check(!(await api(`/recordings/${poor}`)).quality.learned && warning.includes("no better than its word frequencies"), `${tag} dashboard: recording ${poor}'s model is warned about: "${warning}"`);
}
