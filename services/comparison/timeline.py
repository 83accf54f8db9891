"""Memory chips followed across a model's checkpoints (issue 34).

Between two consecutive checkpoints a and b, every unit of b is given a predecessor in a: the unit
alignment of SPEC 6 (response profiles over the shared words, matched one to one by correlation)
and, for units of b left over when b has more units than a, the unit of a they correlate with
best. Chip i of a and chip j of b are then linked by the units of j whose predecessor is in i; the
chips are matched one to one on that overlap (Hungarian), which gives each chip a track it carries
through time. A link carrying at least EVENT_SHARE of a chip's units counts in its events: a chip
of b with no such link in is born, one with two or more is a merge; a chip of a with no such link
out dissolves, one with two or more splits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

# scipy (and the alignment that uses it) are imported by the functions that run in workers: the API
# imports this module for EVENT_SHARE, and its processes start without the numerical libraries

EVENT_SHARE = 0.3  # the share of a chip's units a link must carry to count in a birth, split, merge
WORDS_PER_CHIP = 20  # the words of each chip's cloud kept in the timeline's answer


@dataclass(frozen=True)
class Snapshot:
    """One checkpoint's co-clustering: the words and E[Δs | word] matrix [W, H] it read, its labels
    (-1: a unit or word left out because its row or column was all zero)."""

    words: list[str]
    matrix: np.ndarray
    unit_labels: np.ndarray  # [H]
    word_labels: np.ndarray  # [W]
    n_clusters: int


@dataclass(frozen=True)
class Link:
    source: int  # chip of the earlier checkpoint
    target: int  # chip of the later one
    units: int  # units of the target whose predecessor is in the source
    share_of_source: float  # of the units the source passes on (to any chip)
    share_of_target: float  # of the target's units that have a predecessor in a chip
    matched: bool  # the one-to-one match (Hungarian on units): the target continues the source

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "units": self.units,
            "share_of_source": round(self.share_of_source, 6),
            "share_of_target": round(self.share_of_target, 6),
            "matched": self.matched,
        }


@dataclass(frozen=True)
class Transition:
    """What happened between two consecutive checkpoints."""

    predecessor: np.ndarray  # [H_b]: each unit of b's unit in a
    correlation: np.ndarray  # [H_b]: the correlation of each unit with its predecessor
    links: list[Link]
    events: list[dict[str, Any]] = field(default_factory=list)


def unit_predecessors(a: Snapshot, b: Snapshot) -> tuple[np.ndarray, np.ndarray]:
    """Each unit of b's predecessor in a and their correlation over the words both co-clustered."""
    from services.comparison.alignment import align_units

    aligned = align_units(a.words, a.matrix, b.words, b.matrix)
    predecessor = np.full(b.matrix.shape[1], -1, dtype=np.int64)
    correlation = np.zeros(b.matrix.shape[1])
    for unit_a, unit_b, r in aligned.pairs:
        predecessor[unit_b], correlation[unit_b] = unit_a, r
    for unit_b in np.flatnonzero(
        predecessor < 0
    ).tolist():  # b has more units than a: the best-correlated one
        best = int(np.argmax(aligned.correlation[:, unit_b]))
        predecessor[unit_b], correlation[unit_b] = best, float(aligned.correlation[best, unit_b])
    return predecessor, correlation


