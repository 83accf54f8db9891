// Save a chart as SVG, PNG or PDF (styles inlined, so the file looks like the page): with a caption (a
// title, a quality line) and the chart's key above it, and without what only the page needs (marks
// and key texts flagged data-no-export: interaction hints, "+N more words" links). Each file carries
// the figure's provenance (GET /provenance/{kind}/{id}: model and weights' sha256, ids, options,
// version, date) in its metadata, and can end with its one-line caption. The Python client's
// `figure` writes its files with this same code (figure.ts, in headless Chromium).
import type { components } from "../generated/api";
import { el } from "../dom";

export type Provenance = components["schemas"]["ProvenanceOut"];
export type FigureFormat = "svg" | "png" | "pdf";
/** The metadata key of the provenance (JSON) in every file: an SVG <metadata> element's id, a PNG
 * iTXt keyword, the PDF's XMP namespace prefix. */
export const PROVENANCE_KEY = "rnnvis-provenance";
export const XMP_NAMESPACE = "urn:rnnvis:provenance:1.0";
const PNG_SCALE = 2;

const INLINE = ["fill", "stroke", "stroke-width", "stroke-opacity", "fill-opacity", "opacity", "font-size", "font-family", "font-weight", "text-anchor", "dominant-baseline"];

const SVG_NS = "http://www.w3.org/2000/svg";

/** Marks and texts the page shows for its own use (a hint to hover, a link to more words). */
const PAGE_ONLY = "[data-no-export]";

function inlined(svg: SVGSVGElement): SVGSVGElement {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const source = svg.querySelectorAll("*");
  copy.querySelectorAll("*").forEach((node, i) => {
    const style = getComputedStyle(source[i]);
    const inline = INLINE.map((p) => `${p}:${style.getPropertyValue(p)}`).join(";");
    node.setAttribute("style", inline);
  });
  // after the styles: they are copied by position, element for element
  copy.querySelectorAll(PAGE_ONLY).forEach((node) => node.remove());
  return copy;
}

/** Lines of at most `width` characters, broken at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}

/** What a file says of itself above its chart: a title, and lines under it (e.g. the quality). */
export interface Caption {
  title: string;
  lines?: string[];
}

/** The chart as a file of its own: the caption's title and lines first, then with a key (an HTML
 * box: a colour bar and words, or words alone) the key, so that the file says what it shows and
 * what its marks mean; then the chart. */
function standalone(svg: SVGSVGElement, key: HTMLElement | null, caption: Caption | null, provenance: Provenance | null = null, withCaption = false): { text: string; width: number; height: number } {
  const chart = inlined(svg);
  const { width, height } = svg.getBoundingClientRect();
  const perLine = Math.max(40, Math.floor(width / 7));
  const bar = key?.querySelector("svg");
  const spans = key ? [...key.querySelectorAll("span")].filter((s) => !s.closest(PAGE_ONLY)) : [];
  const words = (spans.length ? spans.map((s) => s.textContent).join(" ") : key?.textContent ?? "").trim();
  const lines = words ? wrap(words, perLine) : [];
  const out = document.createElementNS(SVG_NS, "svg");
  const text = (content: string, y: number, style: string) => {
    const node = document.createElementNS(SVG_NS, "text");
    node.setAttribute("x", "12");
    node.setAttribute("y", String(y));
    node.setAttribute("style", style);
    node.textContent = content;
    out.append(node);
  };
  let top = 0;
  if (caption) {
    const titleLines = wrap(caption.title, Math.floor(perLine * 0.8));
    titleLines.forEach((line, i) => text(line, 20 + i * 19, "font-size:15px;font-weight:700;fill:#1f2933"));
    top = 8 + titleLines.length * 19;
    for (const line of (caption.lines ?? []).flatMap((l) => wrap(l, perLine))) {
      text(line, top + 12, "font-size:12px;fill:#1f2933");
      top += 16;
    }
    top += 6;
  }
  const barHeight = bar ? 44 : 0;
  if (bar) {
    const barCopy = inlined(bar as SVGSVGElement);
    barCopy.setAttribute("x", "8");
    barCopy.setAttribute("y", String(top + 4));
    out.append(barCopy);
  }
  lines.forEach((line, i) => text(line, top + barHeight + 16 + i * 16, "font-size:12px;fill:#444"));
  top += barHeight + lines.length * 16 + (lines.length ? 8 : 0);
  chart.setAttribute("y", String(top));
  out.append(chart);
  let bottom = height + top;
  // the provenance's one line under the chart, where asked for
  if (provenance && withCaption) {
    for (const line of wrap(provenance.caption, perLine)) {
      text(line, bottom + 16, "font-size:11px;fill:#444");
      bottom += 15;
    }
    bottom += 8;
  }
  if (provenance) {
    const title = document.createElementNS(SVG_NS, "title");
    title.textContent = provenance.caption;
    const metadata = document.createElementNS(SVG_NS, "metadata");
    metadata.setAttribute("id", PROVENANCE_KEY);
    metadata.setAttribute("data-format", "application/json");
    metadata.textContent = JSON.stringify(provenance);
    out.prepend(title, metadata);
  }
  out.setAttribute("xmlns", SVG_NS);
  out.setAttribute("width", String(Math.ceil(width)));
  out.setAttribute("height", String(Math.ceil(bottom)));
  out.setAttribute("style", "background:#fff;font-family:sans-serif");
  return { text: new XMLSerializer().serializeToString(out), width, height: bottom };
}

