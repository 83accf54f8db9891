// The co-cluster view: chips, clouds and edges against the co-clustering's own numbers, the graph as
// the paper lays it out on the first screen (chips in the middle, each level with its numbered cloud),
// the quality in words and what it suggests, words found and chosen (by mouse, search box and
// keyboard), exports (a title and the quality, no page hints), notices and warnings, a refused k, and
// a large layer's timing. The trust tools under the chart are in cocluster-tools.mjs.
import { readFileSync, statSync } from "node:fs";
import { check, coclusterParams, hashParams, waitForJobs } from "../harness.mjs";

/** The co-cluster view of `c` names its empty chips and clouds in a notice, and has none without. */
async function checkEmptyNotice({ page, tag }, c) {
  const empty = [...c.unit_clusters, ...c.word_clusters].filter((m) => m.length === 0).length;
  const notice = page.locator("[data-testid=empty-clusters]");
  check(empty === 0 ? (await notice.count()) === 0 : (await notice.textContent()).includes("a smaller k may serve"), `${tag} co-clustering ${c.id}: ${empty} empty cluster(s) ${empty ? "named in a notice" : "and no notice"}`);
}

/** Where the graph's marks are on the page (the window's coordinates): each chip with its own cloud,
 * the clouds' numbers, the chips' column, and what lies under the graph. */
function graphGeometry() {
  const svg = document.querySelector("svg.cocluster");
  const box = (node) => { const r = node.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, centre: r.top + r.height / 2 }; };
  const clouds = Object.fromEntries([...svg.querySelectorAll("g.cloud")].map((g) => [g.dataset.cloud, { ...box(g.querySelector("rect.cloud-box")), number: g.querySelector("text.cloud-number")?.textContent ?? "" }]));
  const chips = [...svg.querySelectorAll("rect.chip")].map((r) => ({ id: r.dataset.chip, ...box(r) }));
  const tools = document.querySelector(".cocluster-panel > .trust-tools");
  return { height: window.innerHeight, chips, clouds, graph: box(svg), toolsTop: tools && tools.childElementCount ? box(tools).top : null };
}

/** The graph as the paper draws it, on the first screen: every chip and its own cloud inside the
 * window, level with each other, the chips between a left and a right column of clouds, every cloud
 * numbered, the trust tools under the graph; the quality line says in words what its numbers mean. */
