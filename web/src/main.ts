// The app shell: sign-in, navigation, and one view per route (#/view?params).
import "./style.css";
import { SIGNED_OUT, csrf, get, signOut, signedIn, takeSsoSignIn, token, type User } from "./api";
import { clear, el } from "./dom";
import { parseLinkPath } from "./links";
import { current, lastView } from "./route";
import { accountView } from "./views/account";
import { adminView } from "./views/admin";
import { coclusterView } from "./views/cocluster";
import { compareView } from "./views/compare";
import { dashboardView } from "./views/dashboard";
import { linkView } from "./views/link";
import { projectsView } from "./views/projects";
import { sentenceView } from "./views/sentence";
import { signinView } from "./views/signin";
import { timelineView } from "./views/timeline";
import { unitView } from "./views/unit";
import { wordView } from "./views/word";

const VIEWS: Record<string, { title: string; show: (root: HTMLElement, params: URLSearchParams) => Promise<void> }> = {
  dashboard: { title: "Dashboard", show: (root) => dashboardView(root) },
  cocluster: { title: "Co-clusters", show: coclusterView },
  unit: { title: "Unit", show: unitView },
  word: { title: "Word", show: wordView },
  sentence: { title: "Sentences", show: sentenceView },
  compare: { title: "Compare", show: compareView },
  timeline: { title: "Timeline", show: timelineView },
  projects: { title: "Projects", show: projectsView },
  account: { title: "Account", show: (root) => accountView(root) },
  admin: { title: "Admin", show: (root) => adminView(root) },
};
const IN_NAV = ["dashboard", "cocluster", "sentence", "compare", "timeline", "projects"];
let me: User | null = null; // who is signed in (GET /me), asked once per sign-in
let meFor: string | null = null; // the token or session `me` was asked with

async function render(signedOut?: string): Promise<void> {
  const app = document.getElementById("app") as HTMLElement;
  const nav = document.getElementById("nav") as HTMLElement;
  const who = document.getElementById("who") as HTMLElement;
  clear(app);
  clear(nav);
  clear(who);
  if (!signedIn()) {
    me = null;
    signinView(app, () => void render(), signedOut);
    return;
  }
  try {
    const credential = token() ?? csrf();
    if (me === null || meFor !== credential) {
      me = await get<User>("/me");
      meFor = credential;
    }
  } catch (e) {
    if (!signedIn()) return; // the server refused the session or token: SIGNED_OUT shows the sign-in
    app.append(el("div", { class: "error", role: "alert" }, e instanceof Error ? e.message : String(e)));
    return;
  }
  const route = current();
  const links = me.is_admin ? [...IN_NAV, "admin"] : IN_NAV;
  for (const name of links) {
    nav.append(el("a", { href: name === "dashboard" ? "#/dashboard" : lastView(name), "data-view": name, "aria-current": route.view === name ? "page" : undefined }, VIEWS[name].title));
  }
  who.append(
    el("a", { href: "#/account", "data-view": "account", "aria-current": route.view === "account" ? "page" : undefined }, me.name),
    el("button", { type: "button", class: "small", onclick: async () => { await signOut().catch(() => undefined); me = null; void render(); } }, "sign out"),
  );
  const view = VIEWS[route.view] ?? VIEWS.dashboard;
  document.title = `RNNVis: ${view.title}`;
  app.setAttribute("data-view", route.view);
  try {
    await view.show(app, route.params);
  } catch (e) {
    if (!signedIn()) return; // signed out by the server meanwhile: the sign-in form says why
    app.append(el("div", { class: "error", role: "alert" }, e instanceof Error ? e.message : String(e)));
  }
  app.setAttribute("data-ready", "true");
}

// /s/{token} and /embed/{token}: a read-only link, read without any sign-in (views/link.ts)
const link = parseLinkPath(location.pathname);
if (link) {
  void linkView(link);
} else {
  window.addEventListener("hashchange", () => void render());
  window.addEventListener(SIGNED_OUT, (event) => {
    me = null;
    void render((event as CustomEvent<string>).detail);
  });
  takeSsoSignIn(); // back from single sign-on: before the router reads the address
  void render();
}
