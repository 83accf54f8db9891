"""The engine's defaults are the API's. The engine keeps defaults of its own (the local commands and
the notebooks call it without the server), so each one is compared here with openapi.json, the
schema the server, the clients, the web forms and the command line all take theirs from. A field
only the engine has (a tuning knob no request sets) is listed with the reason."""

from __future__ import annotations

import dataclasses
import inspect
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from services.ablation import AblationOptions
from services.causal import attribute, patch
from services.clustering import MODES, trust
from services.clustering.cocluster import Cocluster
from services.recording import SALIENCE_PRIOR_COUNT, RecordingOptions
from services.training import TrainingOptions

OPENAPI = json.loads((Path(__file__).resolve().parents[2] / "openapi.json").read_text())
SCHEMAS: dict[str, Any] = OPENAPI["components"]["schemas"]

# engine fields with a default that no request sets (fields without a default, such as an ablation's
# units, are always passed by the runner)
ENGINE_ONLY = {
    "RecordingOptions": {
        "sample_size": "responses kept per word for the quantiles: fixed so recordings compare",
        "batch_size": "sequences per step of the fused kernel: throughput, not results",
        "chunk_tokens": "states held at once: memory, not results",
    },
    "TrainingOptions": {"clip": "the gradient norm clip of every training the server runs"},
    "AblationOptions": {
        "batch_size": "sequences per batch: throughput, not results",
        "sequence_mode": "the recording's own",
        "segment_length": "the recording's own",
    },
}


def schema_default(schema: str, field: str) -> Any:
    """A request field's default in openapi.json (a field that is neither required nor given a
    default defaults to null)."""
    body = SCHEMAS[schema]
    assert field in body["properties"], f"{schema} has no field {field}"
    assert field not in body.get("required", []), f"{schema}.{field} is required: no default to share"
    return body["properties"][field].get("default")


def dataclass_defaults(options: type) -> dict[str, Any]:
    return {
        f.name: f.default
        for f in dataclasses.fields(options)
        if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
    }


def parameter_defaults(function: Callable[..., Any]) -> dict[str, Any]:
    return {
        name: p.default
        for name, p in inspect.signature(function).parameters.items()
        if p.default is not inspect.Parameter.empty
    }


@pytest.mark.parametrize(
    ("options", "request_schema"),
    [
        (RecordingOptions, "RecordingCreate"),
        (TrainingOptions, "TrainingCreate"),
        (AblationOptions, "AblationCreate"),
    ],
)
def test_every_option_default_is_the_requests(options: type, request_schema: str) -> None:
    engine_only = ENGINE_ONLY[options.__name__]
    defaults = dataclass_defaults(options)
    for field, value in defaults.items():
        if field not in engine_only:
            value = list(value) if isinstance(value, tuple) else value  # JSON has lists only
            assert value == schema_default(request_schema, field), f"{options.__name__}.{field}"
    unknown = set(engine_only) - {f.name for f in dataclasses.fields(options)}
    assert not unknown, f"ENGINE_ONLY names fields {options.__name__} does not have: {unknown}"


def test_coclustering_and_scan_defaults_are_the_requests() -> None:
    fit = parameter_defaults(Cocluster.__init__)
    assert fit["n_clusters"] == schema_default("CoclusteringCreate", "n_clusters")
    assert fit["mode"] == schema_default("CoclusteringCreate", "mode")
    assert fit["random_state"] == schema_default("CoclusteringCreate", "seed")
    scan = parameter_defaults(trust.scan)
    for field in ("k_min", "k_max", "seeds", "seed"):
        assert scan[field] == schema_default("ScanCreate", field), field
    for schema in ("CoclusteringCreate", "ScanCreate"):
        assert tuple(SCHEMAS[schema]["properties"]["mode"]["enum"]) == MODES


def test_the_salience_prior_is_the_queries() -> None:
    route = OPENAPI["paths"]["/api/v1/recordings/{recording_id}/units/{unit}/words"]["get"]
    (prior,) = [p for p in route["parameters"] if p["name"] == "prior_count"]
    assert prior["schema"]["default"] == SALIENCE_PRIOR_COUNT


@pytest.mark.parametrize(
    ("function", "request_schema", "fields"),
    [
        (patch, "PatchRequest", ("layer", "steps", "output", "controls", "seed")),
        (attribute, "AttributeRequest", ("layer", "step", "n_steps")),
    ],
)
def test_patching_and_attribution_defaults_are_the_requests(
    function: Callable[..., Any], request_schema: str, fields: tuple[str, ...]
) -> None:
    """state is left out: the request's null means the co-clustering's state, or h, the engine's."""
    defaults = parameter_defaults(function)
    for field in fields:
        assert defaults[field] == schema_default(request_schema, field), f"{function.__name__}.{field}"