async function checkFirstScreen({ page, tag }, c) {
  const g = await page.evaluate(graphGeometry);
  const pairs = g.chips.filter((chip) => g.clouds[chip.id]);
  const outside = pairs.filter((chip) => chip.bottom > g.height || g.clouds[chip.id].bottom > g.height || chip.top < 0 || g.clouds[chip.id].top < 0).map((chip) => `#${chip.id}`);
  check(pairs.length === g.chips.length && outside.length === 0, `${tag} co-cluster view: all ${pairs.length} chips and their own clouds are on the first screen (lowest at ${Math.max(...pairs.map((chip) => Math.max(chip.bottom, g.clouds[chip.id].bottom))).toFixed(0)} of ${g.height} px${outside.length ? `; below: ${outside.join(", ")}` : ""})`);
  const offsets = pairs.map((chip) => Math.abs(chip.centre - g.clouds[chip.id].centre));
  check(offsets.every((d) => d <= 4), `${tag} co-cluster view: each chip is level with its own cloud (centres at most ${Math.max(...offsets).toFixed(1)} px apart)`);
  const left = Object.values(g.clouds).filter((cloud) => cloud.right < Math.min(...g.chips.map((chip) => chip.left))).length;
  const right = Object.values(g.clouds).filter((cloud) => cloud.left > Math.max(...g.chips.map((chip) => chip.right))).length;
  check(left > 0 && right > 0 && left + right === Object.keys(g.clouds).length, `${tag} co-cluster view: the chips stand in the middle, ${left} clouds left of them and ${right} right`);
  const unnumbered = Object.entries(g.clouds).filter(([id, cloud]) => !cloud.number.startsWith(`#${id} `)).map(([id]) => id);
  check(unnumbered.length === 0, `${tag} co-cluster view: every cloud shows its number (${Object.entries(g.clouds).map(([, cloud]) => cloud.number.split(" ")[0]).join(" ")})`);
  check(g.toolsTop === null || g.toolsTop >= g.graph.bottom, `${tag} co-cluster view: the trust tools come under the graph (${g.toolsTop?.toFixed(0)} >= ${g.graph.bottom.toFixed(0)} px)`);
  const quality = (await page.textContent("[data-testid=cocluster-quality]")).trim();
  check(/^(No better than random labels|Weak structure|Clear structure)\b/.test(quality) && quality.includes(`modularity ${c.quality.modularity.toFixed(3)}`) && quality.includes("% for random labels"), `${tag} co-cluster view: the quality in words, then its numbers: "${quality}"`);
  // how well the recording's model reads the text, judged on that text against its word frequencies
  const recording = await (await fetch(`${new URL(page.url()).origin}/api/v1/recordings/${c.recording_id}`, { headers: { Authorization: `Bearer ${process.env.RNNVIS_TOKEN}` } })).json();
  if (!recording.quality) {
    check((await page.locator("[data-testid=reading-quality]").count()) === 0, `${tag} co-cluster view: a classifier's recording has no next-word reading to show`);
    return;
  }
  const reading = (await page.textContent("[data-testid=reading-quality]")).trim();
  check(reading.includes(`perplexity ${Math.round(recording.quality.perplexity).toLocaleString()} against ${Math.round(recording.quality.unigram_perplexity).toLocaleString()}`) && reading.startsWith(recording.quality.learned ? "The model reads this text" : "⚠"), `${tag} co-cluster view: the model's reading of the text beside its word frequencies: "${reading}"`);
}

/** One cell per unit, one chip per non-empty unit cluster, one cloud per non-empty word cluster, empty
 * ones named in a notice; every chip keeps at least its strongest edge; then words chosen, chips
 * highlighted, and the chart saved. */
