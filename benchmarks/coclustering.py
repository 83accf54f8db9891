"""Co-clustering speed: 1500 units x 1000 words, 10 co-clusters, with planted block structure.

    .venv/bin/python benchmarks/coclustering.py
Last line: seconds=<time of one fit> (target: under 2 s on this 2-core machine)
"""

from __future__ import annotations

import time

import numpy as np

from services.clustering import Cocluster

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


if __name__ == "__main__":
    main()
