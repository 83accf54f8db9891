// Sign-in: a name and password (the server keeps the session in an HttpOnly cookie), or an API token
// pasted (kept in this browser only), for users who have no password or prefer a token.
import { ApiError, get, setToken, signIn } from "../api";
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

  root.append(
    el(
      "div",
      { class: "card signin" },
      el("h1", {}, "Sign in"),
      el("p", {}, "An administrator gives you a name and password (", el("code", {}, "rnnvis users password NAME"), " or the Admin page)."),
      byPassword,
      el("details", { class: "token-option" }, el("summary", {}, "Use an API token instead"), byToken),
      error.node,
    ),
  );
  if (reason) error.show(reason);
  name.focus();
}
