// Projects (SPEC 12): my projects with my role, a new one, and one project's page: its name (owners
// rename and delete it), its members and their roles (owners add, change and remove; anyone leaves),
// what is shared into it by kind with owners and links to the views, and its audit trail. Under the
// list, my read-only links with their expiry, each revocable.
import { del, get, patch, post, query, type Kind, type Page, type Project, type ProjectDetail, type ProjectEvent, type ProjectResource, type Role, type ShareLink, type User } from "../api";
import { clear, el, errorBox, field, options, table } from "../dom";
import { expiryText, KIND_NAME, KIND_PATH, viewHash, type Viewable } from "../links";
import { routeHash } from "../route";

const ROLES: Role[] = ["viewer", "editor", "owner"];
const KINDS: Kind[] = ["model", "corpus", "training", "recording", "coclustering", "scan", "ablation"];
const day = (iso: string) => iso.slice(0, 10);
const moment = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

export async function projectsView(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const id = params.get("id");
  if (id) return projectView(root, Number(id));
  root.append(el("h1", {}, "Projects"));
  const error = errorBox();
  const list = el("div");
  const links = el("div");
  const name = el("input", { type: "text", name: "project-name", required: true, maxlength: 200, placeholder: "e.g. PTB memory study" });
  const create = el("form", { class: "inline-form", "data-testid": "create-project" }, field("New project", name), el("button", { type: "submit" }, "Create"));
  create.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hide();
    try {
      const made = await post<Project>("/projects", { name: name.value.trim() });
      location.hash = routeHash("projects", { id: made.id });
    } catch (e) {
      error.show(e);
    }
  });
  root.append(el("p", { class: "sub" }, "A project's members read what is shared into it; editors also run jobs on it and share into it; owners manage its members."), create, error.node, list, links);

  const projects = (await get<Page<Project>>(`/projects${query({ limit: 500 })}`)).items;
  list.append(table(
    "Your projects",
    ["name", "your role", "made"],
    projects.map((p) => [el("a", { href: routeHash("projects", { id: p.id }) }, p.name), p.role ?? "administrator", day(p.created_at)]),
    "projects",
  ));
  await linksTable(links, error);
}

/** My read-only links: what each shows, until when (expired ones marked), and a Revoke button. */
async function linksTable(box: HTMLElement, error: ReturnType<typeof errorBox>): Promise<void> {
  const reload = async () => {
    const listed = await get<ShareLink[]>("/share-links");
    clear(box);
    box.append(table(
      "Your read-only links",
      ["kind", "resource", "made", "expiry", ""],
      listed.map((l) => [
        KIND_NAME[l.kind],
        l.resource || el("span", { class: "muted" }, `(deleted ${KIND_NAME[l.kind]} ${l.resource_id})`),
        day(l.created_at),
        el("span", { class: l.expired ? "badge failed" : "" , "data-testid": l.expired ? "expired" : undefined }, expiryText(l.expires_at, l.expired)),
        el("button", {
          type: "button",
          class: "small danger",
          "aria-label": `revoke the link to ${KIND_NAME[l.kind]} ${l.resource || l.resource_id} made ${day(l.created_at)}`,
          onclick: async () => {
            error.hide();
            if (!confirm(`Revoke this link to ${KIND_NAME[l.kind]} “${l.resource}”? Whoever has it can no longer open it.`)) return;
            try {
              await del(`/share-links/${l.id}`);
              await reload();
            } catch (e) {
              error.show(e);
            }
          },
        }, "Revoke"),
      ]),
      "share-links",
    ));
  };
  await reload();
}

/** The application's view of each shared resource (their GET bodies; a chip test's through its
 * co-clustering), by "kind/id"; none where a body cannot be read. */
async function viewsOf(resources: ProjectResource[]): Promise<Map<string, string | null>> {
  const found = await Promise.all(resources.map(async (r): Promise<[string, string | null]> => {
    if (r.kind === "model") return [`${r.kind}/${r.id}`, viewHash("model", { id: r.id })];
    if (r.kind === "corpus") return [`${r.kind}/${r.id}`, null];
    try {
      const body = await get<Viewable>(`${KIND_PATH[r.kind]}/${r.id}`);
      const co = r.kind === "ablation" && body.coclustering_id ? await get<Viewable>(`/coclusterings/${body.coclustering_id}`).catch(() => null) : null;
      return [`${r.kind}/${r.id}`, viewHash(r.kind, body, co)];
    } catch {
      return [`${r.kind}/${r.id}`, null];
    }
  }));
  return new Map(found);
}

function describeEvent(e: ProjectEvent): string {
  const what = e.kind ? `${KIND_NAME[e.kind]} “${e.resource}”` : `“${e.resource}”`;
  const d = e.detail ?? {};
  const extra = Object.entries(d).filter(([, v]) => v !== null && typeof v !== "object").map(([k, v]) => `${k.replace(/_/g, " ")}: ${v}`).join(", ");
  return `${e.action} ${what}${extra ? ` (${extra})` : ""}`;
}

