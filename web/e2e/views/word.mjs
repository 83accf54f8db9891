// The word view: one dot per unit for a word; an unknown word is reported.
import { check } from "../harness.mjs";

/** The co-clustering's first word, then a word that does not occur. */
export async function word({ page, tag, shot, go, co, rec }) {
  const shown = co.words[0];
  await go(`#/word?recording=${co.recording_id}&layer=${co.layer}&state=${co.state}&word=${encodeURIComponent(shown)}`);
  await page.waitForSelector("svg.bands");
  check((await page.locator("svg.bands circle.unit-dot").count()) === rec.hidden_size, `${tag} word view: ${rec.hidden_size} units`);
  await shot("word");
  await go(`#/word?recording=${co.recording_id}&layer=${co.layer}&state=${co.state}&word=zzznotawordzzz`);
  await page.waitForSelector(".error:not([hidden])");
  check((await page.textContent(".error")).includes("does not occur"), `${tag} word view: an unknown word is reported`);
}
