// The sign-in page: a password, an API token, or single sign-on at the test's provider; and a
// session the server no longer takes (a tossed cookie, a revoked token) comes back to it, saying why.
import { createServer } from "node:http";
import { accessibility, check, env, failures } from "../harness.mjs";

/** Single sign-on in its own browser (the server's provider is a real OpenID Connect provider the test
 * started): declined at the provider, the sign-in page says so in the server's words; then signed in,
 * the dashboard opens as that user; signed out, the session's cookie is gone. The provider's own page
 * is not ours: its console and its stylesheet from a CDN (unreachable here) are not checked. */
export async function singleSignOn({ browser, base, shots }) {
  const subject = process.env.RNNVIS_SSO_SUBJECT;
  if (!subject) return;
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.route(/^https?:\/\/(?!localhost|127\.0\.0\.1)/, (route) => route.abort());
  const page = await context.newPage();
  const ours = (m) => m.location().url.startsWith(base);
  page.on("console", (m) => m.type() === "error" && ours(m) && !/status of 4\d\d/.test(m.text()) && failures.push(`console (sso): ${m.text()}`));
  const button = async () => {
    await page.waitForSelector(".signin[data-options=loaded]");
    return page.locator("[data-testid=sso-signin]");
  };
  await page.goto(`${base}/`);
  const label = `Sign in with ${env("RNNVIS_SSO_LABEL")}`;
  check((await (await button()).textContent()) === label, `sso: the sign-in page offers "${label}"`);
  await (await button()).click();
  await page.waitForSelector("button[value=deny]");
  await page.click("button[value=deny]");
  await page.waitForSelector(".sso-signin .error:not([hidden])");
  check((await page.textContent(".sso-signin .error")) === "the sign-in was declined at the provider", "sso: declined at the provider, the sign-in page says so beside the button");
  check(!(await page.evaluate(() => document.cookie)).includes("rnnvis_sign_in_error"), "sso: the refusal is shown once (its cookie cleared)");
  await page.screenshot({ path: `${shots}/signin-sso-declined-1440x900.png`, fullPage: true });
  await accessibility(page, "signin after a declined single sign-on");
  await (await button()).click();
  await page.waitForSelector("input[name=sub]");
  await page.fill("input[name=sub]", subject);
  await page.click("form button[type=submit]:not([value])");
  await page.waitForSelector("#app[data-ready=true], .signin .error:not([hidden])", { timeout: 30000 });
  const refused = await page.locator(".signin .error:not([hidden])").count();
  check(refused === 0, `sso: signed in at the provider (${refused ? await page.textContent(".signin .error:not([hidden])") : "no refusal"})`);
  check((await page.textContent("#who a")) === env("RNNVIS_SSO_NAME"), `sso: signed in at the provider as ${subject}, back on the dashboard as ${env("RNNVIS_SSO_NAME")}`);
  check((await page.locator("table[data-testid=models]").count()) === 1, "sso: the dashboard opens");
  await page.click("#who button");
  await page.waitForSelector("form.password-signin");
  check((await page.evaluate(() => localStorage.getItem("rnnvis.csrf"))) === null, "sso: sign out ends the session");
  await context.close();
}

/** Cookie tossing: a server on another port of this host (cookies do not separate ports) sets its
 * own session cookie in the victim's browser, over the victim's (`__Host-rnnvis_session`, path /) or
 * beside it (`rnnvis_session` on /api/v1). The victim's tab must then act as nobody: its upload is
 * refused, nothing lands in the attacker's account, the tab says to sign in again, and signing in
 * again works. */