// -- PNG: the chart drawn on a canvas, then text chunks with the provenance ---------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A PNG iTXt chunk (UTF-8 text, uncompressed): keyword NUL, flag 0, method 0, no language NUL, no
 * translated keyword NUL, the text. */
function itxt(keyword: string, value: string): Uint8Array {
  const encoder = new TextEncoder();
  const data = new Uint8Array([...encoder.encode(keyword), 0, 0, 0, 0, 0, ...encoder.encode(value)]);
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(encoder.encode("iTXt"), 4);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

/** The PNG with text chunks after its header (IHDR: the 8-byte signature, then 25 bytes). */
export function withTextChunks(png: Uint8Array, texts: Record<string, string>): Uint8Array {
  const at = 8 + 25;
  const chunks = Object.entries(texts).map(([keyword, value]) => itxt(keyword, value));
  const size = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(png.length + size);
  out.set(png.subarray(0, at), 0);
  let offset = at;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  out.set(png.subarray(at), offset);
  return out;
}

async function pngOf(file: { text: string; width: number; height: number }, provenance: Provenance | null): Promise<Uint8Array> {
  const image = new Image();
  await new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error("the chart could not be drawn as an image"));
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(file.text)}`;
  });
  const canvas = el("canvas", { width: Math.ceil(file.width * PNG_SCALE), height: Math.ceil(file.height * PNG_SCALE) });
  const context = canvas.getContext("2d");
  if (!context) throw new Error("no canvas to draw the PNG on");
  context.fillStyle = "#fff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.scale(PNG_SCALE, PNG_SCALE);
  context.drawImage(image, 0, 0, file.width, file.height);
  const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("no PNG"))), "image/png"));
  const png = new Uint8Array(await blob.arrayBuffer());
  if (!provenance) return png;
  return withTextChunks(png, {
    Title: provenance.caption,
    Software: `RNNVis ${provenance.server_version}`,
    "Creation Time": new Date().toISOString(),
    [PROVENANCE_KEY]: JSON.stringify(provenance),
  });
}

// -- PDF: the SVG drawn as vector paths by svg2pdf.js, with Roboto embedded ----------------------

/** Bytes as base64 (jsPDF takes fonts so; the figure page hands its file back to Python so), in
 * slices: String.fromCharCode takes only so many arguments. */
export function base64Of(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const fetchedBase64 = async (url: string) => base64Of(new Uint8Array(await (await fetch(url)).arrayBuffer()));

async function pdfOf(file: { text: string; width: number; height: number }, provenance: Provenance | null): Promise<Uint8Array> {
  // loaded on the first PDF only: jsPDF, svg2pdf.js and the font are most of the bundle's weight
  const [{ jsPDF }, { svg2pdf }, regular, bold] = await Promise.all([
    import("jspdf"),
    import("svg2pdf.js"),
    import("@expo-google-fonts/roboto/400Regular/Roboto_400Regular.ttf?url"),
    import("@expo-google-fonts/roboto/700Bold/Roboto_700Bold.ttf?url"),
  ]);
  const doc = new jsPDF({ orientation: file.width > file.height ? "landscape" : "portrait", unit: "pt", format: [file.width, file.height], compress: true });
  // the font the file embeds (a PDF viewer has no system-ui): every text is set in it
  doc.addFileToVFS("Roboto-Regular.ttf", await fetchedBase64(regular.default));
  doc.addFont("Roboto-Regular.ttf", "Roboto", "normal");
  doc.addFileToVFS("Roboto-Bold.ttf", await fetchedBase64(bold.default));
  doc.addFont("Roboto-Bold.ttf", "Roboto", "bold");
  const parsed = new DOMParser().parseFromString(file.text, "image/svg+xml").documentElement as unknown as SVGSVGElement;
  parsed.querySelectorAll("[style]").forEach((node) => {
    const style = node.getAttribute("style") ?? "";
    node.setAttribute("style", style.replace(/font-family:[^;]*;?/g, ""));
  });
  parsed.querySelectorAll("text, tspan").forEach((node) => {
    node.setAttribute("style", `${node.getAttribute("style") ?? ""};font-family:Roboto`);
    // glyphs Roboto lacks, as the nearest it has (the keys' line marks)
    for (const child of node.childNodes) if (child.nodeType === Node.TEXT_NODE) child.textContent = (child.textContent ?? "").replace(/[━─]/g, "—");
  });
  parsed.querySelectorAll("metadata, title").forEach((node) => node.remove());
  // svg2pdf reads the SVG's computed styles: it must be in the page while it is converted
  const holder = el("div", { style: "position:fixed;left:-100000px;top:0" });
  holder.append(parsed);
  document.body.append(holder);
  try {
    await svg2pdf(parsed, doc, { x: 0, y: 0, width: file.width, height: file.height });
  } finally {
    holder.remove();
  }
  if (provenance) {
    doc.setProperties({
      title: provenance.caption,
      subject: provenance.cite.data,
      creator: `RNNVis ${provenance.server_version}`,
      keywords: `${PROVENANCE_KEY} ${provenance.kind} ${provenance.id}`,
    });
    // the whole record as JSON in the XMP metadata, under a namespace of its own (jsPDF escapes it)
    doc.addMetadata(JSON.stringify(provenance), XMP_NAMESPACE);
  }
  return new Uint8Array(doc.output("arraybuffer"));
}

/** The chart as a file of the format, with the key and caption above it and the provenance in its
 * metadata (and its caption line under it with `withCaption`). */
export async function figureFile(
  format: FigureFormat,
  svg: SVGSVGElement,
  key: HTMLElement | null,
  caption: Caption | null,
  provenance: Provenance | null,
  withCaption = false,
): Promise<Blob> {
  const file = standalone(svg, key, caption, provenance, withCaption);
  if (format === "svg") return new Blob([file.text], { type: "image/svg+xml" });
  const bytes = format === "png" ? await pngOf(file, provenance) : await pdfOf(file, provenance);
  return new Blob([bytes as BlobPart], { type: format === "png" ? "image/png" : "application/pdf" });
}

function download(href: string, name: string): void {
  const a = el("a", { href, download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

/** SVG, PNG and PDF buttons, and a "caption" box. name: the file's name without extension (what the
 * chart shows, e.g. "cocluster-4-layer1-h-k6"); key: the chart's colour key, drawn into the file
 * above it; caption: the title (and lines) the file starts with; provenance: the record the chart
 * draws, whose provenance the file carries (read when a file is saved). */
export function exportButtons(
  svg: () => SVGSVGElement | null,
  name: () => string,
  key: () => HTMLElement | null = () => null,
  caption: () => Caption | null = () => null,
  provenance?: () => Promise<Provenance | null>,
): HTMLElement {
  const withCaption = el("input", { type: "checkbox", title: "end the file with a line saying where the figure comes from" });
  const status = el("span", { class: "sub", role: "status" });
  const save = (format: FigureFormat) => async () => {
    const node = svg();
    if (!node) return;
    status.textContent = "";
    try {
      const known = provenance ? await provenance() : null;
      const blob = await figureFile(format, node, key(), caption(), known, withCaption.checked);
      const url = URL.createObjectURL(blob);
      download(url, `${name()}.${format}`);
      if (provenance && !known) status.textContent = "Saved without its provenance: the chart's record could not be read.";
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      status.textContent = `The ${format.toUpperCase()} could not be made: ${e instanceof Error ? e.message : String(e)}`;
    }
  };
  // what to cite for this chart: the paper's BibTeX, a line naming the data, the figure's caption
  const cite = el("div", { class: "cite", "data-testid": "cite", hidden: true });
  const showCite = async () => {
    if (!cite.hidden) {
      cite.hidden = true;
      return;
    }
    const known = provenance ? await provenance() : null;
    if (!known) {
      status.textContent = "No citation: the chart's record could not be read.";
      return;
    }
    const bibtex = el("pre", {}, known.cite.bibtex);
    const copy = el("button", { type: "button", class: "small" }, "Copy");
    copy.onclick = async () => {
      await navigator.clipboard.writeText(`${known.cite.bibtex}\n% data: ${known.cite.data}`);
      copy.textContent = "copied";
    };
    cite.replaceChildren(bibtex, el("p", {}, `Data: ${known.cite.data}`), el("p", { class: "sub" }, `Caption: ${known.caption}`), copy);
    cite.hidden = false;
  };
  return el(
    "span",
    { class: "export" },
    el("button", { type: "button", onclick: save("svg"), title: "save this chart as SVG, its provenance in its metadata" }, "SVG"),
    el("button", { type: "button", onclick: save("png"), title: "save this chart as PNG, its provenance in its metadata" }, "PNG"),
    el("button", { type: "button", onclick: save("pdf"), title: "save this chart as PDF (vector, its font embedded), its provenance in its metadata" }, "PDF"),
    provenance ? el("label", { class: "sub", title: "end the file with a line saying where the figure comes from" }, withCaption, " caption") : "",
    provenance ? el("button", { type: "button", onclick: showCite, title: "the paper's BibTeX and a line naming the data" }, "Cite") : "",
    status,
    cite,
  );
}
