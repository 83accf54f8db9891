// The public REST API (/api/v1), with the browser's session (a sign-in: an HttpOnly cookie, and its
// CSRF token sent with every request) or a pasted API token.
// Errors carry the API's own words.

import type { components } from "./generated/api";

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message);
  }
}

const TOKEN_KEY = "rnnvis.token";
export const SIGNED_OUT = "rnnvis:signed-out"; // a window event: the server refused the token (detail: why)
export const API = "/api/v1";

// A pasted API token lives in this tab's sessionStorage: it ends with the tab, and no other page of the
// origin reads it later (a token is a long-lived credential; the password and single sign-on sessions
// are HttpOnly cookies instead). A token kept in localStorage by an older client moves here once.
export function token(): string | null {
  const older = localStorage.getItem(TOKEN_KEY);
  if (older !== null) {
    localStorage.removeItem(TOKEN_KEY);
    sessionStorage.setItem(TOKEN_KEY, older);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value: string | null): void {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

// The session's CSRF token, kept in this origin's storage: a page on another port of this host can set
// cookies here, but neither read nor write this, so a cookie it tosses in fails every request
// instead of acting as someone else (api/cookies.py). Never read from a cookie.
const CSRF_KEY = "rnnvis.csrf";
const SSO_STARTED_KEY = "rnnvis.sso-started"; // set when this tab leaves for single sign-on
const SIGNED_IN_FRAGMENT = "#signed-in="; // /auth/sso/callback's redirect: /#signed-in=<CSRF token>

/** The session's CSRF token while a sign-in lasts. */
export function csrf(): string | null {
  return localStorage.getItem(CSRF_KEY);
}

function forgetSession(): void {
  localStorage.removeItem(CSRF_KEY);
}

/** Before leaving for the single sign-on provider: only a sign-in this tab started is taken back. */
export function startingSso(): void {
  sessionStorage.setItem(SSO_STARTED_KEY, "1");
}

/** Back from single sign-on: keep the CSRF token the callback put in the fragment, if this tab
 * started the sign-in (a link someone sent with a fragment of theirs is ignored); the fragment goes. */
export function takeSsoSignIn(): void {
  const hash = window.location.hash;
  if (!hash.startsWith(SIGNED_IN_FRAGMENT)) return;
  const started = sessionStorage.getItem(SSO_STARTED_KEY) !== null;
  sessionStorage.removeItem(SSO_STARTED_KEY);
  history.replaceState(null, "", window.location.pathname + window.location.search);
  const value = hash.slice(SIGNED_IN_FRAGMENT.length);
  if (started && /^[0-9a-f]{64}$/.test(value)) {
    setToken(null);
    localStorage.setItem(CSRF_KEY, value);
  }
}

export function signedIn(): boolean {
  return token() !== null || csrf() !== null;
}

export type SignedIn = components["schemas"]["SignedIn"];
export type SignInOptions = components["schemas"]["SignInOptions"];

const SIGN_IN_ERROR_COOKIE = "rnnvis_sign_in_error"; // why a single sign-on failed (set by /auth/sso/callback)

/** Why the last single sign-on was refused, in the server's words; read once (the cookie is cleared). */
export function takeSignInError(): string | null {
  const found = document.cookie.split("; ").find((c) => c.startsWith(`${SIGN_IN_ERROR_COOKIE}=`));
  if (!found) return null;
  document.cookie = `${SIGN_IN_ERROR_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax`;
  return decodeURIComponent(found.slice(SIGN_IN_ERROR_COOKIE.length + 1));
}

export async function signIn(name: string, password: string): Promise<SignedIn> {
  setToken(null); // a password sign-in replaces a pasted token
  forgetSession();
  const signed = await request<SignedIn>("POST", "/session", { name, password });
  localStorage.setItem(CSRF_KEY, signed.csrf_token);
  return signed;
}

/** End the session (revoked on the server) or forget the pasted token. */
export async function signOut(): Promise<void> {
  if (token()) setToken(null);
  else if (csrf()) {
    try {
      await request<void>("DELETE", "/session");
    } finally {
      forgetSession();
    }
  }
}

function detail(body: unknown, status: number): string {
  const d = (body as { detail?: unknown } | null)?.detail;
  if (typeof d === "string") return d;
  if (Array.isArray(d)) {
    // FastAPI's validation errors: [{loc: [...], msg}]
    return d
      .map((e: { loc?: unknown[]; msg?: string }) => `${(e.loc ?? []).slice(1).join(".")}: ${e.msg ?? ""}`)
      .join("; ");
  }
  return `HTTP ${status}`;
}

/** The token's Authorization header, or the session's CSRF header (every request: the cookie alone
 * counts for nothing). */
function authHeaders(): Record<string, string> {
  const t = token();
  const session = t ? null : csrf();
  if (t) return { Authorization: `Bearer ${t}` };
  return session ? { "X-CSRF-Token": session } : {};
}

/** A file the API answers (a model's .zip), saved by the browser under the server's file name. */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const answer = await fetch(`${API}${path}`, { headers: authHeaders() });
  if (!answer.ok) {
    let parsed: unknown = null;
    try {
      parsed = await answer.json();
    } catch {
      parsed = null;
    }
    throw new ApiError(answer.status, detail(parsed, answer.status));
  }
  const named = /filename="([^"]+)"/.exec(answer.headers.get("content-disposition") ?? "")?.[1];
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await answer.blob());
  link.download = named ?? fallbackName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = authHeaders();
  const t = token();
  const session = t ? null : csrf();
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const answer = await fetch(`${API}${path}`, { method, headers, body: payload });
  if (answer.status === 204) return undefined as T;
  const text = await answer.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!answer.ok) {
    const error = new ApiError(answer.status, detail(parsed, answer.status));
    if (answer.status === 401 && t && token() === t) {
      // the server no longer takes this token (revoked, expired): forget it and go back to sign-in.
      // Only while it is still the one in use: the other requests sent with it answer 401 too,
      // and one of them arriving after the user signed in again must not sign them out.
      setToken(null);
      window.dispatchEvent(new CustomEvent(SIGNED_OUT, { detail: `That token is not valid: ${error.message}. Sign in with another.` }));
    } else if (answer.status === 401 && session && csrf() === session && path !== "/session") {
      forgetSession(); // the session ended (signed out elsewhere, expired, revoked, or its cookie replaced)
      // the server's words where they say why (another page replaced the cookie, say)
      const why = error.message.includes("sign in again") ? `${error.message[0].toUpperCase()}${error.message.slice(1)}.` : "Your session has ended: sign in again.";
      window.dispatchEvent(new CustomEvent(SIGNED_OUT, { detail: why }));
    }
    throw error;
  }
  return parsed as T;
}

