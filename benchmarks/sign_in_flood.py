"""Unauthenticated sign-ins against `rnnvis serve` while another user reads (issue 28, point 7).

Each wrong password costs an argon2 hash (64 MiB, tens of milliseconds of a core). The probe had
12 parallel bad sign-ins take another user's p50 from 34 to 301 ms and the API up by 730 MB: the
hashes ran on the threads that serve every request, while holding database connections. Now they
run in a pool of two per API process, after the cheap throttles, outside any connection.

Measured in one run: another user's GET /api/v1/me, one after another, idle and then while
`--flooders` threads send bad sign-ins as fast as they can, each from a new address (the server
trusts 127.0.0.1 as a proxy, so X-Forwarded-For names it: no address reaches its failure limit,
every sign-in is hashed: the worst case); the API processes' memory; the sign-ins' answers.

    .venv/bin/python -m benchmarks.sign_in_flood [--seconds 20] [--flooders 12]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import threading
import time
from collections import Counter

import httpx
import psutil

from benchmarks.service_stack import running_stack
from runtime.stack import Stack


def api_memory_mb(stack: Stack) -> float:
    """Resident memory of the API's processes (uvicorn's main one and its workers), in MB."""
    main = psutil.Process(stack.children["api"].pid)
    return sum(p.memory_info().rss for p in [main, *main.children(recursive=True)]) / 1e6


def reads(url: str, token: str, seconds: float) -> list[float]:
    """Latencies (ms) of GET /me, one after another, for `seconds`."""
    took = []
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            started = time.perf_counter()
            client.get("/api/v1/me").raise_for_status()
            took.append((time.perf_counter() - started) * 1000)
    return took


def figures(took: list[float]) -> str:
    cuts = statistics.quantiles(took, n=20)
    return f"p50_ms={statistics.median(took):.1f} p95_ms={cuts[18]:.1f} n={len(took)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--flooders", type=int, default=12)
    args = parser.parse_args()
    with running_stack(trusted_proxies="127.0.0.1") as (stack, token):
        idle = reads(stack.url, token, args.seconds / 2)
        memory_idle = api_memory_mb(stack)
        print(f"idle: {figures(idle)} api_rss_mb={memory_idle:.0f}", flush=True)

        answers: Counter[int] = Counter()
        counter = itertools.count()
        stop = threading.Event()
        peak = [memory_idle]

        def flood() -> None:
            with httpx.Client(base_url=stack.url, timeout=60) as client:
                while not stop.is_set():
                    n = next(counter)
                    address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
                    answer = client.post(
                        "/api/v1/session",
                        json={"name": f"nobody-{n}", "password": "a wrong guess"},
                        headers={"X-Forwarded-For": address},
                    )
                    answers[answer.status_code] += 1

        def watch() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], api_memory_mb(stack))
                time.sleep(0.2)

        threads = [threading.Thread(target=flood) for _ in range(args.flooders)] + [
            threading.Thread(target=watch)
        ]
        for thread in threads:
            thread.start()
        time.sleep(1)  # the flood under way
        started = time.monotonic()
        busy = reads(stack.url, token, args.seconds)
        elapsed = time.monotonic() - started
        stop.set()
        for thread in threads:
            thread.join()
        total = sum(answers.values())
        print(
            f"flood of {args.flooders}: {figures(busy)} api_rss_peak_mb={peak[0]:.0f} "
            f"p50_ratio={statistics.median(busy) / statistics.median(idle):.1f} "
            f"sign_ins_per_s={total / (elapsed + 1):.1f} answers={dict(sorted(answers.items()))}",
            flush=True,
        )


if __name__ == "__main__":
    main()
