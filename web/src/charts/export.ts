// Save a chart as SVG or PNG (styles inlined, so the file looks like the page): with a caption (a
// title, a quality line) and the chart's key above it, and without what only the page needs (marks
// and key texts flagged data-no-export: interaction hints, "+N more words" links).
import { el } from "../dom";

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
function standalone(svg: SVGSVGElement, key: HTMLElement | null, caption: Caption | null): { text: string; width: number; height: number } {
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
  out.setAttribute("xmlns", SVG_NS);
  out.setAttribute("width", String(Math.ceil(width)));
  out.setAttribute("height", String(Math.ceil(height + top)));
  out.setAttribute("style", "background:#fff;font-family:sans-serif");
  chart.setAttribute("y", String(top));
  out.append(chart);
  return { text: new XMLSerializer().serializeToString(out), width, height: height + top };
}

function download(href: string, name: string): void {
  const a = el("a", { href, download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

/** SVG and PNG buttons. name: the file's name without extension (what the chart shows, e.g.
 * "cocluster-4-layer1-h-k6"); key: the chart's colour key, drawn into the file above it; caption:
 * the title (and lines) the file starts with. */
export function exportButtons(
  svg: () => SVGSVGElement | null,
  name: () => string,
  key: () => HTMLElement | null = () => null,
  caption: () => Caption | null = () => null,
): HTMLElement {
  const saveSvg = () => {
    const node = svg();
    if (!node) return;
    const url = URL.createObjectURL(new Blob([standalone(node, key(), caption()).text], { type: "image/svg+xml" }));
    download(url, `${name()}.svg`);
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const savePng = () => {
    const node = svg();
    if (!node) return;
    const file = standalone(node, key(), caption());
    const { width, height } = file;
    const image = new Image();
    image.onload = () => {
      const canvas = el("canvas", { width: Math.ceil(width * 2), height: Math.ceil(height * 2) });
      const context = canvas.getContext("2d");
      if (!context) return;
      context.fillStyle = "#fff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.scale(2, 2);
      context.drawImage(image, 0, 0, width, height);
      download(canvas.toDataURL("image/png"), `${name()}.png`);
    };
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(file.text)}`;
  };
  return el(
    "span",
    { class: "export" },
    el("button", { type: "button", onclick: saveSvg, title: "save this chart as SVG" }, "SVG"),
    el("button", { type: "button", onclick: savePng, title: "save this chart as PNG" }, "PNG"),
  );
}