export const get = <T>(path: string) => request<T>("GET", path);
export type Provenance = Schemas["ProvenanceOut"];
/** A figure's provenance for the export buttons (null where it cannot be read, e.g. a read-only link
 * without an account: the file is saved without it). */
export const provenanceOf = (kind: Provenance["kind"], id: number | string | null | undefined) => async (): Promise<Provenance | null> =>
  id === null || id === undefined ? null : get<Provenance>(`/provenance/${kind}/${id}`).catch(() => null);
export const post = <T>(path: string, body?: unknown) => request<T>("POST", path, body);
export const del = (path: string) => request<void>("DELETE", path);
export const patch = <T>(path: string, body: unknown) => request<T>("PATCH", path, body);

export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

// --- resources: the API's own schemas (src/generated/api.ts, from openapi.json) ---
type Schemas = components["schemas"];
export interface Page<T> {
  items: T[];
  total: number;
}
export type Model = Schemas["ModelOut"];
export type Corpus = Schemas["CorpusOut"];
export type Job = Schemas["JobOut"];
export type Recording = Schemas["RecordingOut"];
export type Coclustering = Schemas["CoclusteringOut"];
export type Training = Schemas["TrainingOut"];
export type WordResponse = Schemas["WordResponseOut"];
export type Quantiles = NonNullable<WordResponse["quantiles"]>;
export type UnitWord = Schemas["UnitWord"];
export type UnitWords = Schemas["UnitWordsOut"];
export type Alignment = Schemas["AlignmentOut"];
export type User = Schemas["UserOut"];
export type UserUsage = Schemas["UserUsage"];
export type ApiToken = Schemas["TokenOut"];
export type CreatedToken = Schemas["CreatedToken"];
export type CreatedUser = Schemas["CreatedUser"];
export type UserChanged = Schemas["UserChanged"];
export type PasswordChanged = Schemas["PasswordChanged"];
// POST /models/{id}/evaluate answers a free-form object in the schema: its fields as the client reads them
export interface Evaluation {
  tokens: string[];
  predictions: { token: string; probability: number }[][];
  // null for a SPEC 11 model, whose output is not linear in a state's sum: decomposition_note says so
  decomposition: { output: number; label: string; logit: number; bias: number; contributions: number[] } | null;
  decomposition_note?: string | null;
  glyphs: {
    positive: number[][];
    negative: number[][];
    update_positive: number[][];
    update_negative: number[][];
    preserved: number[][];
    sizes: number[]; // units per chip
  } | null;
}
export type Scan = Schemas["ScanOut"];
export type Ablation = Schemas["AblationOut"];
// SPEC 12: projects, members, the audit trail, sharing and read-only links
export type Project = Schemas["ProjectOut"];
export type ProjectDetail = Schemas["ProjectDetail"];
export type Member = Schemas["MemberOut"];
export type ProjectResource = Schemas["ProjectResource"];
export type ProjectEvent = Schemas["EventOut"];
export type Role = Member["role"];
export type Kind = Schemas["ShareLinkCreate"]["kind"];
export type ShareLink = Schemas["ShareLinkOut"];
export type ShareLinkMade = Schemas["ShareLinkMade"];
export type Shared =
  | Schemas["SharedModel"]
  | Schemas["SharedCorpus"]
  | Schemas["SharedRecording"]
  | Schemas["SharedCoclustering"]
  | Schemas["SharedScan"]
  | Schemas["SharedAblation"]
  | Schemas["SharedTraining"];

/** A read-only link's GET: no token, no CSRF header, no cookie (the link is the only credential, and
 * whoever opens it may be signed in as someone else). */
export async function publicGet<T>(path: string): Promise<T> {
  const answer = await fetch(`${API}${path}`, { credentials: "omit" });
  const text = await answer.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!answer.ok) throw new ApiError(answer.status, detail(parsed, answer.status));
  return parsed as T;
}
