"""Hostile load against `rnnvis serve`: the four worst findings of the black-box probe (issue 12).

1. oversized body: a 150 MB JSON body with no token on POST /recordings while another user uploads a
   30 MB corpus: the answer and its time, whether an API process was replaced, whether the other
   upload survived, files left in the staging folder; and the size of the answer to a 10 MB
   invalid body.
2. flood: one user sends 220 concurrent sentence evaluations of 20,000 characters; another user
   evaluates a short sentence once a second: that user's latencies and failures.
3. quota race: 20 concurrent POST /recordings from one user against the active-jobs limit of 4.
4. zip bomb: a 1 MB weights file that inflates to 1 GB: the answer, its time, and how far the API
   processes' memory grew.

    .venv/bin/python -m benchmarks.hostile_load [--flood-seconds 60]
Each finding prints one line of key=value figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import select
import socket
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import httpx
import psutil
import torch

from benchmarks.pipeline import wait, write_model
from benchmarks.service_stack import running_stack
from runtime.stack import Stack
from tests.shared_data import SHARED_DATA


def api_processes(stack: Stack) -> list[psutil.Process]:
    """uvicorn's worker processes (the children of the API's main process)."""
    return psutil.Process(stack.children["api"].pid).children(recursive=True)


def upload_model_and_corpus(stack: Stack, token: str, model_dir: Path) -> tuple[int, int]:
    api = httpx.Client(
        base_url=f"{stack.url}/api/v1", headers={"Authorization": f"Bearer {token}"}, timeout=120
    )
    with (model_dir / "model.safetensors").open("rb") as w, (model_dir / "vocab.txt").open("rb") as v:
        model = api.post("/models", data={"name": "lstm-200"}, files={"weights": w, "vocab": v}).json()
    with (SHARED_DATA / "ptb.test.txt").open("rb") as f:
        corpus = api.post("/corpora", data={"name": "ptb", "format": "text"}, files={"file": f}).json()
    return model["id"], corpus["id"]


def second_token(stack: Stack, name: str) -> str:
    from services.database import session_scope
    from services.domain.users import create_user

    with session_scope(stack.database_url) as session:
        return create_user(session, name)[1]


def staged_files(stack: Stack) -> list[Path]:
    staging = stack.settings.data_dir / "artifacts" / "staging"
    return [p for p in staging.rglob("*") if p.is_file()] if staging.exists() else []


def anonymous_body(stack: Stack, size: int) -> tuple[str, int, float]:
    """POST /recordings with no token and a JSON body of `size` bytes, sent in 1 MB pieces until the
    server answers: (status, bytes sent by then, start time)."""
    host, port = stack.url.removeprefix("http://").split(":")
    head = (
        "POST /api/v1/recordings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {size}\r\n\r\n"
    ).encode()
    piece = b"x" * 1_000_000
    start = time.perf_counter()
    with socket.create_connection((host, int(port)), timeout=120) as sock:
        sock.sendall(head + b'{"model_id": 1, "corpus_id": 1, "padding": "')
        sent = 0
        while sent < size:
            if select.select([sock], [], [], 0)[0]:
                break  # an answer came before the whole body
            try:
                sock.sendall(piece[: size - sent])
            except OSError:
                break
            sent += len(piece[: size - sent])
        sock.settimeout(120)
        answer = sock.recv(100)
    return answer.split(b" ")[1].decode() if answer else "closed", sent, start


def oversized_body(stack: Stack, token: str, folder: Path) -> None:
    pids = sorted(p.pid for p in api_processes(stack))
    corpus = folder / "big.txt"
    line = (SHARED_DATA / "ptb.test.txt").read_text()
    with corpus.open("w") as f:
        while f.tell() < 30_000_000:
            f.write(line)
    upload: dict[str, object] = {}

    def other_user_uploads() -> None:
        with corpus.open("rb") as f:
            try:
                answer = httpx.post(
                    f"{stack.url}/api/v1/corpora",
                    headers={"Authorization": f"Bearer {token}"},
                    data={"name": "big", "format": "text"},
                    files={"file": f},
                    timeout=120,
                )
                upload["status"] = answer.status_code
            except httpx.HTTPError as exc:
                upload["status"] = type(exc).__name__

    thread = threading.Thread(target=other_user_uploads)
    thread.start()
    status, sent, start = anonymous_body(stack, 150_000_000)
    seconds = time.perf_counter() - start
    thread.join()
    time.sleep(1)
    replaced = sorted(p.pid for p in api_processes(stack)) != pids
    invalid = b'{"model_id": "' + b"x" * 10_000_000 + b'"}'
    start = time.perf_counter()
    try:
        reply = httpx.post(
            f"{stack.url}/api/v1/recordings",
            content=invalid,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
            timeout=120,
        )
        reply_bytes: object = len(reply.content)
        reply_status: object = reply.status_code
    except httpx.HTTPError as exc:
        reply_bytes, reply_status = 0, type(exc).__name__
    reply_seconds = time.perf_counter() - start
    print(
        f"oversized_body status={status} seconds_to_answer={seconds:.2f} "
        f"mb_sent_before_answer={sent / 1e6:.1f} "
        f"api_process_replaced={replaced} "
        f"other_upload={upload.get('status')} staged_files_left={len(staged_files(stack))} "
        f"invalid_10mb_status={reply_status} reply_bytes={reply_bytes} reply_seconds={reply_seconds:.1f}",
        flush=True,
    )


async def flood(
    stack: Stack, token: str, model_id: int, victim: str, victim_model: int, seconds: float
) -> None:
    words = (SHARED_DATA / "ptb.test.txt").read_text().split()
    text = " ".join(words[:6000])[:20_000]
    url = f"{stack.url}/api/v1/models/{model_id}/evaluate"
    statuses: dict[object, int] = {}
    async with httpx.AsyncClient(timeout=120, limits=httpx.Limits(max_connections=300)) as client:

        async def flooder() -> None:
            try:
                answer = await client.post(
                    url, json={"text": text}, headers={"Authorization": f"Bearer {token}"}
                )
                key: object = answer.status_code
            except httpx.HTTPError as exc:
                key = type(exc).__name__
            statuses[key] = statuses.get(key, 0) + 1

        flooders = [asyncio.create_task(flooder()) for _ in range(220)]
        await asyncio.sleep(1)
        latencies: list[float] = []
        failures = 0
        deadline = time.perf_counter() + seconds
        async with httpx.AsyncClient(timeout=120) as own:
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                answer = await own.post(
                    f"{stack.url}/api/v1/models/{victim_model}/evaluate",
                    json={"text": "the market fell"},
                    headers={"Authorization": f"Bearer {victim}"},
                )
                latencies.append(time.perf_counter() - start)
                failures += answer.status_code != 200
                await asyncio.sleep(max(0.0, 1 - latencies[-1]))
        await asyncio.gather(*flooders)
    if not latencies:
        latencies = [float("nan")]
    latencies.sort()
    print(
        f"flood other_user_calls={len(latencies)} other_user_failures={failures} "
        f"other_user_p50_s={latencies[len(latencies) // 2]:.2f} other_user_max_s={latencies[-1]:.2f} "
        f"flooder_statuses={dict(sorted(statuses.items(), key=str))}",
        flush=True,
    )


async def quota_race(stack: Stack, token: str, model_id: int, corpus_id: int) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=f"{stack.url}/api/v1", headers=headers, timeout=60) as client:
        answers = await asyncio.gather(
            *(
                client.post("/recordings", json={"model_id": model_id, "corpus_id": corpus_id})
                for _ in range(20)
            )
        )
    accepted = sum(a.status_code == 202 for a in answers)
    refused = sum(a.status_code == 429 for a in answers)
    print(f"quota_race requests=20 limit=4 accepted={accepted} refused_429={refused}", flush=True)


def torch_zip_bomb(folder: Path) -> io.BytesIO:
    """A real torch.save of a 1 GB tensor of zeros, its entries deflated: about 1 MB."""
    plain = folder / "plain.pt"
    torch.save({"encoder.weight": torch.zeros(250_000_000)}, plain)
    bomb = io.BytesIO()
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out,
    ):
        for info in source.infolist():
            with source.open(info) as entry, out.open(info.filename, "w", force_zip64=True) as copy:
                while chunk := entry.read(16 * 2**20):
                    copy.write(chunk)
    plain.unlink()
    return bomb


def zip_bomb(stack: Stack, token: str, folder: Path) -> None:
    bomb = torch_zip_bomb(folder)
    vocab = "\n".join(f"w{i}" for i in range(1000)).encode()
    peak = [sum(p.memory_info().rss for p in api_processes(stack))]
    base = peak[0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            with contextlib.suppress(psutil.Error):
                peak[0] = max(peak[0], sum(p.memory_info().rss for p in api_processes(stack)))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    start = time.perf_counter()
    answer = httpx.post(
        f"{stack.url}/api/v1/models",
        headers={"Authorization": f"Bearer {token}"},
        data={"name": "bomb"},
        files={"weights": ("model.pt", bomb.getvalue()), "vocab": ("vocab.txt", vocab)},
        timeout=120,
    )
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    print(
        f"zip_bomb file_bytes={len(bomb.getvalue())} status={answer.status_code} seconds={seconds:.2f} "
        f"api_memory_growth_mb={(peak[0] - base) / 1e6:.0f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flood-seconds", type=float, default=60)
    parser.add_argument("--only", choices=["body", "bomb", "flood", "quota"], help="one finding only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, running_stack() as (stack, token):
        folder = Path(tmp)
        api = httpx.Client(
            base_url=f"{stack.url}/api/v1", headers={"Authorization": f"Bearer {token}"}, timeout=120
        )
        model_dir = write_model(folder)
        model, corpus = upload_model_and_corpus(stack, token, model_dir)
        if args.only in (None, "body"):
            oversized_body(stack, token, folder)
        if args.only in (None, "bomb"):
            zip_bomb(stack, token, folder)
        if args.only in (None, "flood"):
            victim = second_token(stack, "victim")
            victim_model, _ = upload_model_and_corpus(stack, victim, model_dir)
            asyncio.run(flood(stack, token, model, victim, victim_model, args.flood_seconds))
        if args.only in (None, "quota"):
            racer = second_token(stack, "racer")
            asyncio.run(quota_race(stack, racer, *upload_model_and_corpus(stack, racer, model_dir)))
        for job in api.get("/jobs", params={"status": "queued"}).json()["items"]:
            wait(api, job["id"])


if __name__ == "__main__":
    main()
