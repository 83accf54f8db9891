// Save a chart as SVG or PNG (styles inlined, so the file looks like the page).
import { el } from "../dom";

const INLINE = ["fill", "stroke", "stroke-width", "stroke-opacity", "fill-opacity", "opacity", "font-size", "font-family", "font-weight", "text-anchor", "dominant-baseline"];

const SVG_NS = "http://www.w3.org/2000/svg";

function inlined(svg: SVGSVGElement): SVGSVGElement {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const source = svg.querySelectorAll("*");
  copy.querySelectorAll("*").forEach((node, i) => {
    const style = getComputedStyle(source[i]);
    const inline = INLINE.map((p) => `${p}:${style.getPropertyValue(p)}`).join(";");
    node.setAttribute("style", inline);
  });
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

/** The chart as a file of its own; with a key (an HTML box: a colour bar and words, or words
 * alone), the key is drawn above the chart so that the file says what its marks mean. */
function standalone(svg: SVGSVGElement, key: HTMLElement | null): { text: string; width: number; height: number } {
  const chart = inlined(svg);
  const { width, height } = svg.getBoundingClientRect();
  const bar = key?.querySelector("svg");
  const spans = key ? [...key.querySelectorAll("span")] : [];
  const words = (spans.length ? spans.map((s) => s.textContent).join(" ") : key?.textContent ?? "").trim();
  const lines = words ? wrap(words, Math.max(40, Math.floor(width / 7))) : [];
  const barHeight = bar ? 44 : 0;
  const top = barHeight + lines.length * 16 + (lines.length ? 8 : 0);
  const out = document.createElementNS(SVG_NS, "svg");
  out.setAttribute("xmlns", SVG_NS);
  out.setAttribute("width", String(Math.ceil(width)));
  out.setAttribute("height", String(Math.ceil(height + top)));
  out.setAttribute("style", "background:#fff;font-family:sans-serif");
  if (bar) {
    const barCopy = inlined(bar as SVGSVGElement);
    barCopy.setAttribute("x", "8");
    barCopy.setAttribute("y", "4");
    out.append(barCopy);
  }
  lines.forEach((line, i) => {
    const caption = document.createElementNS(SVG_NS, "text");
    caption.setAttribute("x", "12");
    caption.setAttribute("y", String(barHeight + 16 + i * 16));
    caption.setAttribute("style", "font-size:12px;fill:#444");
    caption.textContent = line;
    out.append(caption);
  });
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
 * "cocluster-4-layer1-h-k6"); key: the chart's colour key, drawn into the file above it. */
export function exportButtons(svg: () => SVGSVGElement | null, name: () => string, key: () => HTMLElement | null = () => null): HTMLElement {
  const saveSvg = () => {
    const node = svg();
    if (!node) return;
    const url = URL.createObjectURL(new Blob([standalone(node, key()).text], { type: "image/svg+xml" }));
    download(url, `${name()}.svg`);
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const savePng = () => {
    const node = svg();
    if (!node) return;
    const file = standalone(node, key());
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
