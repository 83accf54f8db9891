// Sharing's pure parts: which read-only link page this is (/s/{token} or /embed/{token}), its view
// parameters (in the URL's query, so a link reproduces the view), each kind's API path and view, and
// the embed snippet. The token lives in the URL path only: nothing here stores or logs it.
import type { Kind } from "./api";
import { routeHash } from "./route";

export interface LinkPage {
  mode: "s" | "embed"; // /s/: a slim read-only page; /embed/: the view alone, for an <iframe>
  token: string;
}

const LINK_PATH = /^\/(s|embed)\/([A-Za-z0-9_.~-]{1,100})\/?$/;

/** The link page at this path, or null for the application (every other path). */
export function parseLinkPath(pathname: string): LinkPage | null {
  const found = LINK_PATH.exec(pathname);
  return found ? { mode: found[1] as LinkPage["mode"], token: found[2] } : null;
}

/** The link page's address with `changes` merged into its query (null or "" removes a key). */
export function linkAddress(pathname: string, search: string, changes: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams(search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === null || v === "") q.delete(k);
    else q.set(k, String(v));
  }
  const s = q.toString();
  return `${pathname}${s ? `?${s}` : ""}`;
}

/** A non-negative integer parameter, or null (absent, or not one). */
export function indexParam(params: URLSearchParams, key: string): number | null {
  const raw = params.get(key);
  if (raw === null || !/^\d{1,7}$/.test(raw)) return null;
  return Number(raw);
}

/** Each kind's collection in the API (GET, PATCH /{path}/{id}). */
export const KIND_PATH: Record<Kind, string> = {
  model: "/models",
  corpus: "/corpora",
  recording: "/recordings",
  coclustering: "/coclusterings",
  scan: "/coclustering-scans",
  ablation: "/ablations",
  training: "/trainings",
};

export const KIND_NAME: Record<Kind, string> = {
  model: "model",
  corpus: "corpus",
  recording: "recording",
  coclustering: "co-clustering",
  scan: "scan over k",
  ablation: "chip test",
  training: "training",
};

/** What a resource's view needs of its GET body (any kind's: the fields it has). */
export interface Viewable {
  id: number;
  status?: string | null;
  model_id?: number | null;
  recording_id?: number;
  layer?: number;
  state?: string;
  n_clusters?: number;
  top_words?: number;
  min_count?: number;
  mode?: string;
  layers?: number[];
  coclustering_id?: number;
}

/** The application's view of a resource (a hash route), or null where it has none of its own (a
 * corpus; an unfinished job's result). A scan's and an ablation's view is their co-clustering's:
 * `coclustering` is that co-clustering's body when the caller has it. */
export function viewHash(kind: Kind, r: Viewable, coclustering?: Viewable | null): string | null {
  switch (kind) {
    case "model":
      return routeHash("sentence", { model: r.id });
    case "recording":
      return r.status === "succeeded" ? routeHash("cocluster", { recording: r.id, layer: r.layers?.length ? Math.max(...r.layers) : undefined, state: "h" }) : null;
    case "coclustering":
      return r.status === "succeeded" ? coclusterHash(r) : null;
    case "training":
      return r.model_id ? routeHash("sentence", { model: r.model_id }) : null;
    case "scan":
      return r.recording_id !== undefined ? routeHash("cocluster", { recording: r.recording_id, layer: r.layer, state: r.state, top: r.top_words, min: r.min_count, mode: r.mode }) : null;
    case "ablation":
      return coclustering ? coclusterHash(coclustering) : null;
    default:
      return null;
  }
}

function coclusterHash(c: Viewable): string {
  return routeHash("cocluster", { recording: c.recording_id, layer: c.layer, state: c.state, k: c.n_clusters, top: c.top_words, min: c.min_count, mode: c.mode });
}

/** The <iframe> to paste into a page for an embed link (its title names what it shows). */
export function embedSnippet(embedUrl: string, title: string): string {
  const attr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return `<iframe src="${attr(embedUrl)}" title="${attr(title)}" width="100%" height="640" style="border:0" loading="lazy"></iframe>`;
}

/** "expires 2025-07-01" or "expired 2025-07-01". */
export function expiryText(expiresAt: string, expired: boolean): string {
  return `${expired ? "expired" : "expires"} ${expiresAt.slice(0, 10)}`;
}
