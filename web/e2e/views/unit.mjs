// The unit view: one box per word the API returns for a unit, with its spread and a key.
import { check } from "../harness.mjs";

/** The first unit of the co-clustering's first chip. */
export async function unit({ page, tag, shot, go, api, co, rec }) {
  const unit = co.unit_clusters[0][0];
  const words = await api(`/recordings/${co.recording_id}/units/${unit}/words?layer=${co.layer}&state=${co.state}&k=10&min_count=5`);
  await go(`#/unit?recording=${co.recording_id}&layer=${co.layer}&state=${co.state}&unit=${unit}&co=${co.id}`);
  await page.waitForSelector("svg.boxplots");
  check((await page.locator("select[name=layer] option").count()) === rec.layers.length && (await page.locator("select[name=state] option").count()) === rec.states.length, `${tag} unit view: layer and state selectors`);
  check((await page.textContent("[data-testid=back-to-chips]")).includes(co.label), `${tag} unit view: a way back to the co-clustering`);
  const boxes = await page.locator("svg.boxplots g.box").count();
  check(boxes === words.positive.length + words.negative.length, `${tag} unit view: ${boxes} words`);
  const spreads = await page.locator("svg.boxplots g.box rect.iqr, svg.boxplots g.box line.std-range").count();
  check(spreads === boxes, `${tag} unit view: every word's spread drawn (${spreads} of ${boxes})`);
  const stored = [...words.positive, ...words.negative].filter((w) => w.quantiles).length;
  check(stored > 0 && (await page.locator("svg.boxplots g.box rect.iqr").count()) === stored, `${tag} unit view: ${stored} boxes from stored quantiles`);
  check((await page.locator("svg.boxplots g.key text").count()) >= 2, `${tag} unit view: a key says what the marks are`);
  await shot("unit");
}