def link_chips(a: Snapshot, b: Snapshot, predecessor: np.ndarray) -> list[Link]:
    """Every pair of chips that share units, with the one-to-one match marked."""
    from scipy.optimize import linear_sum_assignment

    overlap = np.zeros((a.n_clusters, b.n_clusters), dtype=np.int64)
    for unit_b, unit_a in enumerate(predecessor):
        i, j = int(a.unit_labels[unit_a]), int(b.unit_labels[unit_b])
        if i >= 0 and j >= 0:
            overlap[i, j] += 1
    sent, received = overlap.sum(axis=1), overlap.sum(axis=0)
    rows, cols = linear_sum_assignment(overlap, maximize=True)
    matched = {(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if overlap[i, j] > 0}
    return [
        Link(
            int(i),
            int(j),
            int(overlap[i, j]),
            overlap[i, j] / sent[i],
            overlap[i, j] / received[j],
            (int(i), int(j)) in matched,
        )
        for i, j in zip(*np.nonzero(overlap), strict=True)
    ]


def events_of(
    links: list[Link], sources: list[int], targets: list[int], threshold: float
) -> list[dict[str, Any]]:
    """Births, splits, merges and dissolutions, in words, from the links that carry a share; sources
    and targets: the chips that hold units (a word cloud whose chip got no unit has no memory to follow)."""
    into = {
        j: [link for link in links if link.target == j and link.share_of_target >= threshold] for j in targets
    }
    out_of = {
        i: [link for link in links if link.source == i and link.share_of_source >= threshold] for i in sources
    }
    found: list[dict[str, Any]] = []
    for i, outs in out_of.items():
        if not outs:
            found.append(
                {
                    "kind": "dissolves",
                    "sources": [i],
                    "targets": [],
                    "text": f"chip {i} dissolves: no later chip takes {threshold:.0%} of its units",
                }
            )
        elif len(outs) > 1:
            parts = ", ".join(f"{o.target} ({o.share_of_source:.0%})" for o in outs)
            found.append(
                {
                    "kind": "split",
                    "sources": [i],
                    "targets": [o.target for o in outs],
                    "text": f"chip {i} splits into chips {parts}",
                }
            )
    for j, ins in into.items():
        if not ins:
            found.append(
                {
                    "kind": "born",
                    "sources": [],
                    "targets": [j],
                    "text": f"chip {j} is born: no earlier chip gave {threshold:.0%} of its units",
                }
            )
        elif len(ins) > 1:
            parts = ", ".join(f"{o.source} ({o.share_of_target:.0%})" for o in ins)
            found.append(
                {
                    "kind": "merge",
                    "sources": [o.source for o in ins],
                    "targets": [j],
                    "text": f"chips {parts} merge into chip {j}",
                }
            )
    return found


def transition(a: Snapshot, b: Snapshot, threshold: float = EVENT_SHARE) -> Transition:
    predecessor, correlation = unit_predecessors(a, b)
    links = link_chips(a, b, predecessor)
    held = [sorted({int(x) for x in s.unit_labels if x >= 0}) for s in (a, b)]
    return Transition(predecessor, correlation, links, events_of(links, held[0], held[1], threshold))


def tracks(snapshots: list[Snapshot], transitions: list[Transition], threshold: float) -> list[list[int]]:
    """Each chip's track: the track of the chip it continues (its one-to-one match, when that link
    carries the threshold's share of it), else a new one."""
    found = [list(range(snapshots[0].n_clusters))]
    next_track = snapshots[0].n_clusters
    for step, moved in enumerate(transitions, start=1):
        here = []
        for j in range(snapshots[step].n_clusters):
            link = next((x for x in moved.links if x.target == j and x.matched), None)
            if link is not None and link.share_of_target >= threshold:
                here.append(found[step - 1][link.source])
            else:
                here.append(next_track)
                next_track += 1
        found.append(here)
    return found


def word_paths(snapshots: list[Snapshot], words: list[str]) -> dict[str, list[int | None]]:
    """Per word, the chip that holds it at each checkpoint (None: not co-clustered there)."""
    labels = [dict(zip(s.words, s.word_labels.tolist(), strict=True)) for s in snapshots]
    return {w: [(lab[w] if lab.get(w, -1) >= 0 else None) for lab in labels] for w in words}


def chips_of(snapshot: Snapshot, word_strength: np.ndarray | None, track: list[int]) -> list[dict[str, Any]]:
    """Each chip as the timeline shows it: its units, its cloud's strongest words, its track."""
    order = np.argsort(-word_strength) if word_strength is not None else np.arange(len(snapshot.words))
    chips = []
    for i in range(snapshot.n_clusters):
        units = np.flatnonzero(snapshot.unit_labels == i)
        words = [snapshot.words[w] for w in order if snapshot.word_labels[w] == i][:WORDS_PER_CHIP]
        chips.append(
            {
                "index": i,
                "track": track[i],
                "size": len(units),
                "units": units.tolist(),
                "words": int(np.sum(snapshot.word_labels == i)),
                "top_words": words,
            }
        )
    return chips
