// The forms' defaults and bounds: the server's own (REQUEST_FIELDS is generated from openapi.json),
// so a form never sends a default the API does not have.
import { REQUEST_FIELDS } from "./generated/requests";

export type Requests = typeof REQUEST_FIELDS;

export function fieldSpec<R extends keyof Requests>(
  request: R,
  field: keyof Requests[R],
): { default?: unknown; minimum?: number; maximum?: number } {
  return REQUEST_FIELDS[request][field] as { default?: unknown; minimum?: number; maximum?: number };
}

export function defaultOf<R extends keyof Requests>(request: R, field: keyof Requests[R]): number | string | boolean {
  const value = fieldSpec(request, field).default;
  if (value === undefined || value === null) throw new Error(`${String(request)}.${String(field)} has no default`);
  return value as number | string | boolean;
}

// The defaults the forms show (the co-cluster view's controls and the dashboard's forms).
export const FORM_DEFAULTS = {
  coclustering: {
    n_clusters: defaultOf("CoclusteringCreate", "n_clusters") as number,
    top_words: defaultOf("CoclusteringCreate", "top_words") as number,
    min_count: defaultOf("CoclusteringCreate", "min_count") as number,
    mode: defaultOf("CoclusteringCreate", "mode") as string,
    word_selection: defaultOf("CoclusteringCreate", "word_selection") as string,
    seeds: defaultOf("CoclusteringCreate", "seeds") as number,
    consensus: defaultOf("CoclusteringCreate", "consensus") as boolean,
  },
  scan: {
    k_min: defaultOf("ScanCreate", "k_min") as number,
    k_max: defaultOf("ScanCreate", "k_max") as number,
    seeds: defaultOf("ScanCreate", "seeds") as number,
    consensus: defaultOf("ScanCreate", "consensus") as boolean,
  },
  recording: {
    top_words: defaultOf("RecordingCreate", "top_words") as number,
  },
  ablation: {
    controls: defaultOf("AblationCreate", "controls") as number,
  },
  // SPEC 13: patching and attribution over time (the sentence view)
  patch: {
    controls: defaultOf("PatchRequest", "controls") as number,
    seed: defaultOf("PatchRequest", "seed") as number,
  },
  attribute: {
    n_steps: defaultOf("AttributeRequest", "n_steps") as number,
  },
  // issue 34: chips followed across a model's checkpoints (the timeline view's form)
  timeline: {
    n_clusters: defaultOf("TimelineCreate", "n_clusters") as number,
    top_words: defaultOf("TimelineCreate", "top_words") as number,
    state: defaultOf("TimelineCreate", "state") as string,
    threshold: defaultOf("TimelineCreate", "threshold") as number,
    seeds: defaultOf("TimelineCreate", "seeds") as number,
    consensus: defaultOf("TimelineCreate", "consensus") as boolean,
  },
  training: {
    num_layers: defaultOf("TrainingCreate", "num_layers") as number,
    hidden_size: defaultOf("TrainingCreate", "hidden_size") as number,
    embedding_size: defaultOf("TrainingCreate", "embedding_size") as number,
    epochs: defaultOf("TrainingCreate", "epochs") as number,
  },
} as const;
