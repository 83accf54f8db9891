"""The worked example of docs/guide.md on chips across training (issue 34): when the PTB language
model's grammatical chips appear, and how stable they are afterwards. Everything goes through the
Python client.

    .venv/bin/python docs/examples/timeline.py [--out docs/guide/timeline-results.json]

Trains the guide's 2-layer LSTM language model (48 units, the ablation example's settings) on the
Penn Treebank validation text on the server, keeping its weights every 24 optimizer steps; follows
layer 1's h over the test text through every checkpoint (6 chips, the consensus of 5 seeds, so that a
chip seen to split is not one seed's noise), then reads, for three groups of words (prepositions,
numbers, the sentence end), which chip holds them at each checkpoint.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ablation import DATA, MODEL  # noqa: E402  (the same model as the worked ablation)
from sentiment import print_report, server  # noqa: E402  (the same embedded server)

K, SEEDS, EVERY = 6, 5, 24
GROUPS = {
    "prepositions": ["of", "in", "to", "for", "on", "at", "from", "by", "with", "into", "about", "than",
                     "over", "after", "under", "through", "between", "during", "against", "without"],
    "numbers": ["N", "million", "billion", "cents", "one", "two", "three", "five", "ten", "hundred"],
    "sentence end": ["<eos>"],
}  # fmt: skip
HELD = 0.5  # a group "has a chip" at a checkpoint when one word cloud holds at least this share of it


def group_course(timeline: Any, words: list[str]) -> dict[str, Any]:
    """Per checkpoint, the chip holding most of the group's words, its share and its track; the first
    step from which one chip holds at least HELD of them at every later checkpoint; and how often
    that chip's track stays the same from one checkpoint to the next afterwards."""
    paths = timeline.word_paths or {}
    present = [w for w in words if w in paths]
    course = []
    for t, point in enumerate(timeline.checkpoints or []):
        chips = Counter(paths[w][t] for w in present if paths[w][t] is not None)
        chip, held = chips.most_common(1)[0] if chips else (None, 0)
        track = next((c.track for c in point.chips if c.index == chip), None)
        course.append({"step": point.step, "chip": chip, "share": held / len(present), "track": track})
    steady = len(course)
    while steady > 0 and course[steady - 1]["share"] >= HELD:
        steady -= 1
    after = course[steady:]
    same = sum(a["track"] == b["track"] for a, b in zip(after, after[1:], strict=False))
    return {
        "words": present,
        "course": course,
        "held_from_step": after[0]["step"] if after else None,
        "same_track_after": f"{same} of {max(len(after) - 1, 0)}",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="save the numbers as JSON here")
    args = parser.parse_args()
    with server() as api:
        valid = api.upload_corpus("PTB valid", DATA / "ptb.valid.txt")
        test = api.upload_corpus("PTB test", DATA / "ptb.test.txt")
        options = {**MODEL, "checkpoint_every": EVERY, "checkpoint_by": "steps"}
        trained = api.train(valid.id, name="PTB LSTM 2x48", wait=True, **options)
        assert trained.model_id is not None
        series = api.checkpoints(trained.model_id)
        timeline = api.follow_chips(
            trained.model_id, test.id, layer=1, n_clusters=K, top_words=300, min_count=5,
            seeds=SEEDS, consensus=True, wait=True,
        )  # fmt: skip
        points = timeline.checkpoints or []
        events = Counter((e.checkpoint, e.kind) for e in timeline.events or [])
        report = {
            "model": {
                "options": options,
                "metrics": trained.metrics.model_dump(mode="json") if trained.metrics else None,
                "checkpoints": len(series),
            },
            "timeline_id": timeline.id,
            "threshold": timeline.threshold,
            "checkpoints": [
                {
                    "step": p.step,
                    "loss": p.loss,
                    "modularity": p.quality.get("modularity"),
                    "consensus_agreement": (p.stability or {}).get("consensus_agreement"),
                    "chips_with_units": sum(c.size > 0 for c in p.chips),
                    "events_to_next": {k: n for (t, k), n in events.items() if t == i},
                }
                for i, p in enumerate(points)
            ],
            "groups": {name: group_course(timeline, words) for name, words in GROUPS.items()},
            "events": [e.text for e in timeline.events or []],
        }
    return print_report(report, args.out)


if __name__ == "__main__":
    sys.exit(main())
