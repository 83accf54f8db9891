// The attribution arcs' geometry and widths, probabilities in words, and the panels' index lists (SPEC 13).
import { describe, expect, it } from "vitest";
import { outputOf, parseIndices } from "../views/causal";
import { arcPath, arcWidth, percent } from "./causal";

describe("attribution arcs", () => {
  it("run from a token to the step as a half-ellipse no higher than the room", () => {
    expect(arcPath(0, 100, 200, 80)).toBe("M0,200 A50,50 0 0 1 100,200");
    expect(arcPath(0, 400, 200, 80)).toBe("M0,200 A200,80 0 0 1 400,200"); // capped
    expect(arcPath(300, 100, 200, 80)).toBe("M300,200 A100,80 0 0 0 100,200"); // the other way: the same side
  });

  it("loop above a token to itself", () => {
    const d = arcPath(50, 50, 100, 80);
    expect(d.startsWith("M45,100 C")).toBe(true);
    expect(d.endsWith("55,100")).toBe(true);
  });

  it("grow with |attribution|, the largest at the maximum and none thinner than 1.5 px", () => {
    expect(arcWidth(0, 2)).toBe(1.5);
    expect(arcWidth(-2, 2, 14)).toBe(14);
    expect(arcWidth(1, 2, 14)).toBeCloseTo(7.75);
    expect(arcWidth(5, 0)).toBe(14); // nothing to compare with: no infinity
  });
});

describe("the patch panel", () => {
  it("prints probabilities with the digits that tell them apart", () => {
    expect(percent(0.1234)).toBe("12.3 %");
    expect(percent(0.01234)).toBe("1.23 %");
    expect(percent(0.0001234)).toBe("0.012 %");
  });

  it("reads the output as an index or a word, empty as the API's default", () => {
    expect(outputOf(" 12 ")).toBe(12);
    expect(outputOf("said")).toBe("said");
    expect(outputOf("")).toBeNull();
  });

  it("reads lists of indices, empty as the API's default, and says what is wrong", () => {
    expect(parseIndices("3, 4  5", "steps")).toEqual([3, 4, 5]);
    expect(parseIndices("  ", "steps")).toBeNull();
    expect(() => parseIndices("3, x", "steps")).toThrow('steps: "x" is not a whole number');
  });
});