export async function cocluster(v) {
  const { page, tag, shot, go, api, co, rec } = v;
  await go(`#/cocluster?${coclusterParams(co)}`);
  await page.waitForSelector("svg.cocluster");
  await checkFirstScreen(v, co);
  check((await page.locator("svg.cocluster g.unit").count()) === rec.hidden_size, `${tag} co-cluster view: ${rec.hidden_size} unit cells`);
  const fullChips = co.unit_clusters.filter((u) => u.length > 0).length;
  const fullClouds = co.word_clusters.filter((w) => w.length > 0).length;
  check((await page.locator("svg.cocluster rect.chip").count()) === fullChips, `${tag} co-cluster view: ${fullChips} memory chips (of ${co.n_clusters} clusters)`);
  check((await page.locator("svg.cocluster g.cloud").count()) === fullClouds, `${tag} co-cluster view: ${fullClouds} word clouds`);
  await checkEmptyNotice(v, co);
  check((await page.locator("[data-testid=model-warning]").count()) === 0, `${tag} co-cluster view: no quality warning for the model that learned`);
  for (const chip of co.unit_clusters.flatMap((u, j) => (u.length ? [j] : []))) {
    check((await page.locator(`svg.cocluster path.edge[data-chip="${chip}"]`).count()) > 0, `${tag} co-cluster view: chip ${chip} has an edge at the default link filter`);
  }
  // inspectable: the key is shown before any click; units are coloured, not grey; marks carry numbers
  check((await page.locator("[data-testid=cocluster-legend]").count()) === 1, `${tag} co-cluster view: the key is shown before any click`);
  const before = await page.locator("svg.cocluster rect.cell").evaluateAll((cells) => cells.map((c) => c.getAttribute("fill")));
  check(new Set(before).size > 3 && !before.includes("#b9c2cc"), `${tag} co-cluster view: unit cells coloured by their response to their cloud (${new Set(before).size} colours)`);
  check(/mean response [+-]\d/.test(await page.locator("svg.cocluster path.edge title").first().textContent()), `${tag} co-cluster view: an edge's title gives its mean response`);
  check(/strength [+-]\d.*seen \d/.test(await page.locator("svg.cocluster g.word-mark title").first().textContent()), `${tag} co-cluster view: a word's title gives its strength and count`);
  check(/unit \d+ \(chip #\d+\): mean response/.test(await page.locator("svg.cocluster g.unit title").first().textContent()), `${tag} co-cluster view: a unit's title gives its response`);
  // every word is reachable: a cloud larger than it shows opens in full
  const largest = co.word_clusters.reduce((best, m, i) => (m.length > co.word_clusters[best].length ? i : best), 0);
  const cloudWords = page.locator(`svg.cocluster g.cloud[data-cloud="${largest}"] text.word`);
  const shownBefore = await cloudWords.count();
  if (co.word_clusters[largest].length > shownBefore) {
    await page.locator(`svg.cocluster g.cloud[data-cloud="${largest}"] text.more-words`).click();
    await page.waitForFunction(([i, n]) => document.querySelectorAll(`svg.cocluster g.cloud[data-cloud="${i}"] text.word`).length > n, [largest, shownBefore]);
    const shownAfter = await cloudWords.count();
    check(shownAfter === co.word_clusters[largest].length, `${tag} co-cluster view: cloud ${largest} opens to all its ${co.word_clusters[largest].length} words (${shownAfter} shown, ${shownBefore} before)`);
  }
  // words placed as a cloud: no two words of a cloud overlap
  const overlaps = await page.locator("svg.cocluster g.cloud").evaluateAll((clouds) => clouds.reduce((n, g) => {
    const boxes = [...g.querySelectorAll("text.word")].map((t) => t.getBBox());
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      // text boxes include ascent and descent; d3-cloud packs by the glyphs' pixels (a small word
      // may sit in the room above or below a larger one's short letters), so two words are on
      // top of each other when one's centre lies in the other's band of lower-case letters
      const inCore = (p, q) => {
        const cx = p.x + p.width / 2, cy = p.y + p.height / 2;
        return cx > q.x && cx < q.x + q.width && cy > q.y + 0.35 * q.height && cy < q.y + 0.75 * q.height;
      };
      if (inCore(a, b) || inCore(b, a)) n++;
    }
    return n;
  }, 0));
  check(overlaps === 0, `${tag} co-cluster view: no two words of a cloud overlap (${overlaps} pairs)`);
  // a word found by the search box is chosen (the least strong word of the largest cloud)
  const weakest = co.word_clusters[largest].reduce((a, b) => (Math.abs(co.word_strength[b]) < Math.abs(co.word_strength[a]) ? b : a));
  const searched = co.words[weakest];
  await page.fill(".cocluster-panel input[name=find]", searched);
  await page.press(".cocluster-panel input[name=find]", "Enter");
  await page.waitForSelector("svg.cocluster text.word.picked"); // no word was chosen before
  const found = await page.locator("svg.cocluster text.word.picked").allTextContents();
  check(found.length === 1 && found[0] === searched && hashParams(page).get("words") === searched, `${tag} co-cluster view: "${searched}" found by the search box and chosen (${found.join(", ")})`);
  const firstWord = page.locator("svg.cocluster text.word").first();
  const clicked = await firstWord.textContent();
  await firstWord.click();
  await page.waitForFunction((w) => document.querySelector("[data-testid=cocluster-legend]")?.textContent.includes(w), clicked);
  const fills = await page.locator("svg.cocluster rect.cell").evaluateAll((cells) => cells.map((c) => c.getAttribute("fill")));
  check(JSON.stringify(fills) !== JSON.stringify(before) && new Set(fills).size > 3, `${tag} clicking "${clicked}" colours the units by its response (${new Set(fills).size} colours)`);
  const chosenWords = hashParams(page).get("words").split(",");
  check(chosenWords.includes(clicked), `${tag} the clicked word is in the URL (${chosenWords.join(", ")})`);
  await page.locator("svg.cocluster text.chip-label").first().click();
  check((await page.locator("svg.cocluster path.edge.active").count()) > 0, `${tag} clicking a chip highlights its edges`);
  await page.locator("svg.cocluster rect.background").click({ position: { x: 5, y: 5 } });
  check((await page.locator("svg.cocluster .active").count()) === 0, `${tag} a click on the background clears the highlight`);
  await page.locator("svg.cocluster text.chip-label").first().click();
  // chosen words make the page's head taller: the graph, drawn again, still fits the first screen
  await page.evaluate(() => window.scrollTo(0, 0));
  await checkFirstScreen(v, co);
  await shot("cocluster");
  // the chart saves as SVG, PNG and PDF, each with the co-clustering's provenance in its metadata
  // (the PDF is kept for tests/service/test_web.py to open with pypdf)
  for (const kind of ["SVG", "PNG", "PDF"]) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(`.cocluster-panel .export button:text("${kind}")`)]);
    const saved = await download.path();
    const { size } = statSync(saved);
    const named = `cocluster-${co.id}-layer${co.layer}-${co.state}-k${co.n_clusters}-${co.mode}.${kind.toLowerCase()}`;
    check(download.suggestedFilename() === named && size > 1000, `${tag} the chart saves as ${named} (${size} bytes)`);
    if (kind === "PDF" && process.env.RNNVIS_DOWNLOADS) await download.saveAs(`${process.env.RNNVIS_DOWNLOADS}/${named}`);
    if (kind === "PNG") {
      const png = readFileSync(saved);
      check(png.includes("iTXt") && png.includes(`"coclustering_id":${co.id}`), `${tag} the saved PNG carries the provenance in an iTXt chunk`);
    }
    if (kind === "SVG") {
      const svgText = readFileSync(saved, "utf8");
      const meta = svgText.match(/<metadata id="rnnvis-provenance"[^>]*>(.*?)<\/metadata>/s);
      const provenance = meta ? JSON.parse(meta[1].replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&")) : null;
      const served = await api(`/provenance/coclustering/${co.id}`);
      check(provenance !== null && JSON.stringify(provenance) === JSON.stringify(served), `${tag} the saved SVG carries the co-clustering's provenance (${served.caption.slice(0, 60)}…)`);
      check(svgText.includes("linearGradient") && svgText.includes("mean response"), `${tag} the saved SVG carries the colour key`);
      const title = `co-clustering ${co.id}, layer ${co.layer}, state ${co.state}, k = ${co.n_clusters}, ${co.mode} mode`;
      check(svgText.includes(rec.label.replaceAll("&", "&amp;")) && svgText.includes(title) && svgText.includes(`modularity ${co.quality.modularity.toFixed(3)}`) && svgText.includes("for random labels"), `${tag} the saved SVG has a title (${title}) and the quality line`);
      check(!svgText.includes("more words") && !svgText.includes("hover any mark"), `${tag} the saved SVG leaves out the page's hints ("hover any mark", "+N more words")`);
      check((await page.locator("svg.cocluster text.more-words").count()) > 0 || co.word_clusters.every((m) => m.length <= 8), `${tag} the page keeps its "+N more words" links`);
    }
  }
  // what to cite: the paper's BibTeX and a line naming the data, beside the export buttons
  await page.click(`.cocluster-panel .export button:text("Cite")`);
  const cite = page.locator(".cocluster-panel [data-testid=cite]");
  await cite.waitFor();
  check((await cite.textContent()).includes("@inproceedings{ming2017understanding,") && (await cite.textContent()).includes(`co-clustering ${co.id}`), `${tag} Cite shows the paper's BibTeX, the data and the caption`);
  if (v.viewport.width === 1440) await shot("cocluster-cite");
  await page.click(`.cocluster-panel .export button:text("Cite")`);
  if (v.viewport.width === 1440) await remedies(v);
}

