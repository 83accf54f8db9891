// Every view's state lives in the URL hash: #/view?key=value..., so a link reproduces the view.

export interface Route {
  view: string;
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const body = hash.replace(/^#\/?/, "");
  const [view, q] = body.split("?", 2);
  return { view: view || "dashboard", params: new URLSearchParams(q ?? "") };
}

export function routeHash(view: string, params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return `#/${view}${s ? `?${s}` : ""}`;
}

export function current(): Route {
  return parseRoute(location.hash);
}

/** Change parameters of the current view without adding a history entry per tweak. */
export function updateParams(changes: Record<string, string | number | undefined | null>): void {
  const route = current();
  const merged: Record<string, string> = {};
  route.params.forEach((v, k) => (merged[k] = v));
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === null || v === "") delete merged[k];
    else merged[k] = String(v);
  }
  history.replaceState(null, "", routeHash(route.view, merged));
}

export function intParam(params: URLSearchParams, key: string, fallback: number): number {
  const v = Number.parseInt(params.get(key) ?? "", 10);
  return Number.isFinite(v) ? v : fallback;
}

const LAST_KEY = "rnnvis.last."; // the navigation's links return to the view as it was last shown

/** Remember this view's current link (its state is all in the hash), for the navigation. */
export function rememberView(view: string): void {
  localStorage.setItem(LAST_KEY + view, location.hash);
  document.querySelector(`nav a[data-view="${view}"]`)?.setAttribute("href", location.hash); // the shown link too
}

export function lastView(view: string): string {
  return localStorage.getItem(LAST_KEY + view) ?? `#/${view}`;
}
