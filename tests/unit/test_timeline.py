"""Chips followed across checkpoints (services/comparison/timeline.py) on a constructed series whose
answer is known: a matrix with planted chips, the same matrix with its units permuted (the function
unchanged: every chip continues, and the unit map is the permutation), then one chip's units
duplicated into a second chip (each duplicate responds as its original, as a unit whose outgoing
weights are halved between two copies does): that chip splits, 50 % and 50 %, and nothing else
happens."""

from __future__ import annotations

import numpy as np
import pytest

from services.comparison.timeline import EVENT_SHARE, Snapshot, events_of, tracks, transition, word_paths

K, UNITS_PER_CHIP, WORDS_PER_CLOUD = 4, 6, 10


def planted(rng: np.random.Generator) -> Snapshot:
    """Chip i's units respond strongly to cloud i's words, weakly to the rest (noise)."""
    units, words = np.repeat(np.arange(K), UNITS_PER_CHIP), np.repeat(np.arange(K), WORDS_PER_CLOUD)
    matrix = rng.normal(0, 0.05, (len(words), len(units)))
    for i in range(K):
        matrix[np.ix_(words == i, units == i)] += rng.normal(
            1.0, 0.3, ((words == i).sum(), (units == i).sum())
        )
    names = [f"w{j}" for j in range(len(words))]
    return Snapshot(names, matrix, units, words, K)


def permuted(s: Snapshot, order: np.ndarray) -> Snapshot:
    return Snapshot(s.words, s.matrix[:, order], s.unit_labels[order], s.word_labels, s.n_clusters)


def with_duplicates(s: Snapshot, chip: int) -> Snapshot:
    """Every unit of `chip` gets a copy (same responses), and the copies form a new chip K."""
    copies = np.flatnonzero(s.unit_labels == chip)
    matrix = np.concatenate([s.matrix, s.matrix[:, copies]], axis=1)
    labels = np.concatenate([s.unit_labels, np.full(len(copies), s.n_clusters)])
    return Snapshot(s.words, matrix, labels, s.word_labels, s.n_clusters + 1)


@pytest.fixture
def series() -> tuple[Snapshot, Snapshot, Snapshot, np.ndarray]:
    rng = np.random.default_rng(7)
    first = planted(rng)
    order = rng.permutation(K * UNITS_PER_CHIP)
    second = permuted(first, order)
    return first, second, with_duplicates(second, chip=2), order


def test_a_permutation_is_found_exactly_and_every_chip_continues(series: tuple) -> None:
    first, second, _, order = series
    moved = transition(first, second)
    assert moved.predecessor.tolist() == order.tolist()  # unit p of the second is unit order[p] of the first
    assert np.allclose(moved.correlation, 1.0)
    found = sorted(
        (x.source, x.target, x.units, x.share_of_source, x.share_of_target, x.matched) for x in moved.links
    )
    assert found == [(i, i, UNITS_PER_CHIP, 1.0, 1.0, True) for i in range(K)]
    assert moved.events == []


def test_a_chip_duplicated_into_two_halves_splits_and_nothing_else_happens(series: tuple) -> None:
    _, second, third, _ = series
    moved = transition(second, third)
    originals = np.flatnonzero(second.unit_labels == 2)
    # the originals keep their places; each copy's predecessor is the unit it copies
    assert moved.predecessor[: second.matrix.shape[1]].tolist() == list(range(second.matrix.shape[1]))
    assert moved.predecessor[second.matrix.shape[1] :].tolist() == originals.tolist()
    links = {(x.source, x.target): x for x in moved.links}
    assert set(links) == {(0, 0), (1, 1), (2, 2), (3, 3), (2, K)}
    assert (links[2, 2].share_of_source, links[2, K].share_of_source) == (0.5, 0.5)
    assert links[2, 2].matched and not links[2, K].matched
    assert [(e["kind"], e["sources"], e["targets"]) for e in moved.events] == [("split", [2], [2, K])]
    assert moved.events[0]["text"] == f"chip 2 splits into chips 2 (50%), {K} (50%)"


def test_tracks_follow_the_matched_chips_and_a_split_off_half_starts_its_own(series: tuple) -> None:
    first, second, third, _ = series
    moves = [transition(first, second), transition(second, third)]
    assert tracks([first, second, third], moves, EVENT_SHARE) == [[0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3, 4]]


def test_births_merges_and_dissolutions_are_named_with_the_threshold() -> None:
    from services.comparison.timeline import Link

    links = [
        Link(0, 0, 5, 0.8, 0.5, True),  # chips 0 and 1 merge into 0
        Link(1, 0, 5, 1.0, 0.5, False),
        Link(0, 1, 1, 0.2, 0.2, False),  # chip 1 of the later checkpoint: mostly from nowhere
        Link(2, 1, 1, 0.1, 0.2, True),  # chip 2 passes on too little: it dissolves
    ]
    kinds = {
        (e["kind"], tuple(e["sources"]), tuple(e["targets"]))
        for e in events_of(links, [0, 1, 2], [0, 1], 0.3)
    }
    assert kinds == {("merge", (0, 1), (0,)), ("born", (), (1,)), ("dissolves", (2,), ())}
    assert all(
        "30%" in e["text"]
        for e in events_of(links, [0, 1, 2], [0, 1], 0.3)
        if e["kind"] in ("born", "dissolves")
    )


def test_a_word_path_names_its_chip_at_each_checkpoint(series: tuple) -> None:
    first, second, third, _ = series
    paths = word_paths([first, second, third], ["w0", "w25"])
    assert paths == {"w0": [0, 0, 0], "w25": [2, 2, 2]}
