import { describe, expect, it } from "vitest";
import { embedSnippet, expiryText, indexParam, linkAddress, parseLinkPath, viewHash } from "./links";

describe("parseLinkPath", () => {
  it("reads the page and its token", () => {
    expect(parseLinkPath("/s/abc_DEF-123")).toEqual({ mode: "s", token: "abc_DEF-123" });
    expect(parseLinkPath("/embed/tok/")).toEqual({ mode: "embed", token: "tok" });
  });
  it("is null for the application and anything else", () => {
    expect(parseLinkPath("/")).toBeNull();
    expect(parseLinkPath("/index.html")).toBeNull();
    expect(parseLinkPath("/s/")).toBeNull();
    expect(parseLinkPath("/s/a/b")).toBeNull();
    expect(parseLinkPath("/x/s/abc")).toBeNull();
    expect(parseLinkPath("/s/a%2Fb")).toBeNull();
    expect(parseLinkPath(`/s/${"a".repeat(101)}`)).toBeNull();
  });
});

describe("linkAddress", () => {
  it("merges changes into the query and drops emptied keys", () => {
    expect(linkAddress("/s/t", "?chip=2&word=the", { unit: 3, word: null })).toBe("/s/t?chip=2&unit=3");
    expect(linkAddress("/embed/t", "", { chip: "" })).toBe("/embed/t");
    expect(linkAddress("/s/t", "?a=1", { word: "a b&c" })).toBe("/s/t?a=1&word=a+b%26c");
  });
});

describe("indexParam", () => {
  it("takes non-negative integers only", () => {
    const p = new URLSearchParams("chip=2&unit=-1&layer=x&state=0");
    expect(indexParam(p, "chip")).toBe(2);
    expect(indexParam(p, "state")).toBe(0);
    expect(indexParam(p, "unit")).toBeNull();
    expect(indexParam(p, "layer")).toBeNull();
    expect(indexParam(p, "missing")).toBeNull();
  });
});

describe("viewHash", () => {
  it("opens each kind in its view", () => {
    expect(viewHash("model", { id: 4 })).toBe("#/sentence?model=4");
    expect(viewHash("corpus", { id: 4 })).toBeNull();
    expect(viewHash("recording", { id: 5, status: "succeeded", layers: [0, 1] })).toBe("#/cocluster?recording=5&layer=1&state=h");
    expect(viewHash("recording", { id: 5, status: "running", layers: [0] })).toBeNull();
    const co = { id: 7, status: "succeeded", recording_id: 5, layer: 1, state: "h", n_clusters: 6, top_words: 300, min_count: 5, mode: "positive" };
    expect(viewHash("coclustering", co)).toBe("#/cocluster?recording=5&layer=1&state=h&k=6&top=300&min=5&mode=positive");
    expect(viewHash("ablation", { id: 1, coclustering_id: 7 }, co)).toBe(viewHash("coclustering", co));
    expect(viewHash("ablation", { id: 1, coclustering_id: 7 })).toBeNull();
    expect(viewHash("training", { id: 2, model_id: null })).toBeNull();
    expect(viewHash("training", { id: 2, model_id: 9 })).toBe("#/sentence?model=9");
  });
});

describe("embedSnippet and expiryText", () => {
  it("escapes the snippet's attributes", () => {
    const s = embedSnippet("https://x/embed/t?a=1&b=2", 'chips "A" <b>');
    expect(s).toContain('src="https://x/embed/t?a=1&amp;b=2"');
    expect(s).toContain('title="chips &quot;A&quot; &lt;b>"');
  });
  it("says expired or expires", () => {
    expect(expiryText("2030-01-02T03:04:05Z", false)).toBe("expires 2030-01-02");
    expect(expiryText("2020-01-02T03:04:05Z", true)).toBe("expired 2020-01-02");
  });
});
