// Admin (administrators only): every user with their usage against the quota; create users, reset a
// password, link an account to a single sign-on subject, make or unmake an administrator, disable or
// enable, revoke every token; what cannot be undone at once asks first, saying what it ends.
import { del, get, patch, post, type CreatedUser, type SignInOptions, type User, type UserChanged, type UserUsage } from "../api";
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
  const [options, me] = await Promise.all([get<SignInOptions>("/session/options"), get<User>("/me")]);
  const sso = options.sso_label !== null; // the subject fields only where the server has single sign-on
  const error = errorBox();
  const note = el("div", { class: "token-shown", "data-testid": "admin-note", hidden: true });
  const list = el("div");

  /** Do `work` once the administrator said yes to `question` (when there is one). */
  const act = async (work: () => Promise<unknown>, said?: string, question?: string) => {
    error.hide();
    if (question !== undefined && !confirm(question)) return;
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

  const yourself = (u: UserUsage) => (u.id === me.id ? " That is you: you are signed out here at once." : "");
  const inAll = (u: UserUsage) => `(${u.tokens.toLocaleString()} in all)`;
  const disableQuestion = (u: UserUsage) =>
    `Disable ${u.name}? Their API tokens and browser sign-ins ${inAll(u)} are refused at once, and the sign-ins end for good; their models, corpora and results stay, and enabling them accepts their API tokens again.`;
  const revokeQuestion = (u: UserUsage) =>
    `Revoke every API token and browser sign-in of ${u.name} ${inAll(u)}? Programs using their tokens are refused and their browsers signed out; they need a new token or their password to come back.${yourself(u)}`;
  const adminQuestion = (u: UserUsage) =>
    u.is_admin
      ? `Remove ${u.name}'s administrator rights? They keep their own work but no longer see other users' work or this page.`
      : `Make ${u.name} an administrator? They will see and manage every user, their work and their tokens.`;

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
          el("button", { type: "button", class: "small", disabled: u.id === me.id, title: u.id === me.id ? "another administrator can take away yours" : undefined, "aria-label": `${u.is_admin ? "remove admin" : "make admin"}: ${u.name}`,
            onclick: () => void act(() => patch(`/users/${u.id}`, { admin: !u.is_admin }), u.is_admin ? `${u.name} is no longer an administrator.` : `${u.name} is now an administrator.`, adminQuestion(u)) },
          u.is_admin ? "remove admin" : "make admin"),
          el("button", { type: "button", class: `small${u.disabled ? "" : " danger"}`, disabled: u.id === me.id, title: u.id === me.id ? "you cannot disable yourself" : undefined, "aria-label": `${u.disabled ? "enable" : "disable"} ${u.name}`,
            onclick: () => void act(() => patch(`/users/${u.id}`, { disabled: !u.disabled }), u.disabled ? `${u.name} is enabled: their tokens are accepted again.` : `${u.name} is disabled.`, u.disabled ? undefined : disableQuestion(u)) },
          u.disabled ? "enable" : "disable"),
          el("button", { type: "button", class: "small danger", "aria-label": `revoke tokens of ${u.name}`, onclick: () => void act(() => del(`/users/${u.id}/tokens`), `Every token and sign-in of ${u.name} was revoked.`, revokeQuestion(u)) }, "revoke tokens"),
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
    el("section", { class: "card" }, el("h1", {}, "Administration"), el("p", {}, "Users, what they store against the quota, and their jobs. Disabling a user refuses their API tokens at once and ends their browser sign-ins for good; enabling them accepts their tokens again. A password reset ends their sign-ins too. An administrator sees and manages every user and their work; you cannot disable yourself or take away your own rights. Disabling, revoking and changing who is an administrator ask first."),
      sso ? el("p", { class: "muted" }, `Single sign-on (${options.sso_label}): give an account a person's subject (the provider's sub claim) to let them sign in to it; an empty subject unlinks it.`) : null, create, note, error.node),
    el("section", { class: "card" }, list),
  );
  await reload();
}
