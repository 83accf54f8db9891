// The public REST API (/api/v1), with the token from sign-in. Errors carry the API's own words.

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message);
  }
}

const TOKEN_KEY = "rnnvis.token";
export const API = "/api/v1";

export function token(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(value: string | null): void {
  if (value) localStorage.setItem(TOKEN_KEY, value);
  else localStorage.removeItem(TOKEN_KEY);
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

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
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
  if (!answer.ok) throw new ApiError(answer.status, detail(parsed, answer.status));
  return parsed as T;
}

export const get = <T>(path: string) => request<T>("GET", path);
export const post = <T>(path: string, body?: unknown) => request<T>("POST", path, body);
export const del = (path: string) => request<void>("DELETE", path);

export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

// --- resources (the fields the client reads) ---
export interface Page<T> {
  items: T[];
  total: number;
}
export interface Model {
  id: number;
  name: string;
  cell: string;
  num_layers: number;
  hidden_size: number;
  vocab_size: number;
  task: string;
  num_classes: number | null;
  labels: string[] | null;
}
export interface Corpus {
  id: number;
  name: string;
  format: string;
  num_sequences: number;
  num_tokens: number;
  labels: string[] | null;
}
export interface Job {
  id: number;
  kind: string;
  status: string;
  progress: number;
  message: string;
  error: string | null;
}
export interface Recording {
  id: number;
  status: string;
  progress: number;
  job_id: number;
  model_id: number;
  corpus_id: number;
  layers: number[];
  states: string[];
  hidden_size: number;
  tokens: number | null;
  words: number | null;
  error: string | null;
  options: Record<string, unknown>;
}
export interface Coclustering {
  id: number;
  status: string;
  progress: number;
  job_id: number;
  recording_id: number;
  layer: number;
  state: string;
  n_clusters: number;
  top_words: number;
  min_count: number;
  mode: string;
  seed: number;
  error: string | null;
  unit_labels: number[] | null;
  words: string[] | null;
  word_labels: number[] | null;
  unit_clusters: number[][] | null;
  word_clusters: number[][] | null;
  edges: number[][] | null;
  word_strength: number[] | null;
}
export interface Training {
  id: number;
  status: string;
  progress: number;
  job_id: number;
  name: string;
  model_id: number | null;
  error: string | null;
}
export type Quantiles = Record<"9" | "25" | "50" | "75" | "91", number[]>;
export interface WordResponse {
  word: string;
  count: number;
  mean: number[];
  std: number[];
  quantiles: Quantiles | null;
}
export interface UnitWord {
  word: string;
  count: number;
  mean: number;
  std: number;
  quantiles: Record<string, number> | null;
}
export interface UnitWords {
  unit: number;
  positive: UnitWord[];
  negative: UnitWord[];
}
export interface Evaluation {
  tokens: string[];
  predictions: { token: string; probability: number }[][];
  decomposition: { output: number; label: string; logit: number; bias: number; contributions: number[] };
  glyphs: {
    positive: number[][];
    negative: number[][];
    update_positive: number[][];
    update_negative: number[][];
    preserved: number[][];
  } | null;
}
export interface Alignment {
  pairs: { unit: number; other_unit: number; correlation: number }[];
  shared_words: string[];
}
