// The account page: a token made in the browser is shown once, works, and can be revoked; sign out.
import { check } from "../harness.mjs";

/** Then sign out, and sign in again with the run's API token (the rest of the run uses it). */
export async function account({ page, tag, viewport, shot, go, base, token, userName }) {
  await go("#/account");
  await page.waitForSelector("table[data-testid=tokens] tbody tr");
  await page.fill("input[name=token-name]", "laptop notebook");
  await page.click("form[data-testid=make-token] button[type=submit]");
  await page.waitForSelector("[data-testid=token-shown]:not([hidden]) [data-testid=secret]");
  const secret = await page.textContent("[data-testid=secret]");
  const made = await fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });
  check(secret.startsWith("rnv_") && made.ok, `${tag} account: a token made in the browser is shown once and works for programs`);
  const madeRows = page.locator("table[data-testid=tokens] tbody tr", { hasText: "laptop notebook" });
  check((await madeRows.count()) === 1 && (await page.locator("table[data-testid=tokens] tbody tr", { hasText: "browser sign-in" }).count()) >= 1, `${tag} account: tokens and sign-ins listed`);
  if (viewport.width === 1440) await shot("account");
  await madeRows.locator("button").click();
  await page.waitForFunction(() => ![...document.querySelectorAll("table[data-testid=tokens] tbody tr")].some((r) => r.textContent.includes("laptop notebook")));
  check((await fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } })).status === 401, `${tag} account: a revoked token is refused`);
  await page.click("#who button");
  await page.waitForSelector("form.password-signin");
  check((await page.evaluate(() => localStorage.getItem("rnnvis.csrf"))) === null, `${tag} sign out ends the session`);
  await page.click(".token-option summary");
  await page.fill("input[name=token]", token);
  await page.click("form.token-signin button[type=submit]");
  await page.waitForSelector("table[data-testid=tokens] tbody tr"); // back on the account page, by token
  check((await page.textContent("#who a")) === userName, `${tag} signed in again with the API token`);
}
