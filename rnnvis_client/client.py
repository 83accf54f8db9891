"""The Python client of the RNNVis API: one typed method per endpoint (SPEC 7).

from rnnvis_client import Client
api = Client()                        # RNNVIS_URL and RNNVIS_TOKEN, or Client(url, token)
model = api.upload_model("lm", "model.safetensors", "vocab.txt")
corpus = api.upload_corpus("ptb", "ptb.valid.txt")
rec = api.record(model.id, corpus.id, wait=True)          # a progress bar while it runs
api.response(rec.id, "the", layer=1).mean                 # numpy [H]

The methods come in sections, one per resource of the API (health and users, models, corpora,
recordings, co-clusterings, trainings, jobs). Four parts live in mixins that Client inherits:
projects, sharing and links (SPEC 12) in sharing.py; trace, patching and attribution (SPEC 13) in
memory.py; checkpoints and timelines (issue 34) in timelines.py; provenance, citation and figures
(issue 35) in figures.py, which draws with the notebook widgets' records (views.py). endpoints.py
maps every route to its method. A method's
keyword arguments are its request's fields under the same names (connection.fields_of); those left
None are not sent, so the server's defaults apply. The HTTP plumbing is in connection.py, the
result objects (numpy and pandas) in results.py; models.py is generated from openapi.json.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Literal

import httpx
import pandas as pd

from rnnvis_client.connection import Connection, fields_of
from rnnvis_client.errors import Conflict, JobCancelled, JobFailed, WaitTimeout, raise_for_answer
from rnnvis_client.figures import FigureMethods
from rnnvis_client.memory import MemoryMethods
from rnnvis_client.models import (
    AblationOut,
    CoclusteringOut,
    CorpusOut,
    CreatedToken,
    CreatedUser,
    JobOut,
    ModelOut,
    PasswordChanged,
    RecordingOut,
    ScanOut,
    SignedIn,
    SignInOptions,
    TokenOut,
    TrainingOut,
    UserChanged,
    UserOut,
    UserUsage,
)
from rnnvis_client.progress import fraction_bar
from rnnvis_client.results import (
    Alignment,
    Coclusters,
    Evaluation,
    Matrix,
    RecordingStatistics,
    WordResponse,
    unit_words_frame,
)
from rnnvis_client.sharing import SharingMethods
from rnnvis_client.timelines import TimelineMethods
from rnnvis_client.uploads import corpus_part, model_parts

FINISHED = ("succeeded", "failed", "cancelled")  # the job statuses after which nothing changes


class Client(SharingMethods, MemoryMethods, TimelineMethods, FigureMethods):
    """A connection to one RNNVis server as one user.

    url and token default to the environment's RNNVIS_URL (else http://127.0.0.1:8000) and
    RNNVIS_TOKEN. progress=False turns the progress bars of wait=True off. Errors are raised as the
    classes of client.errors (NotFound, BadRequest, Unauthorized, ..., JobFailed). A client with no
    token (none in the environment, or token="", which ignores RNNVIS_TOKEN) can still read through
    a link: shared(), shared_coclusters(), shared_response(), shared_unit_words(), shared_matrix().
    """

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        *,
        timeout: float = 120.0,
        progress: bool = True,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._api = Connection(url, token, timeout, progress, transport)
        self.url, self.token = self._api.url, self._api.token

    @property
    def progress(self) -> bool:
        return self._api.progress

    def close(self) -> None:
        self._api.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Client({self.url!r})"

    # -- health and users -----------------------------------------------------------------------

    def healthz(self) -> bool:
        """True while the API process answers."""
        return bool(self._api.request("GET", f"{self.url}/healthz").status_code == 200)

    def ready(self) -> dict[str, Any]:
        """The readiness report: {'status': 'ready' | 'not ready', 'missing': [...], 'checks': {...}}."""
        try:
            response = self._api.http.get(f"{self.url}/readyz")
        except httpx.TransportError as exc:
            raise self._api.unreachable(exc) from exc
        if response.status_code not in (200, 503):
            raise_for_answer(response)
        body: dict[str, Any] = response.json()
        return body

    def me(self) -> UserOut:
        return self._api.one(UserOut, "/me")

    def revoke_token(self) -> None:
        """Revoke the token this client uses; it answers 401 from then on."""
        self._api.request("DELETE", "/tokens/current")

    def sign_in_options(self) -> SignInOptions:
        """How the web client signs in here: a password, and single sign-on if the server has it."""
        return SignInOptions.model_validate(self._api.get("/session/options"))

    def sign_in(self, name: str, password: str) -> SignedIn:
        """Sign in with a password instead of a token (as the web client does): the session cookie is
        kept by this client, and its CSRF token sent with every request."""
        self._api.http.headers.pop("Authorization", None)
        signed = SignedIn.model_validate(self._api.post("/session", {"name": name, "password": password}))
        self._api.http.headers["X-CSRF-Token"] = signed.csrf_token
        if self._api.http.base_url.scheme == "http":
            # the server marks the cookie Secure even on plain http to this machine (browsers send
            # Secure cookies to localhost); Python's cookie jar sends them over https only
            for cookie in self._api.http.cookies.jar:
                cookie.secure = False
        return signed

    def sign_out(self) -> None:
        """End the password sign-in (or revoke the token) this client uses."""
        self._api.request("DELETE", "/session")

    def change_password(self, current: str, new: str) -> PasswordChanged:
        """Change your password (current: empty when you have none yet); your other browser sessions
        end, and the answer says how many."""
        answer = self._api.request("POST", "/me/password", json={"current": current, "new": new})
        return PasswordChanged.model_validate(answer.json())

    def tokens(self) -> list[TokenOut]:
        """Your API tokens and browser sign-ins (never the tokens themselves)."""
        return [TokenOut.model_validate(t) for t in self._api.get("/tokens")]

    def make_token(self, name: str, expires_days: int | None = None) -> CreatedToken:
        """A new named API token; its `secret` is shown this once."""
        return CreatedToken.model_validate(
            self._api.post("/tokens", {"name": name, "expires_days": expires_days})
        )

    def revoke_token_by_id(self, token_id: int) -> None:
        """Revoke one of your tokens or sign-ins."""
        self._api.request("DELETE", f"/tokens/{token_id}")

    def users(self) -> list[UserUsage]:
        """All users with their usage (administrators only)."""
        return [UserUsage.model_validate(u) for u in self._api.get("/users")]

    def create_user(
        self, name: str, admin: bool = False, password: str | None = None, sso_subject: str | None = None
    ) -> CreatedUser:
        """A new user (with a password for the web client, or linked to a single sign-on subject, if
        given) and its first token (administrators only)."""
        return CreatedUser.model_validate(self._api.post("/users", fields_of(locals())))

    def change_user(
        self,
        user_id: int,
        *,
        password: str | None = None,
        disabled: bool | None = None,
        admin: bool | None = None,
        sso_subject: str | None = None,
    ) -> UserChanged:
        """Reset a password, disable or enable, make or unmake an administrator, link the account to a
        single sign-on subject ("" unlinks) (administrators only). A reset or a disable ends the
        user's browser sessions: `sessions_ended` says how many."""
        body = fields_of(locals(), besides=("user_id",))
        answer = self._api.request("PATCH", f"/users/{user_id}", json=body)
        return UserChanged.model_validate(answer.json())

    def revoke_user_tokens(self, user_id: int) -> None:
        """Revoke all of a user's tokens (administrators only)."""
        self._api.request("DELETE", f"/users/{user_id}/tokens")

    # -- models ---------------------------------------------------------------------------------

    def upload_model(
        self,
        name: str,
        weights: str | Path | Any = None,
        vocab: str | Path | Iterable[str] | None = None,
        config: str | Path | Mapping[str, Any] | None = None,
        *,
        vocab_from: Sequence[str | Path] | str | Path | None = None,
        vocab_order: str | None = None,
        folder: str | Path | None = None,
        project_id: int | None = None,
    ) -> ModelOut:
        """Upload a trained model (SPEC 1), or a model folder as transformers' save_pretrained
        writes it (SPEC 11: Mamba, Mamba-2, RWKV, xLSTM, RecurrentGemma).

        weights: a .safetensors file, a state_dict, a training checkpoint, a Lightning .ckpt or a
        module saved with torch.save(model, f) (the server reads it without running its code); or a
        torch.nn.Module / state_dict object (sent as safetensors). vocab: vocab.txt, vocab.json or
        the list of tokens (id i is token i); or instead vocab_from: the training text files in
        order, or the data folder of PyTorch's word_language_model example (its train.txt,
        valid.txt, test.txt), the vocabulary built from them in order of first appearance.
        config: config.json or a dict (optional: every absent field is inferred from the shapes).
        folder: instead of all those, the folder (config.json, model.safetensors, tokenizer.json, ...)
        or one .zip/.tar of it. project_id: share it into that project at once (SPEC 12).
        """
        shared = {"project_id": str(project_id)} if project_id is not None else {}
        data = {"name": name} | ({"vocab_order": vocab_order} if vocab_order is not None else {}) | shared
        opened: list[IO[bytes]] = []
        files = model_parts(weights, vocab, config, vocab_from, folder, opened)
        return ModelOut.model_validate(self._api.upload("/models", data, files, opened))

    def models(
        self, *, owner: str | None = None, project_id: int | None = None, limit: int | None = None
    ) -> list[ModelOut]:
        """Your models and those shared with you; owner (a user name) and project_id narrow it."""
        return self._api.all(ModelOut, "/models", limit, owner=owner, project_id=project_id)

    def model(self, model_id: int) -> ModelOut:
        return self._api.one(ModelOut, f"/models/{model_id}")

    def download_model(self, model_id: int, target: str | Path | None = None) -> bytes | Path:
        """The model's files in a .zip (a SPEC 11 model: its save_pretrained folder, which
        transformers' from_pretrained reads once unpacked): bytes, or saved to target (a file, or
        a folder to keep the server's file name)."""
        return self._api.download(f"/models/{model_id}/download", {}, target)

    def delete_model(self, model_id: int) -> None:
        """Delete a model with its files and its recordings."""
        self._api.request("DELETE", f"/models/{model_id}")

    def evaluate(
        self,
        model_id: int,
        text: str,
        *,
        coclustering_id: int | None = None,
        layer: int | None = None,
        state: str | None = None,
        output: int | None = None,
    ) -> Evaluation:
        """Read a text: states, predictions, glyphs (with a co-clustering) and the decomposition."""
        body = fields_of(locals(), besides=("model_id",))
        return Evaluation.from_json(self._api.post(f"/models/{model_id}/evaluate", body))

    # -- corpora --------------------------------------------------------------------------------

    def upload_corpus(
        self,
        name: str,
        corpus: str | Path | Iterable[str] | Iterable[tuple[str, str]],
        format: str | None = None,
        *,
        project_id: int | None = None,
    ) -> CorpusOut:
        """Upload a corpus: a file (.tsv / .jsonl are `labeled`, others `text`), a list of lines, or
        a list of (label, text) pairs. project_id: share it into that project at once."""
        opened: list[IO[bytes]] = []
        part, fmt = corpus_part(corpus, format, opened)
        data = {"name": name, "format": fmt} | (
            {"project_id": str(project_id)} if project_id is not None else {}
        )
        return CorpusOut.model_validate(self._api.upload("/corpora", data, [("file", part)], opened))

    def corpora(
        self, *, owner: str | None = None, project_id: int | None = None, limit: int | None = None
    ) -> list[CorpusOut]:
        """Your corpora and those shared with you; owner (a user name) and project_id narrow it."""
        return self._api.all(CorpusOut, "/corpora", limit, owner=owner, project_id=project_id)

    def corpus(self, corpus_id: int) -> CorpusOut:
        return self._api.one(CorpusOut, f"/corpora/{corpus_id}")

    def delete_corpus(self, corpus_id: int) -> None:
        self._api.request("DELETE", f"/corpora/{corpus_id}")

    # -- recordings -----------------------------------------------------------------------------

    def record(
        self,
        model_id: int,
        corpus_id: int,
        *,
        sequence_mode: str | None = None,
        segment_length: int | None = None,
        max_tokens: int | None = None,
        top_words: int | None = None,
        gates: bool | None = None,
        seed: int | None = None,
        tokenizer: str | None = None,
        lowercase: bool | None = None,
        shards: int | None = None,
        layers: list[int] | None = None,
        lags: list[int] | None = None,
        trace: int | None = None,
        project_id: int | None = None,
        wait: bool = False,
        timeout: float | None = None,
    ) -> RecordingOut:
        """Start recording a model over a corpus; wait=True follows it to the end (progress bar).
        layers and lags: SPEC 11 models (the layers recorded; lag k's channels are named y@k).
        trace: also keep each state 1..trace steps after each top word (SPEC 13; Client.trace).
        project_id: share the recording into that project (SPEC 12).
        Options left out take the server's defaults (POST /recordings in /openapi.json)."""
        body = fields_of(locals(), besides=("wait", "timeout"))
        accepted = self._api.post("/recordings", body)
        return self.recording(self._follow(accepted, "recording", wait, timeout))

    def recordings(
        self,
        *,
        status: str | None = None,
        model_id: int | None = None,
        owner: str | None = None,
        project_id: int | None = None,
        limit: int | None = None,
    ) -> list[RecordingOut]:
        query = fields_of(locals(), besides=("limit",))
        return self._api.all(RecordingOut, "/recordings", limit, **query)

    def recording(self, recording_id: int) -> RecordingOut:
        return self._api.one(RecordingOut, f"/recordings/{recording_id}")

    def delete_recording(self, recording_id: int) -> None:
        """Delete a recording and its co-clusterings (a running one is cancelled)."""
        self._api.request("DELETE", f"/recordings/{recording_id}")

    def response(self, recording_id: int, word: str, layer: int = 0, state: str = "h") -> WordResponse:
        """E[response | word] of every unit, with std and quantiles (numpy arrays)."""
        body = self._api.get(f"/recordings/{recording_id}/response", word=word, layer=layer, state=state)
        return WordResponse.from_json(body)

    def unit_words(
        self,
        recording_id: int,
        unit: int,
        layer: int | None = None,
        state: str | None = None,
        k: int | None = None,
        min_count: int | None = None,
        score: Literal["shrunk", "mean"] | None = None,
        prior_count: int | None = None,
    ) -> pd.DataFrame:
        """A unit's k most positive and k most negative words: a DataFrame with columns sign, word,
        count, mean, score, std, q9 ... q91 (quantiles NaN outside top_words). Ranked by score: the
        mean shrunk by count / (count + prior_count) (the server's default), or score="mean"."""
        query = fields_of(locals(), besides=("recording_id", "unit"))
        return unit_words_frame(self._api.get(f"/recordings/{recording_id}/units/{unit}/words", **query))

    def matrix(
        self,
        recording_id: int,
        layer: int | None = None,
        state: str | None = None,
        top_words: int | None = None,
        min_count: int | None = None,
    ) -> Matrix:
        """E[response | word] of the most frequent words (Matrix.to_frame(): words x units)."""
        query = fields_of(locals(), besides=("recording_id",))
        return Matrix.from_json(self._api.get(f"/recordings/{recording_id}/matrix", **query))

    def alignment(
        self,
        recording_id: int,
        other_id: int,
        layer: int | None = None,
        state: str | None = None,
        other_layer: int | None = None,
        other_state: str | None = None,
        top_words: int | None = None,
    ) -> Alignment:
        """Units matched one-to-one with another recording's by correlation over shared words."""
        query = fields_of(locals(), besides=("recording_id", "other_id"))
        body = self._api.get(f"/recordings/{recording_id}/alignment", other=other_id, **query)
        return Alignment.from_json(body)

    def statistics(
        self,
        recording_id: int,
        *,
        layer: int | None = None,
        state: str | None = None,
        top_words: int | None = None,
        min_count: int | None = None,
    ) -> RecordingStatistics:
        """Every statistic of a recording as numpy arrays (downloads its NPZ export)."""
        data = self.export_recording(
            recording_id, format="npz", **fields_of(locals(), besides=("recording_id",))
        )
        assert isinstance(data, bytes)
        return RecordingStatistics.load(data)

    def export_recording(
        self,
        recording_id: int,
        target: str | Path | None = None,
        *,
        format: str | None = None,
        layer: int | None = None,
        state: str | None = None,
        top_words: int | None = None,
        min_count: int | None = None,
        table: Literal["words", "trace"] | None = None,
    ) -> bytes | Path:
        """The recording's statistics as CSV, JSON or NPZ (docs/exports.md): bytes, or saved to
        target (a file, or a folder to keep the server's file name). table="trace": the CSV of its
        trace (SPEC 13); JSON and NPZ hold it beside the statistics."""
        params = fields_of(locals(), besides=("recording_id", "target"))
        return self._api.download(f"/recordings/{recording_id}/export", params, target)

    # -- co-clusterings -------------------------------------------------------------------------

    def cocluster(
        self,
        recording_id: int,
        n_clusters: int | None = None,
        *,
        layer: int | None = None,
        state: str | None = None,
        top_words: int | None = None,
        min_count: int | None = None,
        mode: str | None = None,
        seed: int | None = None,
        word_selection: str | None = None,
        words: list[str] | None = None,
        seeds: int | None = None,
        consensus: bool | None = None,
        project_id: int | None = None,
        wait: bool = False,
        timeout: float | None = None,
    ) -> CoclusteringOut:
        """Start co-clustering one layer and state (default the top layer's h) of a recording.
        consensus=True (with seeds >= 2): the chips are the vote of the seeds' runs, and stability's
        consensus_agreement says how well it agrees with the next seeds' consensus (SPEC 9).
        word_selection: frequent, salient or list (with `words`); seeds > 1 adds confidence and
        stability (SPEC 9). Parameters left out take the server's defaults (see /openapi.json)."""
        body = fields_of(locals(), besides=("recording_id", "wait", "timeout"))
        accepted = self._api.post(f"/recordings/{recording_id}/coclusterings", body)
        return self.coclustering(self._follow(accepted, "co-clustering", wait, timeout))

    def coclusterings(
        self,
        *,
        status: str | None = None,
        recording_id: int | None = None,
        owner: str | None = None,
        project_id: int | None = None,
        limit: int | None = None,
    ) -> list[CoclusteringOut]:
        query = fields_of(locals(), besides=("limit",))
        return self._api.all(CoclusteringOut, "/coclusterings", limit, **query)

    def coclustering(self, coclustering_id: int) -> CoclusteringOut:
        return self._api.one(CoclusteringOut, f"/coclusterings/{coclustering_id}")

    def coclusters(self, coclustering_id: int) -> Coclusters:
        """A finished co-clustering as numpy arrays and DataFrames (Conflict while it runs)."""
        body = self._api.get(f"/coclusterings/{coclustering_id}")
        if body["status"] != "succeeded":
            path = f"/coclusterings/{coclustering_id}"
            raise Conflict(409, f"co-clustering {coclustering_id} is {body['status']}", "GET", path)
        return Coclusters.from_json(body)

    def edit_coclustering(
        self,
        coclustering_id: int,
        *,
        moves: list[dict[str, Any]] | None = None,
        merge: tuple[int, int] | None = None,
        split: dict[str, int] | None = None,
    ) -> CoclusteringOut:
        """A new co-clustering made from this one (SPEC 9, editing): moves ([{"word": w, "to": i}
        or {"unit": u, "to": i}]), then a merge (j joins i), then a split ({"cluster": i, "k": 2})."""
        body = {"moves": moves, "merge": list(merge) if merge else None, "split": split}
        return CoclusteringOut.model_validate(self._api.post(f"/coclusterings/{coclustering_id}/edits", body))

    def scan_k(
        self,
        recording_id: int,
        *,
        layer: int | None = None,
        state: str | None = None,
        word_selection: str | None = None,
        words: list[str] | None = None,
        top_words: int | None = None,
        min_count: int | None = None,
        mode: str | None = None,
        k_min: int | None = None,
        k_max: int | None = None,
        seeds: int | None = None,
        seed: int | None = None,
        consensus: bool | None = None,
        project_id: int | None = None,
        wait: bool = False,
        timeout: float | None = None,
    ) -> ScanOut:
        """Co-cluster for every k in [k_min, k_max] with several seeds (SPEC 9, choosing k): per k
        the modularity and stability, and `suggested_k`."""
        body = fields_of(locals(), besides=("recording_id", "wait", "timeout"))
        accepted = self._api.post(f"/recordings/{recording_id}/coclustering-scans", body)
        return self.scan(self._follow(accepted, "scan", wait, timeout))

    def scan(self, scan_id: int) -> ScanOut:
        return self._api.one(ScanOut, f"/coclustering-scans/{scan_id}")

    def scans(
        self,
        *,
        recording_id: int | None = None,
        owner: str | None = None,
        project_id: int | None = None,
        limit: int | None = None,
    ) -> list[ScanOut]:
        query = fields_of(locals(), besides=("limit",))
        return self._api.all(ScanOut, "/coclustering-scans", limit, **query)

    def delete_scan(self, scan_id: int) -> None:
        self._api.request("DELETE", f"/coclustering-scans/{scan_id}")

    def ablate(
        self,
        coclustering_id: int,
        unit_cluster: int | None = None,
        *,
        units: list[int] | None = None,
        corpus_id: int | None = None,
        method: str | None = None,
        controls: int | None = None,
        seed: int | None = None,
        max_tokens: int | None = None,
        project_id: int | None = None,
        wait: bool = False,
        timeout: float | None = None,
    ) -> AblationOut:
        """Test a memory chip (SPEC 9): read the corpus with the chip's units (or `units`) frozen,
        beside `controls` random unit sets of the same size; per word cluster the loss change,
        the controls' mean and std, and z."""
        body = fields_of(locals(), besides=("coclustering_id", "wait", "timeout"))
        accepted = self._api.post(f"/coclusterings/{coclustering_id}/ablations", body)
        return self.ablation(self._follow(accepted, "ablation", wait, timeout))

    def ablation(self, ablation_id: int) -> AblationOut:
        return self._api.one(AblationOut, f"/ablations/{ablation_id}")

    def ablations(
        self,
        *,
        coclustering_id: int | None = None,
        owner: str | None = None,
        project_id: int | None = None,
        limit: int | None = None,
    ) -> list[AblationOut]:
        query = fields_of(locals(), besides=("limit",))
        return self._api.all(AblationOut, "/ablations", limit, **query)

    def delete_ablation(self, ablation_id: int) -> None:
        self._api.request("DELETE", f"/ablations/{ablation_id}")

    def delete_coclustering(self, coclustering_id: int) -> None:
        self._api.request("DELETE", f"/coclusterings/{coclustering_id}")

    def export_coclustering(
        self,
        coclustering_id: int,
        target: str | Path | None = None,
        *,
        format: str | None = None,
        table: str | None = None,
    ) -> bytes | Path:
        """A co-clustering as JSON, NPZ, or one CSV table (units, words or edges): docs/exports.md."""
        params = fields_of(locals(), besides=("coclustering_id", "target"))
        return self._api.download(f"/coclusterings/{coclustering_id}/export", params, target)

    def export_ablation(
        self, ablation_id: int, target: str | Path | None = None, *, format: str | None = None
    ) -> bytes | Path:
        """An ablation as CSV (a row per word cloud) or JSON (everything): docs/exports.md."""
        return self._api.download(f"/ablations/{ablation_id}/export", {"format": format}, target)

    # -- trainings ------------------------------------------------------------------------------

    def train(
        self,
        corpus_id: int,
        *,
        project_id: int | None = None,
        wait: bool = False,
        timeout: float | None = None,
        **options: Any,
    ) -> TrainingOut:
        """Train a model on a corpus on the server; options as POST /trainings (task, cell,
        num_layers, hidden_size, embedding_size, epochs, ...). When done, .model_id is the model.
        project_id: share the training (and the model it makes) into that project."""
        body = {"corpus_id": corpus_id, "project_id": project_id, **options}
        accepted = self._api.post("/trainings", body)
        return self.training(self._follow(accepted, "training", wait, timeout))

    def trainings(
        self,
        *,
        status: str | None = None,
        owner: str | None = None,
        project_id: int | None = None,
        limit: int | None = None,
    ) -> list[TrainingOut]:
        query = fields_of(locals(), besides=("limit",))
        return self._api.all(TrainingOut, "/trainings", limit, **query)

    def training(self, training_id: int) -> TrainingOut:
        return self._api.one(TrainingOut, f"/trainings/{training_id}")

    def delete_training(self, training_id: int) -> None:
        """Delete a training record (the model it made stays)."""
        self._api.request("DELETE", f"/trainings/{training_id}")

    # -- jobs -----------------------------------------------------------------------------------

    def jobs(
        self, *, status: str | None = None, kind: str | None = None, limit: int | None = None
    ) -> list[JobOut]:
        return self._api.all(JobOut, "/jobs", limit, status=status, kind=kind)

    def job(self, job_id: int) -> JobOut:
        return self._api.one(JobOut, f"/jobs/{job_id}")

    def cancel_job(self, job_id: int) -> JobOut:
        """Cancel a queued or running job (Conflict when it has already finished)."""
        return JobOut.model_validate(self._api.post(f"/jobs/{job_id}/cancel"))

    def _follow(self, accepted: dict[str, Any], label: str, wait: bool, timeout: float | None) -> int:
        """The id of the record a POST just accepted (with its job), after following the job to its
        end when wait is set."""
        if wait:
            self.wait(accepted["job_id"], timeout=timeout, label=f"{label} {accepted['id']}")
        return int(accepted["id"])

    def wait(
        self,
        job: int | Any,
        *,
        timeout: float | None = None,
        progress: bool | None = None,
        label: str | None = None,
    ) -> JobOut:
        """Follow a job (an id, a JobOut, or anything with a job_id) until it ends, with a progress
        bar; JobFailed / JobCancelled when it does not succeed, WaitTimeout past timeout seconds.
        Stopping the wait (Ctrl-C) leaves the job running."""
        if isinstance(job, JobOut):
            job_id = job.id
        elif isinstance(job, int):
            job_id = job
        else:
            job_id = int(job.job_id)
        show = self.progress if progress is None else progress
        started, pause = time.monotonic(), 0.2
        with fraction_bar(label or f"job {job_id}", quiet=not show) as bar:
            while True:
                current = self.job(job_id)
                bar(current.progress, current.message)
                if current.status in FINISHED:
                    break
                if timeout is not None and time.monotonic() - started > timeout:
                    raise WaitTimeout(f"job {job_id} is still {current.status} after {timeout:g} s")
                time.sleep(pause)
                pause = min(pause * 1.5, 1.0)
        if current.status == "failed":
            raise JobFailed(current)
        if current.status == "cancelled":
            raise JobCancelled(current)
        return current