/** Where the chips read flat or weak, the quality line offers another mode: one click fills the
 * form and co-clusters in it; the view of the run's co-clustering is shown again after. */
async function remedies({ page, tag, go, api, co }) {
  const tryMode = page.locator("[data-testid=try-mode]");
  if ((await tryMode.count()) === 0) {
    check(co.mode === "positive" || /^Clear structure/.test(await page.textContent("[data-testid=cocluster-quality]")), `${tag} co-cluster view: no other mode offered for clear chips`);
    return;
  }
  check((await page.locator("[data-testid=try-scan]").count()) === 1, `${tag} co-cluster view: the quality line offers the scan over k too`);
  await page.locator("svg.cocluster").evaluate((svg) => svg.setAttribute("data-before-remedy", ""));
  await tryMode.click();
  // the job (new, or the same request made before) is followed by its own state, not a clock; then the view
  const same = (c) => c.recording_id === co.recording_id && c.layer === co.layer && c.state === co.state && c.n_clusters === co.n_clusters && c.mode === "positive";
  await waitForJobs("the positive-mode co-clustering", async () => (await api("/coclusterings?limit=500")).items.filter(same), 1);
  await page.waitForSelector(".cocluster-panel svg.cocluster:not([data-before-remedy]), .cocluster-panel .error:not([hidden])");
  const drawnFor = (await page.textContent(".cocluster-panel > .status")).split(". ")[0];
  const quality = await page.textContent("[data-testid=cocluster-quality]");
  check(hashParams(page).get("mode") === "positive" && (await page.inputValue(".cocluster-panel select[name=mode]")) === "positive" && !drawnFor.startsWith(`co-clustering ${co.id}:`), `${tag} co-cluster view: "co-cluster in positive mode" fills the form and co-clusters (${drawnFor}): "${quality}"`);
  await go(`#/cocluster?${coclusterParams(co)}`);
  await page.waitForFunction((id) => document.querySelector(".cocluster-panel > .status")?.textContent.startsWith(`co-clustering ${id}:`) && document.querySelector("svg.cocluster"), co.id);
}

