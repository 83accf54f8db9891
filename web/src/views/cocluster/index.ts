// The co-cluster view: one co-cluster panel (src/views/cocluster/panel.ts), which composes the form
// (form.ts), the chart, and the trust tools (trust.ts, edits.ts, ablation.ts).
import { el } from "../../dom";
import { CoclusterPanel } from "./panel";

export { CoclusterPanel } from "./panel"; // the compare view shows two

export async function coclusterView(root: HTMLElement, params: URLSearchParams): Promise<void> {
  root.append(el("h1", {}, "Co-cluster view"));
  const panel = new CoclusterPanel(params);
  root.append(panel.node);
  await panel.mount();
}
