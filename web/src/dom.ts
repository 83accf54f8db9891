// Small DOM helpers. Text always goes in as text nodes: names and words from users are never markup.

type Child = Node | string | number | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | ((e: Event) => void) | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") node.addEventListener(key.replace(/^on/, ""), value);
    else if (value === true) node.setAttribute(key, "");
    else node.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node: Element): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** A box that shows an error in the API's words (role=alert, so screen readers announce it). */
export function errorBox(): { node: HTMLElement; show: (e: unknown) => void; hide: () => void } {
  const node = el("div", { class: "error", role: "alert", hidden: true });
  return {
    node,
    show(e: unknown) {
      node.textContent = e instanceof Error ? e.message : String(e);
      node.hidden = false;
    },
    hide() {
      node.hidden = true;
      node.textContent = "";
    },
  };
}

/** A table with a caption; a column without a visible heading (its buttons say what they do) still
 * has one for screen readers; no rows: "none yet". */
export function table(caption: string, head: string[], rows: (Node | string)[][], testid: string): HTMLElement {
  const t = el("table", { "data-testid": testid }, el("caption", {}, caption));
  const heading = (h: string) => (h ? h : el("span", { class: "visually-hidden" }, "actions"));
  t.append(el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, heading(h))))));
  const body = el("tbody");
  if (rows.length === 0) body.append(el("tr", {}, el("td", { colspan: head.length, class: "empty" }, "none yet")));
  for (const row of rows) body.append(el("tr", {}, ...row.map((c) => el("td", {}, c))));
  t.append(body);
  return t;
}

export function field(label: string, input: HTMLElement): HTMLElement {
  return el("label", { class: "field" }, el("span", {}, label), input);
}

export function options(select: HTMLSelectElement, values: [string, string][], selected?: string): void {
  clear(select);
  for (const [value, text] of values) {
    const option = el("option", { value }, text);
    if (value === selected) option.selected = true;
    select.append(option);
  }
}

export function progressBar(fraction: number, status: string, label: string): HTMLElement {
  const bar = el("div", {
    class: `progress ${status}`,
    role: "progressbar",
    "aria-label": label,
    "aria-valuemin": 0,
    "aria-valuemax": 100,
    "aria-valuenow": Math.round(fraction * 100),
  });
  bar.append(el("div", { class: "fill", style: `width:${Math.round(fraction * 100)}%` }));
  return bar;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Call `reload` whenever the user comes back to this page (another tab, another window) while
 * `node` is shown: a list loaded once would miss what finished meanwhile. */
export function reloadOnReturn(node: Element, reload: () => Promise<void>): void {
  const again = () => {
    if (!node.isConnected) {
      document.removeEventListener("visibilitychange", again);
      window.removeEventListener("focus", again);
      return;
    }
    if (document.visibilityState === "visible") void reload().catch(() => {});
  };
  document.addEventListener("visibilitychange", again);
  window.addEventListener("focus", again);
}
