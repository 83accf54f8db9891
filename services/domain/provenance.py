"""Where a figure comes from (issue 35): the record a view draws, the model (with its weights'
sha256), the corpus, the recording and co-clustering ids, the channel, k, seed and word selection,
the server's version and the date the record was made; a one-line caption built from them, and
what to cite (the paper's BibTeX and a line naming the data). Every export embeds this one answer:
the web client's SVG, PNG and PDF files and the Python client's `figure`."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Literal

from sqlalchemy.orm import Session

from services.database.tables import Coclustering, Corpus, Model, Recording, Timeline
from services.domain.access import Caller, record

Kind = Literal["model", "recording", "coclustering", "timeline"]
KINDS: tuple[Kind, ...] = ("model", "recording", "coclustering", "timeline")
SHA_SHOWN = 12  # hex digits of a sha256 in the caption (the metadata keeps the whole)

PAPER_BIBTEX = """@inproceedings{ming2017understanding,
  title     = {Understanding Hidden Memories of Recurrent Neural Networks},
  author    = {Ming, Yao and Cao, Shaozu and Zhang, Ruixiang and Li, Zhen and Chen, Yuanzhe
               and Song, Yangqiu and Qu, Huamin},
  booktitle = {2017 IEEE Conference on Visual Analytics Science and Technology (VAST)},
  pages     = {13--24},
  year      = {2017},
  doi       = {10.1109/VAST.2017.8585721},
  eprint    = {1710.10777},
  archivePrefix = {arXiv}
}"""


@cache
def server_version() -> str:
    try:
        return version("rnnvis")
    except PackageNotFoundError:  # a checkout run without installing: say so rather than guess
        return "unknown"


def weights_sha256(model: Model) -> str | None:
    """The sha256 of the model's weights file as it was uploaded (a save_pretrained folder's shards
    are kept joined in one model.safetensors)."""
    weights = model.files.get("weights") or {}
    return str(weights["sha256"]) if "sha256" in weights else None


def _model(model: Model) -> dict[str, Any]:
    return {"id": model.id, "name": model.name, "step": model.step, "weights_sha256": weights_sha256(model)}


def _corpus(corpus: Corpus) -> dict[str, Any]:
    return {"id": corpus.id, "name": corpus.name, "tokens": corpus.num_tokens}


def _short(model: dict[str, Any]) -> str:
    sha = model["weights_sha256"]
    weights = f", weights sha256 {sha[:SHA_SHOWN]}" if sha else ""
    step = f" at step {model['step']}" if model["step"] is not None else ""
    return f"{model['name']}{step} (model {model['id']}{weights})"


def _words(params: dict[str, Any]) -> str:
    selection = params.get("word_selection", "frequent")
    if selection == "list":
        return f"{len(params.get('words') or [])} listed words"
    return f"{params.get('top_words')} {selection} words (min count {params.get('min_count')})"


def provenance(db: Session, user: Caller, kind: Kind, record_id: int) -> dict[str, Any]:
    """The provenance of the figure of one record the user may read (NotFound otherwise)."""
    out: dict[str, Any] = {
        "kind": kind,
        "id": record_id,
        "model": None,
        "corpus": None,
        "recording_id": None,
        "coclustering_id": None,
        "timeline_id": None,
        "layer": None,
        "state": None,
        "k": None,
        "seed": None,
        "seeds": None,
        "consensus": None,
        "word_selection": None,
        "server_version": server_version(),
    }
    made: datetime
    if kind == "model":
        model = record(db, Model, record_id, user, "model")
        out["model"], made = _model(model), model.created_at
        what = f"Model {_short(out['model'])}"
    elif kind == "timeline":
        timeline = record(db, Timeline, record_id, user, "timeline")
        params, made = timeline.params, timeline.created_at
        out |= {"timeline_id": timeline.id, "layer": params.get("layer"), "state": params.get("state")}
        out |= {"k": params.get("n_clusters"), "seed": params.get("seed"), "seeds": params.get("seeds")}
        out |= {"consensus": params.get("consensus"), "word_selection": _words(params)}
        out["model"] = _model(db.get_one(Model, timeline.model_id))
        out["corpus"] = _corpus(db.get_one(Corpus, timeline.corpus_id))
        what = (
            f"Memory chips across the checkpoints of {_short(out['model'])} over {out['corpus']['name']}: "
            f"layer {out['layer']} {out['state']}, k = {out['k']}, seed {out['seed']}; timeline {timeline.id}"
        )
    else:
        if kind == "coclustering":
            co = record(db, Coclustering, record_id, user, "co-clustering")
            recording = db.get_one(Recording, co.recording_id)
            params, made = co.params, co.created_at
            out |= {"coclustering_id": co.id, "layer": params.get("layer"), "state": params.get("state")}
            out |= {"k": params.get("n_clusters"), "seed": params.get("seed"), "seeds": params.get("seeds")}
            out |= {"consensus": params.get("consensus"), "word_selection": _words(params)}
        else:
            recording = record(db, Recording, record_id, user, "recording")
            out["seed"], made = recording.options.get("seed"), recording.created_at
        out["recording_id"] = recording.id
        out["model"] = _model(db.get_one(Model, recording.model_id))
        out["corpus"] = _corpus(db.get_one(Corpus, recording.corpus_id))
        read = f"{_short(out['model'])} over {out['corpus']['name']} (corpus {out['corpus']['id']})"
        if kind == "coclustering":
            what = (
                f"Memory chips of {read}: layer {out['layer']} {out['state']}, k = {out['k']}, "
                f"seed {out['seed']}, {out['word_selection']}; "
                f"recording {recording.id}, co-clustering {record_id}"
            )
        else:
            what = f"States of {read}; recording {recording.id}"
    out["created_at"] = made.astimezone(UTC).replace(microsecond=0).isoformat()
    out["caption"] = (
        f"{what}; made {made.astimezone(UTC).date().isoformat()}. RNNVis {out['server_version']}."
    )
    data = f"{_short(out['model'])}" + (
        f", read over {out['corpus']['name']} ({out['corpus']['tokens']:,} tokens)" if out["corpus"] else ""
    )
    out["cite"] = {"bibtex": PAPER_BIBTEX, "data": f"{data}; analysed with RNNVis {out['server_version']}."}
    return out
