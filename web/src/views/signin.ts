// Sign-in with an API token (from `rnnvis users create`); it is kept in this browser only.
import { ApiError, get, setToken } from "../api";
import { el, errorBox, field } from "../dom";

export function signinView(root: HTMLElement, done: () => void, reason?: string): void {
  const error = errorBox();
  const input = el("input", { type: "password", name: "token", required: true, autocomplete: "off", size: 50 });
  const form = el(
    "form",
    { class: "card signin" },
    el("h1", {}, "Sign in"),
    el("p", {}, "Paste your API token. An administrator creates one with ", el("code", {}, "rnnvis users create NAME"), "."),
    field("API token", input),
    el("button", { type: "submit" }, "Sign in"),
    error.node,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    setToken(input.value.trim());
    try {
      await get("/jobs?limit=1");
      done();
    } catch (e) {
      setToken(null);
      error.show(e instanceof ApiError && e.status === 401 ? "That token is not valid." : e);
    }
  });
  root.append(form);
  if (reason) error.show(reason);
  input.focus();
}
