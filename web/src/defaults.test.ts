// The web client's form defaults and bounds are the API's: compared with openapi.json itself (the
// committed schema; a service test checks that against the live server's /openapi.json).
import { describe, expect, it } from "vitest";
import openapi from "../../openapi.json";
import { FORM_DEFAULTS, fieldSpec } from "./defaults";

type Property = { default?: unknown; minimum?: number; maximum?: number };
const schemas = openapi.components.schemas as unknown as Record<string, { properties: Record<string, Property> }>;
const property = (request: string, field: string) => schemas[request].properties[field];
const REQUEST_OF = { coclustering: "CoclusteringCreate", scan: "ScanCreate", recording: "RecordingCreate", training: "TrainingCreate", ablation: "AblationCreate" };

describe("form defaults", () => {
  for (const [form, values] of Object.entries(FORM_DEFAULTS)) {
    for (const [field, value] of Object.entries(values)) {
      it(`${form}.${field} is the schema's default`, () => {
        const request = REQUEST_OF[form as keyof typeof REQUEST_OF];
        expect(value).toEqual(property(request, field).default);
      });
    }
  }
  it("carries the schema's bounds", () => {
    expect(fieldSpec("CoclusteringCreate", "n_clusters").minimum).toBe(property("CoclusteringCreate", "n_clusters").minimum);
    expect(fieldSpec("TrainingCreate", "epochs").maximum).toBe(property("TrainingCreate", "epochs").maximum);
  });
});
