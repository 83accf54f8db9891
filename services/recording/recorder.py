"""A recording (SPEC 3): one model reads one corpus; per-word response statistics are kept, never states."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from services.corpora.encoding import (
    CorpusScan,
    Encoder,
    Sequence,
    SequenceSource,
    TokenEncoder,
    TokenizerJsonEncoder,
)
from services.errors import Cancelled, UserError
from services.models.batching import WINDOW_BATCHES, longest_first, pad, windows
from services.models.loading import LoadedModel
from services.models.modern.network import ModernNetwork
from services.models.network import RNNModel, build_network
from services.recording.accumulator import ResponseAccumulator
from services.recording.channels import Channel, check_classic_options
from services.recording.modern import iter_responses, modern_channels, tap_layers
from services.recording.sampling import SAMPLE_SIZE, TOP_WORDS, QuantilePlan
from services.recording.statistics import ResponseStatistics
from services.recording.taps import channels_for, gate_values, iter_states
from services.recording.trace import check_trace
from services.recording.trace_accumulator import TraceAccumulator

ProgressCallback = Callable[[int, int], None]  # (tokens done, tokens in all)
StopCheck = Callable[[], bool]


@dataclass(frozen=True)
class RecordingOptions:
    sequence_mode: str = "lines"
    segment_length: int = 1000
    max_tokens: int | None = None
    top_words: int = TOP_WORDS
    gates: bool = False
    seed: int = 0
    sample_size: int = SAMPLE_SIZE
    batch_size: int = 512  # sequences; the fused kernel called step by step needs wide batches
    chunk_tokens: int = 16384  # states held at once: batch x steps of a chunk
    tokenizer: str | None = None  # None: the model's own
    lowercase: bool | None = None
    # SPEC 11 models only: the layers recorded (None: all with a state) and the lags of each response
    layers: tuple[int, ...] | None = None
    lags: tuple[int, ...] | None = None  # None: (0,), each step's own response
    trace: int = 0  # SPEC 13: also keep each state k = 0..trace steps after each top word

    def __post_init__(self) -> None:  # stored options come back from JSON as lists
        if self.lags is not None:
            object.__setattr__(self, "lags", tuple(self.lags))
        if self.layers is not None:
            object.__setattr__(self, "layers", tuple(self.layers))

    @property
    def lag_list(self) -> tuple[int, ...]:
        return self.lags if self.lags is not None else (0,)


@dataclass
class RecordingResult:
    """What recording a corpus gives: the statistics, the vocabulary that names their word ids, and the
    corpus's counts (stored as a `recordings` row, services.database.tables.Recording, and its statistics)."""

    statistics: ResponseStatistics
    vocab: list[str]
    num_sequences: int
    tokens: int
    unk_tokens: int
    dropped_tokens: int
    options: RecordingOptions = field(default_factory=RecordingOptions)

    def words(self, ids: np.ndarray) -> list[str]:
        return [self.vocab[int(i)] for i in ids]


def default_device() -> torch.device:
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def open_corpus(
    model: LoadedModel, path: str | Path, fmt: str, options: RecordingOptions, sha256: str | None = None
) -> SequenceSource:
    encoder: Encoder
    if model.tokenizer_json is not None:
        if options.tokenizer not in (None, "tokenizer.json") or options.lowercase:
            raise UserError(
                "a model with its own tokenizer.json reads text with it (no tokenizer or lowercase option)"
            )
        encoder = TokenizerJsonEncoder(model.vocab, model.tokenizer_json, model.eos)
    else:
        encoder = TokenEncoder(
            model.vocab,
            tokenizer=options.tokenizer or model.spec.tokenizer,
            lowercase=model.spec.lowercase if options.lowercase is None else options.lowercase,
        )
    return SequenceSource(
        path, encoder, fmt, options.sequence_mode, options.segment_length, options.max_tokens, sha256
    )


def record(
    model: LoadedModel,
    corpus: str | Path,
    fmt: str = "text",
    options: RecordingOptions | None = None,
    device: str | torch.device | None = None,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
    corpus_sha256: str | None = None,
) -> RecordingResult:
    """Scan the corpus (counts, the quantile plan), then read it with the model and keep statistics.

    corpus_sha256: the corpus file's checksum when stored, checked in the scan (CorpusChanged)."""
    options = options or RecordingOptions()
    source = open_corpus(model, corpus, fmt, options, corpus_sha256)
    return record_scanned(model, source, source.scan(), options, device, progress, should_stop)


