// The "Share" button on every result, and its dialog: the project the resource is shared into (or
// private), changed by PATCH; and a read-only link with its expiry, shown once with a Copy button and
// its embed snippet. Errors in the API's words.
import { ApiError, get, patch, post, query, type Kind, type Page, type Project, type ShareLinkMade, type User } from "../api";
import { clear, el, errorBox, field, options } from "../dom";
import { embedSnippet, KIND_NAME, KIND_PATH } from "../links";

let dialogs = 0; // each dialog's heading needs an id of its own

/** A resource as the dialog reads it (any kind's GET body has these). */
interface Shareable {
  id: number;
  owner_id: number;
  project_id: number | null;
}

/** A button that opens the share dialog for one resource; `onChanged` after its project changed. */
export function shareButton(kind: Kind, id: number, name: string, onChanged?: () => void): HTMLButtonElement {
  const button = el("button", { type: "button", class: "small", "data-testid": "share", "aria-haspopup": "dialog", "aria-label": `share ${KIND_NAME[kind]} ${name}` }, "Share");
  button.addEventListener("click", () => void openShareDialog(kind, id, name, button, onChanged));
  return button;
}

/** Copy `text`, saying so in `said`; where the browser refuses the clipboard, the text is selected
 * in `input` for the user to copy. */
async function copy(text: string, input: HTMLInputElement | HTMLTextAreaElement, said: HTMLElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    said.textContent = "copied";
  } catch {
    input.select();
    said.textContent = "select it and copy (Ctrl+C): this browser did not allow the clipboard";
  }
}

/** A read-only field with its Copy button and what the copy did. */
function copyField(label: string, value: string, testid: string, multiline = false): HTMLElement {
  const input = multiline
    ? el("textarea", { readonly: true, rows: 4, "data-testid": testid })
    : el("input", { type: "text", readonly: true, "data-testid": testid });
  input.value = value;
  const said = el("span", { class: "sub copied", "aria-live": "polite" });
  const button = el("button", { type: "button", class: "small", "aria-label": `copy the ${label}`, onclick: () => void copy(value, input, said) }, "Copy");
  return el("div", { class: "copy-field" }, field(label, input), button, said);
}

async function openShareDialog(kind: Kind, id: number, name: string, opener: HTMLElement, onChanged?: () => void): Promise<void> {
  const headingId = `share-dialog-${++dialogs}`;
  const error = errorBox();
  const now = el("p", { "data-testid": "share-now" }, "…");
  const body = el("div", { class: "share-body" });
  const close = el("button", { type: "button", class: "small close", "aria-label": "close" }, "Close");
  const dialog = el(
    "dialog",
    { class: "share-dialog", "aria-labelledby": headingId, "data-testid": "share-dialog" },
    el("h2", { id: headingId }, `Share ${KIND_NAME[kind]} “${name}”`),
    now,
    error.node,
    body,
    el("div", { class: "dialog-actions" }, close),
  );
  close.addEventListener("click", () => dialog.close());
  // Escape closes a modal <dialog> (its cancel event); the focus goes back to the Share button
  dialog.addEventListener("close", () => {
    dialog.remove();
    opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  try {
    const [resource, me, projects] = await Promise.all([
      get<Shareable>(`${KIND_PATH[kind]}/${id}`),
      get<User>("/me"),
      get<Page<Project>>(`/projects${query({ limit: 500 })}`).then((p) => p.items),
    ]);
    fill(resource, me, projects);
  } catch (e) {
    error.show(e);
  }

  function fill(resource: Shareable, me: User, projects: Project[]): void {
    const projectName = (pid: number | null) =>
      pid === null ? null : (projects.find((p) => p.id === pid)?.name ?? `project ${pid}`);
    const say = (pid: number | null) => {
      const named = projectName(pid);
      now.textContent = named === null ? "Now: private (only you and administrators see it)." : `Now: shared in project “${named}”: its members read it.`;
      if (resource.owner_id !== me.id) now.append(" ", el("span", { class: "sub" }, "Only its owner can share it into a project; a project owner can make it private."));
    };
    say(resource.project_id);
    // only where the user is at least editor can they share into it (the server says so too)
    const into = projects.filter((p) => p.role === "editor" || p.role === "owner" || p.id === resource.project_id);
    const select = el("select", { name: "project", "data-testid": "share-project" });
    options(select, [["", "private (no project)"], ...into.map((p): [string, string] => [String(p.id), `${p.name} (you: ${p.role ?? "administrator"})`])], resource.project_id === null ? "" : String(resource.project_id));
    const done = el("span", { class: "sub", "aria-live": "polite", "data-testid": "share-done" });
    const apply = el("form", { class: "inline-form", "data-testid": "share-into" }, field("share into", select), el("button", { type: "submit" }, "Apply"), done);
    apply.addEventListener("submit", async (event) => {
      event.preventDefault();
      error.hide();
      done.textContent = "";
      const pid = select.value === "" ? null : Number(select.value);
      try {
        const changed = await patch<Shareable>(`${KIND_PATH[kind]}/${id}`, { project_id: pid });
        resource.project_id = changed.project_id;
        say(changed.project_id);
        done.textContent = changed.project_id === null ? "now private" : `shared into ${projectName(changed.project_id)}`;
        onChanged?.();
      } catch (e) {
        error.show(e);
      }
    });
    if (into.length === 0) apply.append(el("p", { class: "sub" }, "You are editor or owner of no project: make one on the Projects page to share into it."));

    const days = el("input", { type: "number", name: "expires_days", min: 1, max: 365, value: 30, required: true });
    const made = el("div", { class: "link-made", "data-testid": "link-made" });
    const makeLink = el("form", { class: "inline-form", "data-testid": "make-link" }, field("expires in days", days), el("button", { type: "submit" }, "Make a link"));
    makeLink.addEventListener("submit", async (event) => {
      event.preventDefault();
      error.hide();
      try {
        const link = await post<ShareLinkMade>("/share-links", { kind, id, expires_days: Number(days.value) });
        clear(made);
        made.append(
          el("p", { class: "sub" }, `Anyone with this link reads this ${KIND_NAME[kind]}, without an account, until ${link.expires_at.slice(0, 10)}. It is shown once: copy it now (revoke it on the Projects page).`),
          copyField("link", link.url, "link-url"),
          copyField("embed snippet", embedSnippet(link.embed_url, `${KIND_NAME[kind]} ${name} in RNNVis`), "embed-snippet", true),
        );
      } catch (e) {
        error.show(e instanceof ApiError && e.status === 404 ? new Error(`${e.message} (links may be turned off on this server)`) : e);
      }
    });
    clear(body);
    body.append(
      el("section", {}, el("h3", {}, "Project"), apply),
      el("section", {}, el("h3", {}, "Read-only link"), makeLink, made),
    );
    select.focus();
  }
}