/** Co-clusterings that say something of themselves: a degenerate one names its empty chips, a
 * model that learned nothing is warned of; a refused k clears the chart, and the navigation keeps
 * the co-clustering last shown. */
export async function notices(v) {
  const { page, tag, go, api } = v;
  // a degenerate co-clustering (a model that learned little, 2 of 4 chips empty) says so
  if (process.env.RNNVIS_DEGENERATE_COCLUSTERING) {
    const bad = await api(`/coclusterings/${process.env.RNNVIS_DEGENERATE_COCLUSTERING}`);
    await go(`#/cocluster?${coclusterParams(bad)}`);
    await page.waitForSelector("svg.cocluster");
    await checkEmptyNotice(v, bad);
    check((await page.locator("[data-testid=model-warning]").count()) === 0, `${tag} co-cluster view: no quality warning for an uploaded model (nothing is known of its training)`);
  }

  // the co-clustering of a model that learned nothing says so; the learned model's does not
  if (process.env.RNNVIS_UNLEARNED_COCLUSTERING) {
    const poor = await api(`/coclusterings/${process.env.RNNVIS_UNLEARNED_COCLUSTERING}`);
    await go(`#/cocluster?${coclusterParams(poor)}`);
    await page.waitForSelector("svg.cocluster");
    check((await page.textContent("[data-testid=model-warning]")).includes("learned little"), `${tag} co-cluster view: the chips of a model that learned nothing come with its warning`);
  }

  const lastShown = new URL(page.url()).hash;
  // a refused request leaves no chart of the previous settings under its message
  await page.fill(".cocluster-panel input[name=n_clusters]", "100");
  await page.click(".cocluster-panel form button[type=submit]");
  await page.waitForSelector(".cocluster-panel .error:not([hidden])");
  check((await page.locator("svg.cocluster").count()) === 0 && (await page.textContent(".cocluster-panel .error")).includes("n_clusters"), `${tag} co-cluster view: a refused k clears the old chart and says why`);
  check((await page.locator("[data-testid=edit]").count()) === 0 && (await page.locator("[data-testid=ablation]").count()) === 0, `${tag} co-cluster view: after a refused k no edit or chip test acts on the co-clustering shown before`);
  // the Co-clusters link returns to the co-clustering last shown
  const navHref = await page.getAttribute("nav a:text('Co-clusters')", "href");
  check(navHref === lastShown, `${tag} the Co-clusters link returns to the last co-clustering shown (${lastShown}), not the refused settings (${navHref})`);
  // a link to a recording that is not the user's says not found, not "no recording yet"
  await go("#/cocluster?recording=987654&layer=0&state=h");
  await page.waitForSelector(".cocluster-panel .error:not([hidden])");
  const refused = await page.textContent(".cocluster-panel .error");
  check(refused.includes("recording 987654") && refused.includes("not found"), `${tag} co-cluster view: a link to a recording not the user's says so: "${refused}"`);
}

