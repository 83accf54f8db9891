// Admin (administrators only): every user with their usage against the quota; create users, reset a
// password, link an account to a single sign-on subject, disable or enable, revoke every token.
import { del, get, patch, post, type CreatedUser, type SignInOptions, type UserChanged, type UserUsage } from "../api";
import { clear, el, errorBox, field, table } from "../dom";

const MB = 1024 * 1024;

function usageBar(user: UserUsage): HTMLElement {
  const share = user.quota_bytes > 0 ? Math.min(1, user.stored_bytes / user.quota_bytes) : 0;
  return el(
    "span",
    { class: "usage", title: `${user.stored_bytes.toLocaleString()} of ${user.quota_bytes.toLocaleString()} bytes` },
    el("span", { class: "usage-bar", role: "img", "aria-label": `${Math.round(share * 100)} % of the quota` }, el("span", { class: "fill", style: `width:${(share * 100).toFixed(1)}%` })),
    `${(user.stored_bytes / MB).toFixed(1)} of ${(user.quota_bytes / MB).toFixed(0)} MB`,
  );
}

/** How the user signs in: a password, the linked single sign-on subject, or tokens only. */
function signsInWith(u: UserUsage): string {
  const ways = [u.has_password ? "password" : null, u.sso_subject ? `single sign-on (${u.sso_subject})` : null].filter((w) => w !== null);
  return ways.length ? ways.join(", ") : "tokens only";
}

export async function adminView(root: HTMLElement): Promise<void> {
  const options = await get<SignInOptions>("/session/options");
  const sso = options.sso_label !== null; // the subject fields only where the server has single sign-on
  const error = errorBox();
  const note = el("div", { class: "token-shown", "data-testid": "admin-note", hidden: true });
  const list = el("div");

  const act = async (work: () => Promise<unknown>, said?: string) => {
    error.hide();
    try {
      const answer = await work();
      const ended = (answer as Partial<UserChanged> | undefined)?.sessions_ended ?? 0;
      const told = [said, ended > 0 ? `${ended} browser sign-in${ended === 1 ? "" : "s"} ended.` : undefined].filter((t) => t !== undefined);
      if (told.length > 0) {
        clear(note);
        note.append(el("p", {}, told.join(" ")));
        note.hidden = false;
      }
      await reload();
    } catch (e) {
      error.show(e);
    }
  };

  async function reload(): Promise<void> {
    const users = await get<UserUsage[]>("/users");
    const rows = users.map((u) => {
      const reset = el("input", { type: "password", name: `reset-${u.id}`, "aria-label": `new password for ${u.name}`, placeholder: "new password", minlength: 10, size: 14 });
      const subject = el("input", { type: "text", name: `sso-${u.id}`, "aria-label": `single sign-on subject for ${u.name}`, placeholder: "sign-on subject", maxlength: 255, size: 14, value: u.sso_subject ?? "" });
      const link = sso
        ? [
            subject,
            el("button", { type: "button", class: "small", "aria-label": `${u.sso_subject ? "relink" : "link"} single sign-on of ${u.name}`, onclick: () => void act(() => patch(`/users/${u.id}`, { sso_subject: subject.value.trim() }), subject.value.trim() ? `${u.name} now signs in as ${subject.value.trim()} at ${options.sso_label}.` : `${u.name} no longer signs in with ${options.sso_label}.`) }, u.sso_subject ? "relink" : "link"),
          ]
        : [];
      return [
        el("span", {}, u.name, u.is_admin ? el("span", { class: "badge" }, "admin") : null, u.disabled ? el("span", { class: "badge failed" }, "disabled") : null),
        signsInWith(u),
        usageBar(u),
        `${u.active_jobs} / ${u.jobs}`,
        String(u.tokens),
        el(
          "span",
          { class: "row-actions" },
          ...link,
          reset,
          el("button", { type: "button", class: "small", "aria-label": `reset password of ${u.name}`, onclick: () => void act(() => patch(`/users/${u.id}`, { password: reset.value }), `${u.name}'s password was reset.`) }, "reset password"),
          el("button", { type: "button", class: "small", "aria-label": `${u.disabled ? "enable" : "disable"} ${u.name}`, onclick: () => void act(() => patch(`/users/${u.id}`, { disabled: !u.disabled })) }, u.disabled ? "enable" : "disable"),
          el("button", { type: "button", class: "small danger", "aria-label": `revoke tokens of ${u.name}`, onclick: () => void act(() => del(`/users/${u.id}/tokens`), `Every token and sign-in of ${u.name} was revoked.`) }, "revoke tokens"),
        ),
      ];
    });
    clear(list);
    list.append(table("Users", ["user", "signs in with", "stored (quota)", "jobs active / all", "tokens", ""], rows, "users"));
  }

  const name = el("input", { type: "text", name: "new-user", required: true, maxlength: 100 });
  const password = el("input", { type: "password", name: "new-user-password", minlength: 10, autocomplete: "new-password", placeholder: "optional" });
  const isAdmin = el("input", { type: "checkbox", name: "new-user-admin" });
  const newSubject = el("input", { type: "text", name: "new-user-sso", maxlength: 255, placeholder: "optional" });
  const subjectField = sso ? field(`${options.sso_label} subject`, newSubject) : null;
  const create = el("form", { class: "inline-form", "data-testid": "create-user" }, field("Name", name), field("Password", password), subjectField, field("Administrator", isAdmin), el("button", { type: "submit" }, "Create user"));
  create.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hide();
    try {
      const made = await post<CreatedUser>("/users", { name: name.value.trim(), admin: isAdmin.checked, password: password.value || null, sso_subject: newSubject.value.trim() || null });
      clear(note);
      note.append(
        el("p", {}, `Created ${made.user.name}. ${made.user.has_password ? "They can sign in with the password you set, or" : "Give them"} this API token (shown once):`),
        el("code", { "data-testid": "secret" }, made.token),
      );
      note.hidden = false;
      name.value = password.value = newSubject.value = "";
      isAdmin.checked = false;
      await reload();
    } catch (e) {
      error.show(e);
    }
  });

  root.append(
    el("section", { class: "card" }, el("h1", {}, "Administration"), el("p", {}, "Users, what they store against the quota, and their jobs. Disabling a user refuses their API tokens at once and ends their browser sign-ins for good; enabling them accepts their tokens again. A password reset ends their sign-ins too."),
      sso ? el("p", { class: "muted" }, `Single sign-on (${options.sso_label}): give an account a person's subject (the provider's sub claim) to let them sign in to it; an empty subject unlinks it.`) : null, create, note, error.node),
    el("section", { class: "card" }, list),
  );
  await reload();
}
