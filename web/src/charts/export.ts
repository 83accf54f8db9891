// Save a chart as SVG or PNG (styles inlined, so the file looks like the page).
import { el } from "../dom";

const INLINE = ["fill", "stroke", "stroke-width", "stroke-opacity", "fill-opacity", "opacity", "font-size", "font-family", "font-weight", "text-anchor", "dominant-baseline"];

function standalone(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const source = svg.querySelectorAll("*");
  copy.querySelectorAll("*").forEach((node, i) => {
    const style = getComputedStyle(source[i]);
    const inline = INLINE.map((p) => `${p}:${style.getPropertyValue(p)}`).join(";");
    node.setAttribute("style", inline);
  });
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  copy.setAttribute("style", "background:#fff;font-family:sans-serif");
  return new XMLSerializer().serializeToString(copy);
}

function download(href: string, name: string): void {
  const a = el("a", { href, download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

export function exportButtons(svg: () => SVGSVGElement | null, name: string): HTMLElement {
  const saveSvg = () => {
    const node = svg();
    if (!node) return;
    const url = URL.createObjectURL(new Blob([standalone(node)], { type: "image/svg+xml" }));
    download(url, `${name}.svg`);
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const savePng = () => {
    const node = svg();
    if (!node) return;
    const { width, height } = node.getBoundingClientRect();
    const image = new Image();
    image.onload = () => {
      const canvas = el("canvas", { width: Math.ceil(width * 2), height: Math.ceil(height * 2) });
      const context = canvas.getContext("2d");
      if (!context) return;
      context.fillStyle = "#fff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.scale(2, 2);
      context.drawImage(image, 0, 0, width, height);
      download(canvas.toDataURL("image/png"), `${name}.png`);
    };
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(standalone(node))}`;
  };
  return el(
    "span",
    { class: "export" },
    el("button", { type: "button", onclick: saveSvg, title: "save this chart as SVG" }, "SVG"),
    el("button", { type: "button", onclick: savePng, title: "save this chart as PNG" }, "PNG"),
  );
}
