"""Co-clustering speed: 1500 units x 1000 words, 10 co-clusters, with planted block structure;
then the scan over k (SPEC 9: k 2..12, 5 seeds) on the same matrix, its fits on two threads.

    .venv/bin/python benchmarks/coclustering.py [--no-scan]
Lines: seconds=<time of one fit> (target: under 2 s on this 2-core machine), then
scan_seconds=<time of the scan> (target: under 30 s), with the suggested k before it.
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np

from services.clustering import Cocluster
from services.clustering.trust import scan

UNITS, WORDS, CLUSTERS = 1500, 1000, 10


def planted_matrix(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    unit_labels = rng.integers(0, CLUSTERS, UNITS)
    word_labels = rng.integers(0, CLUSTERS, WORDS)
    matrix = rng.normal(0, 0.05, (WORDS, UNITS))
    signs = rng.choice([-1.0, 1.0], CLUSTERS)
    for k in range(CLUSTERS):
        matrix[np.ix_(word_labels == k, unit_labels == k)] += signs[k] * rng.uniform(0.3, 0.6)
    return matrix


def main() -> None:
    matrix = planted_matrix()
    Cocluster(CLUSTERS).fit(matrix[:100, :100])  # import and warm-up costs out of the timing
    times = []
    for seed in range(3):
        started = time.perf_counter()
        chips = Cocluster(n_clusters=CLUSTERS, mode="abs", random_state=seed).fit(matrix)
        times.append(time.perf_counter() - started)
    sizes = [len(c) for c in chips.unit_clusters_]
    print(f"{UNITS} units x {WORDS} words, {CLUSTERS} co-clusters: unit cluster sizes {sizes}")
    print(f"fit times: {', '.join(f'{t:.2f} s' for t in times)}")
    print(f"seconds={np.median(times):.3f}")
    if "--no-scan" in sys.argv:
        return
    workers = min(2, os.cpu_count() or 1)
    started = time.perf_counter()
    found = scan(matrix, "abs", k_min=2, k_max=12, seeds=5, n_jobs=workers)
    elapsed = time.perf_counter() - started
    for row in found["results"]:
        print(
            f"  k={row['k']:>2}  modularity {row['modularity_mean']:.3f} +- {row['modularity_std']:.3f}  "
            f"stability units {row['stability_units']:.2f} words {row['stability_words']:.2f}"
        )
    print(
        f"scan k 2..12 x 5 seeds, {workers} threads: suggested k {found['suggested_k']} (planted {CLUSTERS})"
    )
    print(f"scan_seconds={elapsed:.1f}")


if __name__ == "__main__":
    main()