/** A large layer stays responsive (1920x1080 only): the time to the chart and to a word's colours. */
export async function largeLayer({ page, viewport, shot, go, api }) {
  if (!process.env.RNNVIS_BIG_COCLUSTERING || viewport.width !== 1920) return;
  const big = await api(`/coclusterings/${process.env.RNNVIS_BIG_COCLUSTERING}`);
  const bigRec = await api(`/recordings/${big.recording_id}`);
  const started = Date.now();
  await go(`#/cocluster?${coclusterParams(big)}`);
  await page.waitForSelector("svg.cocluster");
  const drawn = Date.now() - started;
  check((await page.locator("svg.cocluster g.unit").count()) === bigRec.hidden_size, `large layer: ${bigRec.hidden_size} unit cells, ${big.words.length} words`);
  const clickStarted = Date.now();
  const bigWord = await page.locator("svg.cocluster text.word").first().textContent();
  await page.locator("svg.cocluster text.word").first().click();
  await page.waitForFunction((w) => document.querySelector("[data-testid=cocluster-legend]")?.textContent.includes(w), bigWord);
  const recoloured = Date.now() - clickStarted;
  console.log(`timing - large layer (${bigRec.hidden_size} units x ${big.words.length} words): page to chart ${drawn} ms, word click to recoloured ${recoloured} ms`);
  await shot("cocluster-large");
}

/** A word in a cloud takes focus and Enter chooses it; a unit cell opens the unit view the same way. */
export async function keyboard({ page, tag, go, co }) {
  await go(`#/cocluster?${coclusterParams(co)}`);
  // this co-clustering's chart, not the one of the view shown before (the large layer's)
  await page.waitForFunction((id) => document.querySelector(".cocluster-panel > .status")?.textContent.startsWith(`co-clustering ${id}:`) && document.querySelector("svg.cocluster"), co.id);
  const focused = page.locator("svg.cocluster text.word").nth(1);
  const word = await focused.textContent();
  await focused.focus();
  await page.keyboard.press("Enter");
  await page.waitForSelector("svg.cocluster text.word.picked"); // drawn again, the word chosen
  const chosen = await page.locator("svg.cocluster text.word.picked").allTextContents();
  check(chosen.length === 1 && chosen[0] === word && hashParams(page).get("words") === word, `${tag} a word is chosen by keyboard ("${word}": ${chosen.join(", ")} chosen)`);
  await page.locator("svg.cocluster g.unit").first().focus();
  await page.keyboard.press("Enter");
  await page.waitForSelector("svg.boxplots");
  check(page.url().includes("#/unit"), `${tag} a unit cell is opened by keyboard`);
}

/** The chips coloured and sorted by half-life (SPEC 13): each chip's frame and label follow the API's
 * half-lives, units alike share a colour, longer is darker, the chips stand shortest first. */