async function projectView(root: HTMLElement, id: number): Promise<void> {
  const error = errorBox();
  const [project, me] = await Promise.all([get<ProjectDetail>(`/projects/${id}`), get<User>("/me")]);
  const owner = project.role === "owner" || me.is_admin;
  const reload = () => window.dispatchEvent(new HashChangeEvent("hashchange"));
  const act = (work: () => Promise<unknown>, after: () => void = reload) => async () => {
    error.hide();
    try {
      await work();
      after();
    } catch (e) {
      error.show(e);
    }
  };
  root.append(
    el("p", {}, el("a", { href: "#/projects" }, "← all projects")),
    el("h1", {}, `Project “${project.name}”`),
    el("p", { class: "sub", "data-testid": "my-role" }, `Your role: ${project.role ?? "administrator (not a member)"}; made ${day(project.created_at)}.`),
    error.node,
  );

  if (owner) {
    const rename = el("input", { type: "text", name: "rename", required: true, maxlength: 200, size: 40, value: project.name });
    const form = el("form", { class: "inline-form", "data-testid": "rename-project" }, field("Name", rename), el("button", { type: "submit" }, "Rename"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void act(() => patch(`/projects/${id}`, { name: rename.value.trim() }))();
    });
    const remove = el("button", { type: "button", class: "danger", "data-testid": "delete-project" }, "Delete project");
    remove.addEventListener("click", () => {
      if (!confirm(`Delete project “${project.name}”? What is shared into it goes back to its owners alone; members lose access.`)) return;
      void act(() => del(`/projects/${id}`), () => (location.hash = "#/projects"))();
    });
    root.append(el("div", { class: "controls" }, form, remove));
  }

  // members: owners change roles and remove; anyone may leave
  const memberRows = project.members.map((m) => {
    const self = m.user_id === me.id;
    let role: HTMLElement | string = m.role;
    if (owner) {
      const select = el("select", { name: "role", "aria-label": `role of ${m.user}` });
      options(select, ROLES.map((r): [string, string] => [r, r]), m.role);
      select.addEventListener("change", act(() => patch(`/projects/${id}/members/${encodeURIComponent(m.user)}`, { role: select.value })));
      role = select;
    }
    const leave = self
      ? el("button", { type: "button", class: "small danger", "data-testid": "leave", onclick: () => {
          if (confirm(`Leave project “${project.name}”? You no longer see what is shared into it.`)) void act(() => del(`/projects/${id}/members/${encodeURIComponent(m.user)}`), () => (location.hash = "#/projects"))();
        } }, "leave")
      : owner
        ? el("button", { type: "button", class: "small danger", "aria-label": `remove ${m.user}`, onclick: () => {
            if (confirm(`Remove ${m.user} from “${project.name}”?`)) void act(() => del(`/projects/${id}/members/${encodeURIComponent(m.user)}`))();
          } }, "remove")
        : "";
    return [el("span", {}, m.user, self ? el("span", { class: "badge current" }, "you") : null), role, day(m.added_at), leave];
  });
  const members = el("section", { class: "project-part" }, table("Members", ["user", "role", "added", ""], memberRows, "members"));
  if (owner) {
    const user = el("input", { type: "text", name: "member-name", required: true, maxlength: 100, placeholder: "their user name" });
    const role = el("select", { name: "member-role" });
    options(role, ROLES.map((r): [string, string] => [r, r]), "viewer");
    const add = el("form", { class: "inline-form", "data-testid": "add-member" }, field("Add a member", user), field("role", role), el("button", { type: "submit" }, "Add"));
    add.addEventListener("submit", (event) => {
      event.preventDefault();
      void act(() => post(`/projects/${id}/members`, { user: user.value.trim(), role: role.value }))();
    });
    members.append(add);
  }
  root.append(members);

  // what is shared into it, by kind, with its owner and a way to its view
  const views = await viewsOf(project.resources);
  const shared = el("section", { class: "project-part", "data-testid": "project-resources" }, el("h2", {}, "Shared into this project"));
  if (project.resources.length === 0) shared.append(el("p", { class: "sub" }, "Nothing yet: a Share button on any result shares it here (as its owner, with role editor or owner)."));
  for (const kind of KINDS) {
    const ofKind = project.resources.filter((r) => r.kind === kind);
    if (ofKind.length === 0) continue;
    shared.append(table(
      `${KIND_NAME[kind]}s`.replace("corpuss", "corpora"),
      ["id", "name", "owner", "status", "shared", ""],
      ofKind.map((r) => {
        const view = views.get(`${r.kind}/${r.id}`);
        return [String(r.id), r.name, r.owner, r.status ?? "", day(r.created_at), view ? el("a", { href: view, "aria-label": `open ${KIND_NAME[kind]} ${r.name}` }, "open") : ""];
      }),
      `resources-${kind}`,
    ));
  }
  root.append(shared);

  // the audit trail, newest first
  const events = (await get<Page<ProjectEvent>>(`/projects/${id}/events${query({ limit: 200 })}`)).items;
  const newest = [...events].sort((a, b) => b.id - a.id);
  root.append(el("section", { class: "project-part" }, table(
    "What happened (newest first)",
    ["when", "who", "what"],
    newest.map((e) => [moment(e.at), e.actor, describeEvent(e)]),
    "events",
  )));
}
