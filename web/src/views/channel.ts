// The unit and word views' shared header: layer and state selectors of the recording, and the way
// back to the co-clustering they were opened from (the `co` parameter that the co-cluster view sets).
import { get, type Coclustering, type Recording } from "../api";
import { el, field, options } from "../dom";
import { routeHash, updateParams } from "../route";
import { shareButton } from "./share";

export async function channelHeader(params: URLSearchParams): Promise<HTMLElement> {
  const recordingId = params.get("recording");
  const box = el("div", { class: "controls channel" });
  if (!recordingId) return box;
  const coId = params.get("co");
  const [recording, co] = await Promise.all([
    get<Recording>(`/recordings/${recordingId}`),
    coId ? get<Coclustering>(`/coclusterings/${coId}`).catch(() => null) : Promise.resolve(null),
  ]);
  const layer = el("select", { name: "layer", "aria-label": "layer" });
  options(layer, recording.layers.map((l) => [String(l), String(l)]), params.get("layer") ?? "0");
  const state = el("select", { name: "state", "aria-label": "state" });
  options(state, recording.states.map((s) => [s, s]), params.get("state") ?? "h");
  const change = () => {
    updateParams({ layer: layer.value, state: state.value });
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  };
  layer.addEventListener("change", change);
  state.addEventListener("change", change);
  box.append(el("span", { class: "sub" }, recording.label), field("layer", layer), field("state", state), shareButton("recording", recording.id, recording.label));
  if (co) {
    const back = routeHash("cocluster", {
      recording: co.recording_id, layer: co.layer, state: co.state, k: co.n_clusters, top: co.top_words, min: co.min_count, mode: co.mode,
    });
    box.append(el("a", { href: back, "data-testid": "back-to-chips" }, `← back to ${co.label}`));
  }
  return box;
}
