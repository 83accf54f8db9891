// Account: who you are, your password, and the API tokens you make (shown once), name and revoke.
import { del, get, post, type ApiToken, type CreatedToken, type PasswordChanged, type User } from "../api";
import { clear, el, errorBox, field, table } from "../dom";

const when = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : "never");

export async function accountView(root: HTMLElement): Promise<void> {
  const me = await get<User>("/me");
  const error = errorBox();
  const tokens = el("div");
  const shown = el("div", { class: "token-shown", "data-testid": "token-shown", hidden: true });

  let shownToken: number | null = null; // the id of the token whose secret is under "Copy it now"
  const hideShown = () => {
    clear(shown);
    shown.hidden = true;
    shownToken = null;
  };

  /** Ask before a revoke, saying what stops working; the one this browser uses signs it out. */
  const revokeQuestion = (t: ApiToken): string => {
    const named = t.name ? `"${t.name}"` : `#${t.id}`;
    if (t.current) {
      return t.kind === "session"
        ? `Revoke this browser's sign-in (made ${when(t.created_at)})? You are signed out here at once.`
        : `Revoke the API token ${named}? This browser is signed in with it: you are signed out here at once, and programs using it are refused.`;
    }
    return t.kind === "session"
      ? `Revoke the browser sign-in made ${when(t.created_at)}? That browser is signed out.`
      : `Revoke the API token ${named}? Programs using it are refused from now on; it cannot be brought back.`;
  };

  async function reload(): Promise<void> {
    const listed = await get<ApiToken[]>("/tokens");
    // a secret still shown after its token went (revoked here or elsewhere) is no use to copy
    if (shownToken !== null && !listed.some((t) => t.id === shownToken)) hideShown();
    const rows = listed.map((t) => [
      el(
        "span",
        {},
        t.name || el("span", { class: "muted" }, "(unnamed)"),
        t.current ? el("span", { class: "badge current", "data-testid": "current-token", title: "the sign-in or token this browser uses now" }, "this browser") : null,
      ),
      t.kind === "session" ? "browser sign-in" : "API token",
      when(t.created_at),
      when(t.expires_at),
      el(
        "button",
        {
          type: "button",
          class: "small danger",
          "aria-label": `revoke ${t.kind === "session" ? "sign-in" : "token"} ${t.name || t.id}${t.current ? " (this browser)" : ""}`,
          onclick: async () => {
            error.hide();
            if (!confirm(revokeQuestion(t))) return;
            try {
              await del(`/tokens/${t.id}`);
              if (t.id === shownToken) hideShown();
              await reload();
            } catch (e) {
              error.show(e);
            }
          },
        },
        "revoke",
      ),
    ]);
    clear(tokens);
    tokens.append(table("Your tokens and sign-ins", ["name", "kind", "made", "expires", ""], rows, "tokens"));
  }

  const tokenName = el("input", { type: "text", name: "token-name", required: true, maxlength: 100, placeholder: "e.g. laptop notebook" });
  const days = el("input", { type: "number", name: "token-days", min: 1, max: 3650, placeholder: "default", title: "empty: the server's default; a token made here never outlives the server's bound for tokens made in a browser" });
  const make = el("form", { class: "inline-form", "data-testid": "make-token" }, field("Name", tokenName), field("Expires in days", days), el("button", { type: "submit" }, "Make a token"));
  make.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hide();
    try {
      const made = await post<CreatedToken>("/tokens", { name: tokenName.value.trim(), expires_days: days.value ? Number(days.value) : null });
      clear(shown);
      shown.append(
        el("p", {}, `Your new token "${made.token.name}". Copy it now: it is not shown again.`),
        el("code", { "data-testid": "secret" }, made.secret),
      );
      shown.hidden = false;
      shownToken = made.token.id;
      tokenName.value = "";
      await reload();
    } catch (e) {
      error.show(e);
    }
  });

  const current = el("input", { type: "password", name: "current-password", autocomplete: "current-password" });
  const fresh = el("input", { type: "password", name: "new-password", autocomplete: "new-password", minlength: 10, required: true });
  const note = el("p", { class: "muted", role: "status", hidden: true });
  const password = el(
    "form",
    { class: "inline-form", "data-testid": "change-password" },
    me.has_password ? field("Current password", current) : null,
    field("New password (10 characters or more)", fresh),
    el("button", { type: "submit" }, me.has_password ? "Change password" : "Set a password"),
  );
  password.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hide();
    try {
      const changed = await post<PasswordChanged>("/me/password", { current: current.value, new: fresh.value });
      current.value = fresh.value = "";
      const ended = changed.sessions_ended;
      note.textContent = `Password changed. ${ended === 0 ? "No other browser was signed in" : `${ended} other browser sign-in${ended === 1 ? "" : "s"} ended`}; this one and your API tokens stay valid (revoke a token below if it may be known to someone else).`;
      note.hidden = false;
    } catch (e) {
      error.show(e);
    }
  });

  root.append(
    el(
      "section",
      { class: "card" },
      el("h1", {}, `Account: ${me.name}`),
      el("p", {}, me.is_admin ? "Administrator. " : "", `Since ${when(me.created_at)}. `, me.has_password ? "You sign in with a password or a token." : "You have no password yet: you sign in with a token."),
      password,
      note,
    ),
    el(
      "section",
      { class: "card" },
      el("h2", {}, "API tokens"),
      el("p", {}, "Programs (the Python client, the command line, curl) send a token in ", el("code", {}, "Authorization: Bearer"), ". Revoke one you no longer use, or a sign-in on a browser you left."),
      make,
      shown,
      tokens,
    ),
    error.node,
  );
  await reload();
}
