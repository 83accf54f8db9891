// The app shell: sign-in, navigation, and one view per route (#/view?params).
import "./style.css";
import { SIGNED_OUT, setToken, token } from "./api";
import { clear, el } from "./dom";
import { current, lastView } from "./route";
import { coclusterView } from "./views/cocluster";
import { compareView } from "./views/compare";
import { dashboardView } from "./views/dashboard";
import { sentenceView } from "./views/sentence";
import { signinView } from "./views/signin";
import { unitView } from "./views/unit";
import { wordView } from "./views/word";

const VIEWS: Record<string, { title: string; show: (root: HTMLElement, params: URLSearchParams) => Promise<void> }> = {
  dashboard: { title: "Dashboard", show: (root) => dashboardView(root) },
  cocluster: { title: "Co-clusters", show: coclusterView },
  unit: { title: "Unit", show: unitView },
  word: { title: "Word", show: wordView },
  sentence: { title: "Sentences", show: sentenceView },
  compare: { title: "Compare", show: compareView },
};
const IN_NAV = ["dashboard", "cocluster", "sentence", "compare"];

async function render(signedOut?: string): Promise<void> {
  const app = document.getElementById("app") as HTMLElement;
  const nav = document.getElementById("nav") as HTMLElement;
  const who = document.getElementById("who") as HTMLElement;
  clear(app);
  clear(nav);
  clear(who);
  if (!token()) {
    signinView(app, () => void render(), signedOut);
    return;
  }
  const route = current();
  for (const name of IN_NAV) {
    nav.append(el("a", { href: name === "dashboard" ? "#/dashboard" : lastView(name), "data-view": name, "aria-current": route.view === name ? "page" : undefined }, VIEWS[name].title));
  }
  who.append(el("button", { type: "button", class: "small", onclick: () => { setToken(null); void render(); } }, "sign out"));
  const view = VIEWS[route.view] ?? VIEWS.dashboard;
  document.title = `RNNVis: ${view.title}`;
  app.setAttribute("data-view", route.view);
  try {
    await view.show(app, route.params);
  } catch (e) {
    if (!token()) return; // signed out by the server meanwhile: the sign-in form says why
    app.append(el("div", { class: "error", role: "alert" }, e instanceof Error ? e.message : String(e)));
  }
  app.setAttribute("data-ready", "true");
}

window.addEventListener("hashchange", () => void render());
window.addEventListener(SIGNED_OUT, (event) => void render((event as CustomEvent<string>).detail));
void render();
