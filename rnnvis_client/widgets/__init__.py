"""Notebook widgets: the web client's views in a notebook's output (JupyterLab, VS Code, Colab).

    from rnnvis_client import Client, CoclusterWidget
    api = Client()
    chips = CoclusterWidget(api, 12)   # a co-clustering's id
    chips                              # drawn; click a chip, a word or a unit
    chips.selected_chip, chips.chip_words

Each widget reads its record with the client (the kernel holds the token; the page asks the server
nothing) and draws it with the web client's own D3 code: rnnvis-widgets.js beside this file is built
from web/src/widgets/main.ts (`make widgets`), never edited here. Needs `pip install
rnnvis-client[notebook]` (anywidget); no server extension.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets

from rnnvis_client.views import cocluster_view, sentence_view, timeline_view, unit_view

if TYPE_CHECKING:
    from rnnvis_client.client import Client

BUNDLE = Path(__file__).with_name("rnnvis-widgets.js")
DRAWN_HEIGHT = 620  # the co-cluster chart's room in a notebook's output (its clouds show fewer words to fit)


class _Widget(anywidget.AnyWidget):
    _esm = BUNDLE
    kind = traitlets.Unicode().tag(sync=True)
    data = traitlets.Dict().tag(sync=True)


class CoclusterWidget(_Widget):
    """A co-clustering's memory chips and word clouds (the co-cluster view). Clicking a chip sets
    `selected_chip` (and `chip_words`, `chip_units`); a word sets `selected_word` and colours the
    units by their response to it; a unit sets `selected_unit`. Setting `selected_chip` from Python
    highlights that chip."""

    selected_chip = traitlets.Int(None, allow_none=True).tag(sync=True)
    selected_word = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    selected_unit = traitlets.Int(None, allow_none=True).tag(sync=True)
    height = traitlets.Int(DRAWN_HEIGHT).tag(sync=True)

    def __init__(self, client: Client, coclustering_id: int, **kwargs: Any) -> None:
        self._client = client
        super().__init__(kind="cocluster", data=cocluster_view(client._api, coclustering_id), **kwargs)

    @property
    def coclustering(self) -> dict[str, Any]:
        return dict(self.data["coclustering"])

    @property
    def chip_units(self) -> list[int]:
        """The units of the selected chip ([] when none is selected)."""
        if self.selected_chip is None:
            return []
        return list(self.coclustering["unit_clusters"][self.selected_chip])

    @property
    def chip_words(self) -> list[str]:
        """The selected chip's cloud, strongest word first ([] when none is selected)."""
        if self.selected_chip is None:
            return []
        co = self.coclustering
        members = co["word_clusters"][self.selected_chip]
        strength = co.get("word_strength") or [0.0] * len(co["words"])
        return [co["words"][w] for w in sorted(members, key=lambda w: -abs(strength[w]))]

    @traitlets.observe("selected_word")
    def _read_response(self, change: dict[str, Any]) -> None:
        word = change["new"]
        co = self.coclustering
        responses = []
        if word is not None:
            answer = self._client.response(co["recording_id"], word, layer=co["layer"], state=co["state"])
            responses = [{"word": word, "mean": answer.mean.tolist()}]
        self.data = {**self.data, "responses": responses}


class UnitWidget(_Widget):
    """One unit's strongest words with the spread of its response to each (the unit view), and how
    long it keeps them where the recording kept a trace. Clicking a word sets `selected_word`."""

    selected_word = traitlets.Unicode(None, allow_none=True).tag(sync=True)

    def __init__(
        self,
        client: Client,
        recording_id: int,
        unit: int,
        *,
        layer: int | None = None,
        state: str | None = None,
        k: int | None = None,
        **kwargs: Any,
    ) -> None:
        data = unit_view(client._api, recording_id, unit, layer, state, k)
        super().__init__(kind="unit", data=data, **kwargs)


class SentenceWidget(_Widget):
    """A text read by a model (the sentence view): a glyph per word per memory chip of the
    co-clustering, and each word's share of the output's logit. Clicking a chip's row sets
    `selected_chip`, a word's glyph `selected_step`."""

    selected_chip = traitlets.Int(None, allow_none=True).tag(sync=True)
    selected_step = traitlets.Int(None, allow_none=True).tag(sync=True)

    def __init__(
        self,
        client: Client,
        model_id: int,
        text: str,
        *,
        coclustering_id: int | None = None,
        output: int | None = None,
        **kwargs: Any,
    ) -> None:
        data = sentence_view(client._api, model_id, text, coclustering_id, output)
        super().__init__(kind="sentence", data=data, **kwargs)

    @property
    def tokens(self) -> list[str]:
        return list(self.data["evaluation"]["tokens"])


class TimelineWidget(_Widget):
    """Memory chips across a model's checkpoints (the timeline view). Clicking a chip sets
    `selected_chip` to [checkpoint index, chip]; `selected_word` draws that word's path."""

    selected_chip: traitlets.List[int] = traitlets.List(None, allow_none=True).tag(sync=True)
    selected_word = traitlets.Unicode(None, allow_none=True).tag(sync=True)

    def __init__(self, client: Client, timeline_id: int, **kwargs: Any) -> None:
        super().__init__(kind="timeline", data=timeline_view(client._api, timeline_id), **kwargs)

    @property
    def chip_words(self) -> list[str]:
        """The selected chip's strongest words at its checkpoint ([] when none is selected)."""
        if not self.selected_chip:
            return []
        t, chip = self.selected_chip
        chips = self.data["checkpoints"][t]["chips"]
        return next((list(c["top_words"]) for c in chips if c["index"] == chip), [])


__all__ = ["CoclusterWidget", "SentenceWidget", "TimelineWidget", "UnitWidget"]