def record_scanned(
    model: LoadedModel,
    source: SequenceSource,
    scan: CorpusScan,
    options: RecordingOptions,
    device: str | torch.device | None = None,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> RecordingResult:
    """record() once the counting pass (scan) is done."""
    device = torch.device(device) if device is not None else default_device()
    network = recording_network(model, device)
    plan = QuantilePlan(scan.word_counts, options.top_words, options.sample_size, options.seed)
    accumulator = new_accumulator(network, scan.word_counts, plan, options, device)
    record_into(
        network,
        source,
        plan,
        accumulator,
        options,
        total_tokens=scan.tokens,
        progress=progress,
        should_stop=should_stop,
    )
    return RecordingResult(
        statistics=accumulator.result(),
        vocab=model.vocab,
        num_sequences=scan.num_sequences,
        tokens=scan.tokens,
        unk_tokens=scan.unk_tokens,
        dropped_tokens=scan.dropped_tokens,
        options=options,
    )


Network = RNNModel | ModernNetwork  # what a recording reads with


def recording_network(model: LoadedModel, device: str | torch.device = "cpu") -> Network:
    """The network that records the model: PyTorch's fused cell stepped (SPEC 1 models) or the
    stepped recurrence of its model_type (SPEC 11)."""
    if model.is_modern:
        from services.models.modern.network import ModernNetwork

        return ModernNetwork(model, device)
    return build_network(model, device)


def recorded_channels(network: Network, options: RecordingOptions) -> list[Channel]:
    """The channels a recording keeps, in the order of its responses' columns."""
    if isinstance(network, RNNModel):
        check_classic_options(network.spec.cell, options.layers, options.lag_list)
        return channels_for(network, options.gates)
    if options.gates:
        raise UserError(f"gates are recorded for LSTM and GRU models, not for {network.spec.cell}")
    return modern_channels(network, options.layers, options.lag_list)


def traced_channels(network: Network, options: RecordingOptions) -> list[Channel]:
    """The channels whose states a trace keeps (SPEC 13): every recorded layer's states, no gates, no
    lags (a trace reads the state itself), in the order of the network's state taps."""
    if isinstance(network, RNNModel):
        spec = network.spec
        return [Channel(layer, name) for layer in range(spec.num_layers) for name in spec.state_names]
    return [Channel(layer, name) for layer in tap_layers(network, options.layers) for name in network.states]


def new_accumulator(
    network: Network,
    word_counts: np.ndarray,
    plan: QuantilePlan,
    options: RecordingOptions,
    device: str | torch.device,
) -> ResponseAccumulator:
    """An empty accumulator for a corpus's words (and its trace, when options.trace > 0)."""
    hidden = network.spec.hidden_size
    trace = None
    if check_trace(options.trace):
        trace = TraceAccumulator(
            plan.word_ids, len(word_counts), options.trace, traced_channels(network, options), hidden, device
        )
    return ResponseAccumulator(word_counts, recorded_channels(network, options), hidden, plan, device, trace)


def record_into(
    network: Network,
    sequences: Iterable[Sequence],
    plan: QuantilePlan,
    accumulator: ResponseAccumulator,
    options: RecordingOptions,
    occurrence_offset: np.ndarray | None = None,
    total_tokens: int = 0,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
    batches: tuple[int, int] | None = None,
) -> int:
    """Feed sequences (in corpus order) through the network into the accumulator; returns tokens read.

    occurrence_offset [V]: each word's occurrences in the parts of the corpus before these sequences,
    when a corpus is recorded in parts (zero for a whole corpus).
    batches (skip, count): record only these of the batches formed (a shard, services.recording.shards).
    """
    vocab_size = len(plan.row_of_word)
    seen = np.zeros(vocab_size, np.int64) if occurrence_offset is None else occurrence_offset.copy()
    skip, count = batches if batches is not None else (0, None)
    done = 0
    workspace = Workspace()
    with torch.inference_mode():
        for number, batch in enumerate(batch_sequences(sequences, plan, seen, options.batch_size)):
            if number < skip:
                continue
            if count is not None and number >= skip + count:
                break
            if should_stop is not None and should_stop():
                raise Cancelled("recording stopped on request")
            if isinstance(network, RNNModel):
                done += _record_batch(network, batch, accumulator, options, workspace)
            else:
                done += _record_modern_batch(network, batch, accumulator, options)
            if progress is not None:
                progress(done, max(total_tokens, done))
    return done


Batch = list[tuple[np.ndarray, np.ndarray]]  # (token ids, quantile slots) per sequence, longest first


def batch_sequences(
    sequences: Iterable[Sequence], plan: QuantilePlan, seen: np.ndarray, batch_size: int
) -> Iterator[Batch]:
    """Batches of (ids, slots), sorted by length within windows to keep padding small.

    seen [V]: occurrences of each word before these sequences; advanced in place.
    """
    for window in windows((seq.ids for seq in sequences), batch_size * WINDOW_BATCHES):
        slots = plan.assign(window, seen)  # in corpus order, before the window is sorted
        yield from longest_first(list(zip(window, slots, strict=True)), batch_size, lambda pair: len(pair[0]))


class Workspace:
    """Large scratch tensors kept between batches: fresh allocations of this size cost page faults."""

    def __init__(self) -> None:
        self._tensors: dict[str, torch.Tensor] = {}

    def take(
        self, name: str, numel: int, device: torch.device, dtype: torch.dtype = torch.float32
    ) -> torch.Tensor:
        held = self._tensors.get(name)
        if held is None or held.numel() < numel or held.device != device or held.dtype != dtype:
            held = torch.empty(numel, device=device, dtype=dtype)
            self._tensors[name] = held
        return held[:numel]


def pad_batch(batch: Batch) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """-> tokens [batch, time] (padded with id 0), slots [batch, time] (-1 past the end), lengths [batch]."""
    tokens, lengths = pad([ids for ids, _ in batch])
    slots, _ = pad([slot for _, slot in batch], fill=-1)
    return tokens, slots, lengths


def _record_batch(
    network: RNNModel,
    batch: Batch,
    accumulator: ResponseAccumulator,
    options: RecordingOptions,
    workspace: Workspace,
) -> int:
    """Run one batch (sorted longest first) and add its responses to the accumulator."""
    device = network.encoder.weight.device
    tokens, slots, lengths = pad_batch(batch)
    size, steps = tokens.shape
    # time-major, like the state buffer: row t holds every sequence's step t
    tokens_tm, slots_tm = tokens.t().contiguous().to(device), slots.t().contiguous().to(device)
    valid_tm = (torch.arange(steps).unsqueeze(1) < lengths.unsqueeze(0)).to(device)  # [time, batch]
    chunk_steps = max(1, options.chunk_tokens // size)
    with_gates = options.gates and bool(network.spec.gate_state_names)
    spec = network.spec
    width = spec.num_layers * len(spec.state_names) * spec.hidden_size
    # Sized for a full batch and chunk whatever this batch needs, so memory is the same for any corpus.
    full = max(1, options.chunk_tokens // options.batch_size) * options.batch_size
    states_space = workspace.take(
        "states", max(full + options.batch_size, (chunk_steps + 1) * size) * width, device
    )
    out_space = workspace.take("responses", max(full, chunk_steps * size) * width, device)
    for t0, states in iter_states(network, tokens.to(device), chunk_steps, lengths, states_space):
        t1 = t0 + states.shape[0] - 1
        if accumulator.trace is not None:  # the states themselves, before they become responses
            accumulator.trace.update(states[1:].flatten(2), t0, tokens_tm, valid_tm)
        rows = valid_tm[t0:t1].flatten().nonzero().squeeze(1)  # valid (step, sequence) pairs
        flat = states.flatten(2)  # [1 + steps, batch, width], a view
        words = tokens_tm[t0:t1].flatten().index_select(0, rows)
        slots = slots_tm[t0:t1].flatten().index_select(0, rows)
        out = out_space[: len(rows) * width].view(len(rows), width)
        if with_gates:
            shape = (-1, *states.shape[2:])
            current = flat[1:].flatten(0, 1).index_select(0, rows)
            before = flat[:-1].flatten(0, 1).index_select(0, rows)
            gates = _gates(network, words, current.view(shape), before.view(shape))
            # channel order: per layer, its states then its gates
            responses = torch.cat([current.sub_(before).view(shape), gates], dim=2).flatten(1)
        else:
            carry = flat[-1].clone()
            for t in range(flat.shape[0] - 1, 0, -1):  # in place, last step first: s_t - s_{t-1}
                flat[t].sub_(flat[t - 1])
            # index_select copies whole rows: far cheaper than boolean-mask indexing
            responses = torch.index_select(flat[1:].flatten(0, 1), 0, rows, out=out)
            flat[-1].copy_(carry)  # the next chunk starts from the last state, not its response
        accumulator.update(words, responses, slots)
    return int(lengths.sum())


def _record_modern_batch(
    network: ModernNetwork, batch: Batch, accumulator: ResponseAccumulator, options: RecordingOptions
) -> int:
    """Run one batch of a SPEC 11 model and add its responses (every lag) to the accumulator."""
    device = network.device
    tokens, slots, lengths = pad_batch(batch)
    tokens_tm, slots_tm = tokens.t().contiguous().to(device), slots.t().contiguous().to(device)
    valid_tm = (torch.arange(tokens.shape[1]).unsqueeze(1) < lengths.unsqueeze(0)).to(device)
    trace = accumulator.trace
    on_states = None if trace is None else lambda t0, states: trace.update(states, t0, tokens_tm, valid_tm)
    for t0, responses in iter_responses(
        network, tokens.to(device), lengths, options.layers, options.lag_list, on_states
    ):
        t1 = t0 + responses.shape[0]
        rows = valid_tm[t0:t1].flatten().nonzero().squeeze(1)  # valid (step, sequence) pairs
        words = tokens_tm[t0:t1].flatten().index_select(0, rows)
        accumulator.update(
            words,
            responses.flatten(2).flatten(0, 1).index_select(0, rows),
            slots_tm[t0:t1].flatten().index_select(0, rows),
        )
    return int(lengths.sum())


def _gates(
    network: RNNModel, words: torch.Tensor, states: torch.Tensor, before: torch.Tensor
) -> torch.Tensor:
    """Gate values [N, layers, gates, hidden] from each layer's input and its h one step earlier.

    words [N], states and before [N, layers, states, hidden]: the states at each step and one step earlier.
    """
    per_layer = []
    for layer in range(network.spec.num_layers):
        layer_input = network.encoder(words) if layer == 0 else states[:, layer - 1, 0]
        per_layer.append(gate_values(network, layer_input, before[:, layer, 0], layer))
    return torch.stack(per_layer, dim=1)
