// The compare view: two co-cluster panels, the unit alignment drawn as links between them, and one
// word's response in both models.
import { check, coclusterParams, waitForJobs } from "../harness.mjs";

/** The co-clustering on the left, another of the same recording (another layer) on the right. */
export async function compare({ page, tag, shot, go, api, co, rec }) {
  const other = process.env.RNNVIS_OTHER_COCLUSTERING ? await api(`/coclusterings/${process.env.RNNVIS_OTHER_COCLUSTERING}`) : co;
  Object.assign(other, (await waitForJobs(`co-clustering ${other.id}`, async () => [await api(`/coclusterings/${other.id}`)], 1))[0]);
  if (other.status !== "succeeded") throw new Error(`co-clustering ${other.id}: ${other.status}`);
  await go(`#/compare?${coclusterParams(co, "a.")}&${coclusterParams(other, "b.")}`);
  await page.waitForFunction(() => document.querySelectorAll("svg.cocluster").length === 2, null, { timeout: 30000 });
  // one colour scale for both panels: a colour means the same response on either side
  await page.waitForFunction(() => new Set([...document.querySelectorAll(".side-by-side svg.legend")].map((l) => l.getAttribute("aria-label"))).size === 1);
  const scales = await page.locator(".side-by-side svg.legend").evaluateAll((ls) => ls.map((l) => l.getAttribute("aria-label")));
  check(scales.length === 2 && scales[0] === scales[1], `${tag} compare view: both panels colour units on one scale (${scales[0]})`);
  await page.click("text=Align units");
  await page.waitForSelector("[data-testid=alignment] tbody tr");
  check((await page.locator("[data-testid=alignment] tbody tr").count()) === Math.min(20, rec.hidden_size), `${tag} compare view: alignment table`);
  await page.locator("[data-testid=alignment] tbody tr").first().click();
  check((await page.locator("svg.cocluster g.unit.picked").count()) === 2, `${tag} compare view: a pair outlines a unit on each side`);
  const links = await page.locator("svg.alignment-links path.alignment-link").count();
  check(links === Math.min(20, rec.hidden_size) && (await page.locator("svg.alignment-links path.alignment-link.picked").count()) === 1, `${tag} compare view: ${links} alignment links between the panels, the chosen one marked`);
  // the link starts at the left unit's cell and ends at the right one's
  const ends = await page.evaluate(() => {
    const link = document.querySelector("svg.alignment-links path.picked").getBoundingClientRect();
    const [a, b] = [...document.querySelectorAll("svg.cocluster g.unit.picked")].map((u) => u.getBoundingClientRect());
    return [Math.abs(link.left - a.right), Math.abs(link.right - b.left)];
  });
  check(ends.every((d) => d < 2), `${tag} compare view: the chosen link joins the two outlined units (${ends.map((d) => d.toFixed(1)).join(", ")} px)`);
  // the chips face each other (the left panel is mirrored), so no link crosses a panel's clouds
  const crossing = await page.evaluate(() => {
    const [leftPanel, rightPanel] = document.querySelectorAll(".side-by-side .cocluster-panel");
    const cloudsEnd = Math.max(...[...leftPanel.querySelectorAll("g.cloud")].map((c) => c.getBoundingClientRect().right));
    const cloudsStart = Math.min(...[...rightPanel.querySelectorAll("g.cloud")].map((c) => c.getBoundingClientRect().left));
    return [...document.querySelectorAll("svg.alignment-links path")].filter((l) => {
      const box = l.getBoundingClientRect();
      return box.left < cloudsEnd - 1 || box.right > cloudsStart + 1;
    }).length;
  });
  check(crossing === 0, `${tag} compare view: no alignment link crosses a word cloud (${crossing})`);
  // the alignment is kept in the link (opened again, it is drawn again) and downloads as CSV
  check(new URL(page.url()).hash.includes("align=1"), `${tag} compare view: the link keeps the alignment`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=alignment-csv]")]);
  const csv = (await (await download.createReadStream()).toArray()).join("").trim().split("\n");
  check(csv[0] === "left_unit,left_chip,right_unit,right_chip,correlation" && csv.length === 1 + rec.hidden_size, `${tag} compare view: the alignment's CSV holds every pair (${csv.length - 1} rows, "${download.suggestedFilename()}")`);
  await page.reload();
  await page.waitForSelector("[data-testid=alignment] tbody tr");
  check((await page.locator("svg.alignment-links path.alignment-link").count()) === links, `${tag} compare view: reloaded, the link draws the alignment again`);
  // an empty word says what is missing rather than doing nothing
  await page.fill("input[name=compare-word]", " ");
  await page.click(".compare-word button[type=submit]");
  check((await page.locator(".error:not([hidden])").first().textContent()).includes("Type a word"), `${tag} compare view: "Show in both" with no word says so`);
  // one word's response in both models, side by side
  const shared = co.words.find((w) => other.words.includes(w));
  await page.fill("input[name=compare-word]", shared);
  await page.click(".compare-word button[type=submit]");
  // each panel's key names the words colouring its units once it is drawn again
  const stripes = "stripes left to right: ";
  await page.waitForFunction((s) => [...document.querySelectorAll("[data-testid=cocluster-legend]")].filter((l) => l.textContent.includes(s)).length === 2, stripes);
  const colouring = await page.locator("[data-testid=cocluster-legend] .legend-text").evaluateAll((texts, s) =>
    texts.map((t) => t.textContent).filter((t) => t.includes(s)).map((t) => t.split(s)[1]), stripes);
  check(colouring.length === 2 && colouring.every((words) => words === shared), `${tag} compare view: "${shared}" colours the units of both panels (${colouring.join(" | ")})`);
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=word-responses] svg.bands").length === 2);
  check((await page.locator("[data-testid=word-responses] svg.bands circle.unit-dot").count()) === rec.hidden_size * 2, `${tag} compare view: "${shared}": every unit's response in both models, side by side`);
  // nothing cut at a panel's edge
  const cut = await page.evaluate(() => [...document.querySelectorAll(".side-by-side .cocluster-panel")].map((p) => p.querySelector("svg.cocluster").getBoundingClientRect().right - p.getBoundingClientRect().right));
  check(cut.every((d) => d <= 0), `${tag} compare view: both charts inside their panels (${cut.map((d) => d.toFixed(0)).join(", ")} px past the edge)`);
  await shot("compare");
}
