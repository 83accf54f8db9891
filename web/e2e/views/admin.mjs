// The administrators' page: every user with their usage against the quota.
import { check } from "../harness.mjs";

/** As an administrator (their token), then back to the run's user. */
export async function admin({ page, tag, viewport, shot, go, base, token }) {
  if (process.env.RNNVIS_ADMIN_TOKEN && viewport.width === 1440) {
    await page.evaluate((t) => localStorage.setItem("rnnvis.token", t), process.env.RNNVIS_ADMIN_TOKEN);
    await go("#/admin");
    await page.waitForSelector("table[data-testid=users] tbody tr");
    const everyone = await (await fetch(`${base}/api/v1/users`, { headers: { Authorization: `Bearer ${process.env.RNNVIS_ADMIN_TOKEN}` } })).json();
    check((await page.locator("table[data-testid=users] tbody tr").count()) === everyone.length, `${tag} admin: every user listed (${everyone.length})`);
    check((await page.locator("table[data-testid=users] .usage-bar").count()) === everyone.length, `${tag} admin: each user's stored bytes against the quota`);
    if (process.env.RNNVIS_SSO_SUBJECT) {
      const row = page.locator("table[data-testid=users] tbody tr", { hasText: `single sign-on (${process.env.RNNVIS_SSO_SUBJECT})` });
      check((await row.count()) === 1 && (await row.locator(`input[name^=sso-]`).inputValue()) === process.env.RNNVIS_SSO_SUBJECT, `${tag} admin: the single sign-on user's subject is shown and editable`);
    }
    await shot("admin");
    await page.evaluate((t) => localStorage.setItem("rnnvis.token", t), token);
  }
}
