// Figures for the documentation: screenshots of web-client views in headless Chromium.
//   RNNVIS_URL, RNNVIS_TOKEN: the server and a token
//   RNNVIS_FIGURES: JSON [{"name": "cocluster-balanced", "hash": "#/cocluster?...", "wait": "svg.cocluster"}]
//   RNNVIS_FIGURES_DIR: where the PNG files go
// Run by docs/examples/sentiment.py --figures.
import { mkdirSync } from "node:fs";
import { launchBrowser } from "./harness.mjs";

const base = process.env.RNNVIS_URL;
const token = process.env.RNNVIS_TOKEN;
const figures = JSON.parse(process.env.RNNVIS_FIGURES ?? "[]");
const folder = process.env.RNNVIS_FIGURES_DIR;
if (!base || !token || !folder) throw new Error("RNNVIS_URL, RNNVIS_TOKEN and RNNVIS_FIGURES_DIR are needed");
mkdirSync(folder, { recursive: true });

const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${base}/`);
  await page.evaluate((t) => sessionStorage.setItem("rnnvis.token", t), token);
  for (const figure of figures) {
    await page.goto(`${base}/${figure.hash}`);
    await page.waitForSelector("#app[data-ready=true]", { timeout: 60000 });
    if (figure.wait) await page.waitForSelector(figure.wait, { timeout: 60000 });
    if (figure.click) {
      await page.click(figure.click);
      if (figure.after) await page.waitForSelector(figure.after, { timeout: 60000 });
    }
    const path = `${folder}/${figure.name}.png`;
    await page.screenshot({ path, fullPage: true });
    console.log(`saved ${path}`);
  }
} finally {
  await browser.close();
}
