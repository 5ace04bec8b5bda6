#!/usr/bin/python3
"""Peer side of the dsp benchmark: the same chain with scipy.signal.sosfilt on the same data, in the same run.

Usage: scipy_peer.py DATA.f64 SAMPLES CHANNELS RATE CHUNK REPEATS OUT.f64
Reads sample-major float64 data, times (a) band-pass (butter order 4 and 8) + 50 Hz notch + common average
applied chunk by chunk with carried state (zi), as a live pipeline must, and (b) the same on the whole signal in
one call (scipy's best case). Prints one JSON object; writes the chunked output of the order-4 chain to OUT.
"""
import json
import sys
import time

import numpy as np
import scipy
from scipy import signal


def chain(order, rate):
    band = signal.butter(order, [8.0, 30.0], btype="bandpass", output="sos", fs=rate)
    b, a = signal.iirnotch(50.0, 30.0, fs=rate)
    return np.vstack([band, np.concatenate([b, a])[None, :]])


def run_chunked(sos, x, chunk):
    zi = np.zeros((sos.shape[0], 2, x.shape[1]))
    out = np.empty_like(x)
    for start in range(0, x.shape[0], chunk):
        y, zi = signal.sosfilt(sos, x[start:start + chunk], axis=0, zi=zi)
        out[start:start + chunk] = y - y.mean(axis=1, keepdims=True)
    return out


def run_whole(sos, x):
    y = signal.sosfilt(sos, x, axis=0)
    return y - y.mean(axis=1, keepdims=True)


def best(fn, repeats):
    """Smallest CPU time of this thread over the repeats (as the C# side measures), after one warm-up call."""
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.thread_time()
        result = fn()
        times.append(time.thread_time() - t0)
    return float(min(times)), result


def main():
    path, samples, channels, rate, chunk, repeats, out_path = sys.argv[1:8]
    samples, channels, chunk, repeats, rate = int(samples), int(channels), int(chunk), int(repeats), float(rate)
    x = np.fromfile(path, dtype=np.float64).reshape(samples, channels)
    results = {"scipy": scipy.__version__, "numpy": np.__version__}
    for order in (4, 8):
        sos = chain(order, rate)
        seconds, y = best(lambda: run_chunked(sos, x, chunk), repeats)
        results[f"chunked_order{order}"] = seconds
        if order == 4:
            y.tofile(out_path)
        seconds, _ = best(lambda: run_whole(sos, x), repeats)
        results[f"whole_order{order}"] = seconds
    print(json.dumps(results))


if __name__ == "__main__":
    main()
