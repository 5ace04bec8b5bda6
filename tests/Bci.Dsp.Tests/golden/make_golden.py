#!/usr/bin/python3
"""Regenerates dsp_golden.json: filter designs and filtered outputs from scipy.signal, the independent reference
the Bci.Dsp tests compare against.

Run with Debian's interpreter and packages (python3-scipy, python3-numpy):
    /usr/bin/python3 tests/Bci.Dsp.Tests/golden/make_golden.py
The tool versions are written into the JSON beside the values.
"""
import json
import os
import platform
import sys

import numpy as np
import scipy
from scipy import signal

HERE = os.path.dirname(os.path.abspath(__file__))


def test_signal(n, rate, seed):
    """Deterministic test input: two sines, mains hum, a DC offset and white noise (stored in the JSON)."""
    rng = np.random.default_rng(seed)
    t = np.arange(n) / rate
    return (3.0 + np.sin(2 * np.pi * 10 * t) + 0.5 * np.sin(2 * np.pi * 23 * t)
            + 0.8 * np.sin(2 * np.pi * 50 * t) + 0.3 * rng.standard_normal(n))


def main():
    rate = 250.0
    x = test_signal(1000, rate, seed=20261130)

    butter = [
        dict(band="lowpass", order=4, low=30.0, high=0.0, rate=250.0),
        dict(band="lowpass", order=5, low=40.0, high=0.0, rate=160.0),
        dict(band="highpass", order=2, low=1.0, high=0.0, rate=250.0),
        dict(band="highpass", order=3, low=0.5, high=0.0, rate=160.0),
        dict(band="bandpass", order=4, low=8.0, high=30.0, rate=250.0),
        dict(band="bandpass", order=3, low=0.5, high=45.0, rate=160.0),
        dict(band="bandpass", order=8, low=8.0, high=30.0, rate=1000.0),
        dict(band="bandpass", order=1, low=8.0, high=12.0, rate=250.0),
        dict(band="bandstop", order=2, low=45.0, high=55.0, rate=250.0),
        dict(band="bandstop", order=3, low=48.0, high=52.0, rate=500.0),
        dict(band="lowpass", order=1, low=10.0, high=0.0, rate=100.0),
        dict(band="highpass", order=6, low=4.0, high=0.0, rate=2000.0),
    ]
    designs = []
    for d in butter:
        wn = d["low"] if d["band"] in ("lowpass", "highpass") else [d["low"], d["high"]]
        sos = signal.butter(d["order"], wn, btype=d["band"], output="sos", fs=d["rate"])
        entry = dict(d, sos=sos.tolist(), sosfilt=signal.sosfilt(sos, x).tolist())
        designs.append(entry)

    notches = []
    for f0, q, fs in [(50.0, 30.0, 250.0), (60.0, 35.0, 1000.0), (100.0, 30.0, 250.0)]:
        b, a = signal.iirnotch(f0, q, fs=fs)
        sos = np.concatenate([b, a])[None, :]
        notches.append(dict(frequency=f0, q=q, rate=fs, sos=sos.tolist(), sosfilt=signal.sosfilt(sos, x).tolist()))

    firs = []
    for taps, cutoff, pass_zero, window, fs in [
        (101, [30.0], True, "hamming", 250.0),
        (51, [8.0, 30.0], False, "hamming", 250.0),
        (31, [10.0], False, "hann", 250.0),
        (64, [20.0], True, "blackman", 250.0),
        (41, [45.0, 55.0], True, "hamming", 250.0),
        (21, [0.25], True, ("kaiser", 5.0), 2.0),
    ]:
        h = signal.firwin(taps, cutoff, window=window, pass_zero=pass_zero, fs=fs)
        firs.append(dict(taps=taps, cutoffs=cutoff, pass_zero=pass_zero,
                         window=window if isinstance(window, str) else window[0], rate=fs, h=h.tolist()))

    zero_phase = []
    for d in (butter[4], butter[2], butter[9]):
        wn = d["low"] if d["band"] in ("lowpass", "highpass") else [d["low"], d["high"]]
        sos = signal.butter(d["order"], wn, btype=d["band"], output="sos", fs=d["rate"])
        zero_phase.append(dict(d, sos=sos.tolist(), padlen=int(3 * (2 * len(sos) + 1 - min((sos[:, 2] == 0).sum(), (sos[:, 5] == 0).sum()))),
                               sosfiltfilt=signal.sosfiltfilt(sos, x).tolist()))

    resampled = []
    for up, down in [(2, 3), (3, 2), (1, 4), (16, 25), (4, 1), (5, 5)]:
        resampled.append(dict(up=up, down=down, y=signal.resample_poly(x, up, down).tolist()))

    welch = []
    for nperseg in (128, 100, 75):
        f, pxx = signal.welch(x, fs=rate, nperseg=nperseg)
        welch.append(dict(nperseg=nperseg, rate=rate, f=f.tolist(), psd=pxx.tolist()))

    golden = dict(
        generator="tests/Bci.Dsp.Tests/golden/make_golden.py",
        versions=dict(python=platform.python_version(), numpy=np.__version__, scipy=scipy.__version__,
                      interpreter=sys.executable),
        input=dict(rate=rate, seed=20261130, x=x.tolist()),
        butter=designs, notch=notches, firwin=firs, sosfiltfilt=zero_phase, resample_poly=resampled, welch=welch,
    )
    with open(os.path.join(HERE, "dsp_golden.json"), "w") as f:
        json.dump(golden, f)
        f.write("\n")
    print(f"wrote dsp_golden.json with scipy {scipy.__version__}, numpy {np.__version__}")


if __name__ == "__main__":
    main()
