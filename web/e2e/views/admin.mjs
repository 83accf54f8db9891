// The administrators' page: every user with their usage against the quota.
import { check } from "../harness.mjs";

/** As an administrator (their token), then back to the run's user. */
export async function admin({ page, tag, viewport, shot, go, base, token }) {
  if (process.env.RNNVIS_ADMIN_TOKEN && viewport.width === 1440) {
    await page.evaluate((t) => sessionStorage.setItem("rnnvis.token", t), process.env.RNNVIS_ADMIN_TOKEN);
    await go("#/admin");
    await page.waitForSelector("table[data-testid=users] tbody tr");
    const everyone = await (await fetch(`${base}/api/v1/users`, { headers: { Authorization: `Bearer ${process.env.RNNVIS_ADMIN_TOKEN}` } })).json();
    check((await page.locator("table[data-testid=users] tbody tr").count()) === everyone.length, `${tag} admin: every user listed (${everyone.length})`);
    check((await page.locator("table[data-testid=users] .usage-bar").count()) === everyone.length, `${tag} admin: each user's stored bytes against the quota`);
    if (process.env.RNNVIS_SSO_SUBJECT) {
      const row = page.locator("table[data-testid=users] tbody tr", { hasText: `single sign-on (${process.env.RNNVIS_SSO_SUBJECT})` });
      check((await row.count()) === 1 && (await row.locator(`input[name^=sso-]`).inputValue()) === process.env.RNNVIS_SSO_SUBJECT, `${tag} admin: the single sign-on user's subject is shown and editable`);
    }
    // make and unmake an administrator, disable, revoke: each asks first, saying what it does
    const adminApi = async (path) => (await fetch(`${base}/api/v1${path}`, { headers: { Authorization: `Bearer ${process.env.RNNVIS_ADMIN_TOKEN}` } })).json();
    const name = `e2e-guarded-${Date.now().toString(36)}`;
    await page.fill("input[name=new-user]", name);
    await page.click("form[data-testid=create-user] button[type=submit]");
    const row = page.locator("table[data-testid=users] tbody tr", { hasText: name });
    await row.waitFor();
    const asked = [];
    const answerNext = (accept) => page.once("dialog", (dialog) => { asked.push(dialog.message()); void (accept ? dialog.accept() : dialog.dismiss()); });
    const userNow = async () => (await adminApi("/users")).find((u) => u.name === name);
    answerNext(true);
    await row.locator(`button[aria-label="make admin: ${name}"]`).click();
    await row.locator(".badge", { hasText: "admin" }).waitFor();
    check(asked.at(-1).startsWith(`Make ${name} an administrator?`) && (await userNow()).is_admin, `${tag} admin: "make admin" asks ("${asked.at(-1)}") and makes ${name} an administrator`);
    answerNext(true);
    await row.locator(`button[aria-label="remove admin: ${name}"]`).click();
    await row.locator(`button[aria-label="make admin: ${name}"]`).waitFor();
    check(asked.at(-1).startsWith(`Remove ${name}'s administrator rights?`) && !(await userNow()).is_admin, `${tag} admin: "remove admin" asks and takes the rights away`);
    for (const [button, words] of [[`disable ${name}`, `Disable ${name}? Their API tokens and browser sign-ins (1 in all) are refused at once`], [`revoke tokens of ${name}`, `Revoke every API token and browser sign-in of ${name} (1 in all)?`]]) {
      answerNext(false);
      await row.locator(`button[aria-label="${button}"]`).click();
      for (let i = 0; i < 50 && !asked.at(-1).startsWith(words.split("?")[0]); i++) await page.waitForTimeout(100);
      await page.waitForTimeout(300);
      const after = await userNow();
      check(asked.at(-1).startsWith(words) && !after.disabled && after.tokens === 1, `${tag} admin: "${button}" asks first ("${asked.at(-1)}"); declined, nothing changes`);
    }
    await shot("admin");
    // an administrator's dashboard lists every user's records, each with its owner
    await go("#/dashboard");
    await page.waitForSelector("table[data-testid=models] tbody tr");
    const models = await (await fetch(`${base}/api/v1/models?limit=500`, { headers: { Authorization: `Bearer ${process.env.RNNVIS_ADMIN_TOKEN}` } })).json();
    const names = new Map(everyone.map((u) => [u.id, u.name]));
    const shown = await page.locator("table[data-testid=models] td[data-testid=owner]").allTextContents();
    const heads = await page.locator("table[data-testid=models] thead th").allTextContents();
    check(heads[2] === "owner" && shown.length === models.items.length && shown.every((name, i) => name === names.get(models.items[i].owner_id)), `${tag} admin: the dashboard names each model's owner (${[...new Set(shown)].join(", ")})`);
    await page.evaluate((t) => sessionStorage.setItem("rnnvis.token", t), token);
  }
}