export async function halfLives(v) {
  const { page, tag, viewport, shot, go, api } = v;
  // the learned model's layer 1 c, whose chips hold words for 1 to 12 steps (its h forgets in one)
  const memory = process.env.RNNVIS_MEMORY_COCLUSTERING;
  const co = memory ? await api(`/coclusterings/${memory}`) : v.co;
  const lives = await api(`/coclusterings/${co.id}/half-lives`);
  await go(`#/cocluster?${coclusterParams(co)}&colour=half-life&sort=half-life`);
  await page.waitForSelector("svg.cocluster rect.chip.by-half-life");
  check((await page.inputValue("select[name=colour-by]")) === "half-life" && (await page.locator("input[name=sort-half-life]").isChecked()), `${tag} co-cluster view: the half-life controls follow the link`);
  check((await page.locator("[data-testid=cocluster-legend] svg.half-life-legend").count()) === 1 && (await page.locator("svg.half-life-legend rect.longer-swatch").count()) === 1, `${tag} co-cluster view: a half-life key, with a swatch for longer than ${lives.depth} steps`);
  const chips = await page.evaluate(() => [...document.querySelectorAll("svg.cocluster rect.chip")].map((r) => {
    const rgb = getComputedStyle(r).stroke.match(/\d+/g).map(Number);
    const lin = (c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
    return { chip: Number(r.dataset.chip), life: r.dataset.halfLife, stroke: getComputedStyle(r).stroke, luminance: 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]), top: r.getBoundingClientRect().top };
  }));
  check(chips.every((c) => c.life === String(lives.chips[c.chip] ?? "longer")), `${tag} co-cluster view: each chip carries the API's half-life (${chips.map((c) => `#${c.chip} ${c.life}`).join(", ")})`);
  const byLife = new Map();
  for (const c of chips) byLife.set(c.life, [...(byLife.get(c.life) ?? []), c.stroke]);
  const strokes = [...byLife.values()].map((s) => new Set(s));
  check(strokes.every((s) => s.size === 1) && new Set(strokes.map((s) => [...s][0])).size === byLife.size, `${tag} co-cluster view: chips of one half-life share a colour, other half-lives another (${byLife.size} colours)`);
  const key = (life) => (life === "longer" ? Infinity : Number(life));
  const ordered = [...chips].sort((a, b) => key(a.life) - key(b.life));
  check(ordered.every((c, i) => i === 0 || key(c.life) === key(ordered[i - 1].life) || c.luminance < ordered[i - 1].luminance), `${tag} co-cluster view: a longer half-life is a darker colour`);
  const top = [...chips].sort((a, b) => a.top - b.top).map((c) => key(c.life));
  check(top.every((l, i) => i === 0 || l >= top[i - 1]), `${tag} co-cluster view: chips sorted by half-life top to bottom (${top.join(", ")})`);
  const g = await page.evaluate(graphGeometry);
  const offsets = g.chips.filter((chip) => g.clouds[chip.id]).map((chip) => Math.abs(chip.centre - g.clouds[chip.id].centre));
  check(offsets.every((d) => d <= 4), `${tag} co-cluster view: sorted, each chip still level with its own cloud`);
  const unitFills = await page.locator("svg.cocluster g.unit").evaluateAll((units) => units.map((u) => [Number(u.dataset.unit), u.querySelector("rect.cell").getAttribute("fill")]));
  const fillOf = new Map();
  for (const [unit, fill] of unitFills) fillOf.set(String(lives.units[unit]), [...(fillOf.get(String(lives.units[unit])) ?? []), fill]);
  check([...fillOf.values()].every((f) => new Set(f).size === 1), `${tag} co-cluster view: units coloured by their own half-lives (${fillOf.size} of them)`);
  const title = await page.locator("svg.cocluster text.chip-label title").first().textContent();
  check(/half-life (\d+(\.\d+)? steps?|> \d+ steps)/.test(title), `${tag} co-cluster view: a chip's tooltip gives its half-life: "${title}"`);
  if (viewport.width === 1440) await shot("cocluster-half-life");
}
