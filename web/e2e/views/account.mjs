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
  // the sign-in this browser uses is marked: revoking it would sign the user out here
  const marked = page.locator("table[data-testid=tokens] tbody tr", { has: page.locator("[data-testid=current-token]") });
  check((await marked.count()) === 1 && (await marked.textContent()).includes("browser sign-in") && (await marked.textContent()).includes("this browser"), `${tag} account: this browser's sign-in is marked (${(await marked.textContent()).trim()})`);
  if (viewport.width === 1440) await shot("account");
  // revoking asks first, in words; declined, nothing happens; this browser's own sign-in says it signs out
  const asked = [];
  const answer = (accept) => (dialog) => { asked.push(dialog.message()); void (accept ? dialog.accept() : dialog.dismiss()); };
  page.once("dialog", answer(false));
  await marked.locator("button").click();
  for (let i = 0; i < 50 && asked.length < 1; i++) await page.waitForTimeout(100);
  await page.waitForTimeout(300); // a revoke that went through anyway would have reloaded the list by now
  check(asked.length === 1 && asked[0].includes("You are signed out here") && (await marked.count()) === 1, `${tag} account: revoking this browser's sign-in asks first and says it signs out here: "${asked[0]}"`);
  page.once("dialog", answer(true));
  await madeRows.locator("button").click();
  await page.waitForFunction(() => ![...document.querySelectorAll("table[data-testid=tokens] tbody tr")].some((r) => r.textContent.includes("laptop notebook")));
  check(asked[1]?.startsWith('Revoke the API token "laptop notebook"?'), `${tag} account: revoking a token asks first: "${asked[1]}"`);
  check((await fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } })).status === 401, `${tag} account: a revoked token is refused`);
  check(await page.locator("[data-testid=token-shown]").isHidden() && (await page.locator("[data-testid=secret]").count()) === 0, `${tag} account: the revoked token is no longer shown under "Copy it now"`);
  await page.click("#who button");
  await page.waitForSelector("form.password-signin");
  check((await page.evaluate(() => localStorage.getItem("rnnvis.csrf"))) === null, `${tag} sign out ends the session`);
  await page.click(".token-option summary");
  await page.fill("input[name=token]", token);
  await page.click("form.token-signin button[type=submit]");
  await page.waitForSelector("table[data-testid=tokens] tbody tr"); // back on the account page, by token
  check((await page.textContent("#who a")) === userName, `${tag} signed in again with the API token`);
  const nowMarked = page.locator("table[data-testid=tokens] tbody tr", { has: page.locator("[data-testid=current-token]") });
  check((await nowMarked.count()) === 1 && (await nowMarked.textContent()).includes("API token"), `${tag} account: signed in by token, that token is the one marked`);
}
