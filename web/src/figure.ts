// The figure page (figure.html): the Python client's `figure` opens it in headless Chromium, hands it
// a record it read and that record's provenance, and takes back the file the web client's own export
// makes of the widget's chart (the same drawing, the same SVG, PNG and PDF code).
import { base64Of, figureFile, type FigureFormat, type Provenance } from "./charts/export";
import { render, type WidgetModel } from "./widgets/main";

/** Each figure's chart and key in the widget's shadow root. */
const CHART: Record<string, string> = { cocluster: "svg.cocluster", unit: "svg.boxplots", sentence: "svg.glyphs", timeline: "svg.timeline-chart" };
const KEY: Record<string, string | null> = { cocluster: "[data-testid=cocluster-legend]", unit: null, sentence: null, timeline: null };

async function rnnvisFigure(kind: string, data: unknown, provenance: Provenance, format: FigureFormat, withCaption: boolean, width: number, title: string): Promise<string> {
  if (!CHART[kind]) throw new Error(`no figure of kind "${kind}"`);
  document.body.replaceChildren();
  const host = document.createElement("div");
  host.style.width = `${width}px`;
  document.body.append(host);
  const values: Record<string, unknown> = { kind, data, height: 700, selected_chip: null, selected_word: null, selected_unit: null, selected_step: null };
  const model: WidgetModel = { get: (name) => values[name], set: () => {}, save_changes: () => {}, on: () => {}, off: () => {} };
  render({ model, el: host });
  const root = host.shadowRoot;
  const svg = root?.querySelector<SVGSVGElement>(CHART[kind]);
  if (!root || !svg) throw new Error(`the ${kind} figure drew no chart: ${root?.textContent ?? ""}`);
  const keySelector = KEY[kind];
  const key = keySelector ? root.querySelector<HTMLElement>(keySelector) : null;
  const file = await figureFile(format, svg, key, { title }, provenance, withCaption);
  return base64Of(new Uint8Array(await file.arrayBuffer()));
}

declare global {
  interface Window {
    rnnvisFigure: typeof rnnvisFigure;
  }
}
window.rnnvisFigure = rnnvisFigure;
