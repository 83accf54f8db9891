// How well a recording's model reads the recorded text (GET /recordings/{id} `quality`): its next-word
// perplexity beside the text's own word frequencies. Shown wherever the recording's chips are, since
// the chips of a model that predicts no better than word frequencies show noise.
import type { Recording } from "../api";
import { el } from "../dom";

/** One line in words, with the figures; null for a classifier or a recording made before. */
export function readingLine(quality: Recording["quality"] | undefined): HTMLElement | null {
  if (!quality) return null;
  const perplexities = `perplexity ${Math.round(quality.perplexity).toLocaleString()} against ${Math.round(quality.unigram_perplexity).toLocaleString()}`;
  const over = `first ${quality.words.toLocaleString()} words`;
  if (quality.learned) {
    return el("span", { class: "reading", "data-testid": "reading-quality" }, `The model reads this text: next-word ${perplexities} for its word frequencies (${over}).`);
  }
  return el(
    "span",
    { class: "reading quality-warning", role: "note", "data-testid": "reading-quality" },
    `⚠ The model predicts this text no better than its word frequencies (${perplexities}, ${over}): its chips may show noise.`,
  );
}
