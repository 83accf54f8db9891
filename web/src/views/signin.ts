// Sign-in: the server's single sign-on when it has one (the browser goes to the provider and comes
// back signed in), a name and password (the server keeps the session in an HttpOnly cookie), or an
// API token pasted (kept in this browser only), for users who have no password or prefer a token.
import { ApiError, get, setToken, signIn, startingSso, takeSignInError, type SignInOptions } from "../api";
import { el, errorBox, field } from "../dom";

export function signinView(root: HTMLElement, done: () => void, reason?: string): void {
  const error = errorBox();
  const name = el("input", { type: "text", name: "username", required: true, autocomplete: "username", size: 30 });
  const password = el("input", { type: "password", name: "password", required: true, autocomplete: "current-password", size: 30 });
  const byPassword = el(
    "form",
    { class: "password-signin" },
    field("Name", name),
    field("Password", password),
    el("button", { type: "submit" }, "Sign in"),
  );
  byPassword.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hide();
    try {
      await signIn(name.value.trim(), password.value);
      done();
    } catch (e) {
      password.value = "";
      error.show(e);
    }
  });

  const token = el("input", { type: "password", name: "token", required: true, autocomplete: "off", size: 50 });
  const byToken = el(
    "form",
    { class: "token-signin" },
    el("p", {}, "Paste an API token (", el("code", {}, "rnnvis users token NAME"), ", or one you made under Account)."),
    field("API token", token),
    el("button", { type: "submit" }, "Sign in with the token"),
  );
  byToken.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hide();
    setToken(token.value.trim());
    try {
      await get("/me");
      done();
    } catch (e) {
      setToken(null);
      error.show(e instanceof ApiError && e.status === 401 ? "That token is not valid." : e);
    }
  });

  // filled in when the server says it has single sign-on (GET /session/options needs no sign-in);
  // a refused single sign-on is told beside its button, not under the forms
  const ssoError = errorBox();
  const bySso = el("div", { class: "sso-signin", hidden: true });
  const intro = el("p", {}, "An administrator gives you a name and password (", el("code", {}, "rnnvis users password NAME"), " or the Admin page).");
  const card = el(
    "div",
    { class: "card signin" },
    el("h1", {}, "Sign in"),
    bySso,
    intro,
    byPassword,
    el("details", { class: "token-option" }, el("summary", {}, "Use an API token instead"), byToken),
    error.node,
  );
  root.append(card);
  const refused = takeSignInError();
  if (reason) error.show(reason);
  else if (refused) ssoError.show(refused);
  name.focus();
  void get<SignInOptions>("/session/options")
    .then((options) => {
      if (!options.sso_label || !options.sso_url) return;
      bySso.append(
        el("a", { class: "button primary", href: options.sso_url, "data-testid": "sso-signin", onclick: () => startingSso() }, `Sign in with ${options.sso_label}`),
        el("p", { class: "muted" }, `You sign in at ${options.sso_label}'s page and come back here signed in.`),
      );
      bySso.append(ssoError.node);
      intro.textContent = "Or sign in with a name and password an administrator gave you:";
      bySso.hidden = false;
    })
    .catch(() => {
      if (refused) error.show(refused); // an older server without the route: passwords and tokens only
    })
    .finally(() => card.setAttribute("data-options", "loaded"));
}
