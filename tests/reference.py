"""An independent float64 numpy implementation of the RNN cells, written from the equations in
PyTorch's documentation, to check the recorder's numbers against."""

from __future__ import annotations

import numpy as np

from services.models import LoadedModel


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def numpy_states(model: LoadedModel, ids: list[int]) -> dict[tuple[int, str], np.ndarray]:
    """(layer, state) -> [T, H] of states (h, c) and gate values (gate_i ...) for one sequence."""
    spec, sd = model.spec, {k: v.double().numpy() for k, v in model.state_dict.items()}
    size = spec.hidden_size
    x_seq = sd["encoder.weight"][ids]  # [T, E]
    out: dict[tuple[int, str], np.ndarray] = {}
    for layer in range(spec.num_layers):
        w_ih, w_hh = sd[f"rnn.weight_ih_l{layer}"], sd[f"rnn.weight_hh_l{layer}"]
        b_ih = sd.get(f"rnn.bias_ih_l{layer}", np.zeros(w_ih.shape[0]))
        b_hh = sd.get(f"rnn.bias_hh_l{layer}", np.zeros(w_ih.shape[0]))
        h, c = np.zeros(size), np.zeros(size)
        rows: dict[str, list[np.ndarray]] = {}
        for x in x_seq:
            gi, gh = w_ih @ x + b_ih, w_hh @ h + b_hh
            if spec.cell == "lstm":
                i, f, g, o = np.split(gi + gh, 4)
                i, f, g, o = _sigmoid(i), _sigmoid(f), np.tanh(g), _sigmoid(o)
                c = f * c + i * g
                h = o * np.tanh(c)
                step = {"h": h, "c": c, "gate_i": i, "gate_f": f, "gate_o": o}
            elif spec.cell == "gru":
                ir, iz, in_ = np.split(gi, 3)
                hr, hz, hn = np.split(gh, 3)
                r, z = _sigmoid(ir + hr), _sigmoid(iz + hz)
                n = np.tanh(in_ + r * hn)
                h = (1 - z) * n + z * h
                step = {"h": h, "gate_r": r, "gate_z": z}
            else:
                pre = gi + gh
                h = np.maximum(pre, 0) if spec.cell == "rnn_relu" else np.tanh(pre)
                step = {"h": h}
            for name, value in step.items():
                rows.setdefault(name, []).append(value.copy())
        for name, values in rows.items():
            out[(layer, name)] = np.stack(values)
        x_seq = out[(layer, "h")]
    return out


def responses(states: np.ndarray, is_gate: bool) -> np.ndarray:
    """[T, H] states -> responses s_t - s_{t-1} with s_0 = 0 (gates are kept as values)."""
    return states if is_gate else np.diff(np.vstack([np.zeros((1, states.shape[1])), states]), axis=0)