export async function cookieTossing({ browser, base, userName, password, shots }) {
  const adminToken = process.env.RNNVIS_ADMIN_TOKEN;
  if (!adminToken) return;
  const asAdmin = { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" };
  const mallory = { name: `mallory-${Date.now()}`, password: "mallory's own password" };
  const made = await fetch(`${base}/api/v1/users`, { method: "POST", headers: asAdmin, body: JSON.stringify(mallory) });
  check(made.status === 201, "tossing: the attacker has an account of their own");
  const malloryToken = (await made.json()).token;
  const signed = await fetch(`${base}/api/v1/session`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(mallory) });
  const attackerSession = signed.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith("__Host-rnnvis_session="))?.split("=")[1];
  check(Boolean(attackerSession), "tossing: the attacker holds a session of their own");
  const malloryCorpora = async () => (await (await fetch(`${base}/api/v1/corpora`, { headers: { Authorization: `Bearer ${malloryToken}` } })).json()).total;
  const attacks = {
    "over the session cookie": `__Host-rnnvis_session=${attackerSession}; Secure; Path=/; HttpOnly; SameSite=Strict`,
    "beside it, on the API's path": `rnnvis_session=${attackerSession}; Path=/api/v1; HttpOnly`,
  };
  const host = new URL(base).hostname;
  const attacker = createServer((request, response) => {
    const attack = attacks[decodeURIComponent(request.url.slice(1))];
    response.writeHead(200, { "Content-Type": "text/html", ...(attack ? { "Set-Cookie": attack } : {}) });
    response.end("<!doctype html><title>another site</title><p>nothing to see</p>");
  });
  await new Promise((resolve) => attacker.listen(0, host, resolve));
  const attackerUrl = `http://${host}:${attacker.address().port}`;
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const signIn = async () => {
    await page.goto(`${base}/`);
    await page.waitForSelector("form.password-signin");
    await page.fill("input[name=username]", userName);
    await page.fill("input[name=password]", password);
    await page.click("form.password-signin button[type=submit]");
    await page.waitForSelector("table[data-testid=models] tbody tr");
  };
  try {
    await signIn();
    for (const how of Object.keys(attacks)) {
      const before = await malloryCorpora();
      const other = await context.newPage();
      await other.goto(`${attackerUrl}/${encodeURIComponent(how)}`);
      await other.close();
      // the victim's tab uploads, as the dashboard's form does: the CSRF token from its own storage
      const status = await page.evaluate(async () => {
        const form = new FormData();
        form.append("name", "private notes");
        form.append("format", "text");
        form.append("file", new Blob(["a private line\n"]), "notes.txt");
        const answer = await fetch("/api/v1/corpora", { method: "POST", headers: { "X-CSRF-Token": localStorage.getItem("rnnvis.csrf") }, body: form });
        return answer.status;
      });
      check(status === 401 && (await malloryCorpora()) === before, `tossing ${how}: the victim's upload is refused (${status}) and nothing lands in the attacker's account`);
      await page.goto(`${base}/#/dashboard`);
      await page.waitForSelector("form.password-signin");
      const told = await page.textContent(".signin > .error");
      check(/sign in again/.test(told), `tossing ${how}: the tab is signed out and says "${told}"`);
      if (how === "over the session cookie") await page.screenshot({ path: `${shots}/signin-after-cookie-tossing-1440x900.png`, fullPage: true });
      await signIn();
      check((await page.textContent("#who a")) === userName, `tossing ${how}: signed in again, as ${userName}`);
    }
  } finally {
    await context.close();
    attacker.close();
  }
}

/** A wrong password is refused in words, the right one opens the dashboard (the session is an
 * HttpOnly cookie; the forms send its CSRF token); a wrong API token is refused too. */
export async function signIn({ page, tag, viewport, shot, base, userName, password }) {
  await page.goto(`${base}/`);
  await page.fill("input[name=username]", userName);
  await page.fill("input[name=password]", "not the password");
  await page.click("form.password-signin button[type=submit]");
  await page.waitForSelector(".signin > .error:not([hidden])");
  const passwordRefused = await page.textContent(".signin > .error");
  check(passwordRefused.includes("wrong user name or password"), `${tag} sign-in refuses a wrong password`);
  if (viewport.width === 1440) await shot("signin");
  await page.click(".token-option summary");
  await page.fill("input[name=token]", "rnv_wrong");
  await page.click("form.token-signin button[type=submit]");
  // the refused token's sign-in page is a new one: wait for an error other than the password's
  await page.waitForFunction((before) => {
    const error = document.querySelector(".signin > .error");
    return error && !error.hidden && error.textContent !== before;
  }, passwordRefused);
  const tokenRefused = await page.textContent(".signin > .error");
  check(tokenRefused.startsWith("That token is not valid"), `${tag} sign-in refuses a wrong token ("${tokenRefused}")`);
  await page.fill("input[name=username]", userName);
  await page.fill("input[name=password]", password);
  await page.click("form.password-signin button[type=submit]");
  await page.waitForSelector("table[data-testid=models] tbody tr");
  check((await page.evaluate(() => localStorage.getItem("rnnvis.csrf"))) !== null && !(await page.evaluate(() => document.cookie)).includes("rnnvis_session"), `${tag} signed in with a password: the session cookie is not readable by scripts`);
}

/** A token the server stops accepting (revoked or expired) returns to sign-in, saying so; then the
 * run signs in again with its own token. */
export async function refusedToken({ page, tag, go, token }) {
  await page.evaluate(() => sessionStorage.setItem("rnnvis.token", "rnv_revoked_by_an_administrator"));
  await go("#/dashboard");
  await page.waitForSelector(".signin > .error:not([hidden])");
  check((await page.textContent(".signin > .error")).includes("not valid") && (await page.locator("#app > .error").count()) === 0, `${tag} a refused token returns to sign-in with the reason (and nothing else)`);
  await page.click(".token-option summary");
  await page.fill("input[name=token]", token);
  await page.click("form.token-signin button[type=submit]");
  await page.waitForSelector("table[data-testid=models] tbody tr");
}
