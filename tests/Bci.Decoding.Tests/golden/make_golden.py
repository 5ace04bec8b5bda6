#!/usr/bin/env python3
"""Golden values for the decoders, computed independently in Python.

contrastive_losses.json: small fixed batches (embeddings, targets, labels, scale) and the losses the C#
implementation (src/Bci.Decoding/Objectives/ContrastiveLosses.cs) must reproduce, written out element by element
with NumPy loops on purpose: an independent computation, not a port.
csp_lda.json: trials and the CSP generalised eigenvalues from scipy.linalg.eigh(Sa, Sa + Sb), and a feature matrix
with scikit-learn's Ledoit-Wolf shrinkage (src/Bci.Decoding/Baseline).
Run from this folder with Debian's Python (NumPy, SciPy, scikit-learn from apt):
    /usr/bin/python3 make_golden.py
"""
import json
import math
import sys

import numpy as np
import scipy
import scipy.linalg
import sklearn
from sklearn.covariance import ledoit_wolf


def unit(v):
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def info_nce(z, t, log_scale, ids=None):
    """Symmetric InfoNCE (CLIP); with ids, items sharing an id are uniform soft positives of each other."""
    z, t = unit(z), unit(t)
    scale = min(math.exp(log_scale), 100.0)
    b = z.shape[0]
    logits = [[scale * float(np.dot(z[i], t[j])) for j in range(b)] for i in range(b)]
    ids = list(range(b)) if ids is None else ids

    def direction(l):
        total = 0.0
        for i in range(b):
            log_norm = math.log(sum(math.exp(l[i][k]) for k in range(b)))
            pos = [j for j in range(b) if ids[j] == ids[i]]
            total += -sum((l[i][j] - log_norm) for j in pos) / len(pos)
        return total / b

    transposed = [[logits[j][i] for j in range(b)] for i in range(b)]
    return (direction(logits) + direction(transposed)) / 2


def sup_con(z, labels, tau):
    """Khosla et al. 2020, L_out: anchors without positives are left out."""
    z = unit(z)
    n = z.shape[0]
    losses = []
    for i in range(n):
        others = [a for a in range(n) if a != i]
        log_norm = math.log(sum(math.exp(float(np.dot(z[i], z[a])) / tau) for a in others))
        pos = [p for p in others if labels[p] == labels[i]]
        if not pos:
            continue
        losses.append(-sum(float(np.dot(z[i], z[p])) / tau - log_norm for p in pos) / len(pos))
    return sum(losses) / len(losses)


def main():
    rng = np.random.default_rng(20261130)
    cases = []
    # CLIP case: distinct targets.
    z = rng.standard_normal((4, 3))
    t = rng.standard_normal((4, 3))
    cases.append({"name": "clip-distinct", "embeddings": z.tolist(), "targets": t.tolist(), "log_scale": math.log(1 / 0.07),
                  "ids": None, "info_nce": info_nce(z, t, math.log(1 / 0.07))})
    # Prototype case: targets repeat per class.
    z = rng.standard_normal((5, 4))
    protos = rng.standard_normal((2, 4))
    ids = [0, 1, 1, 0, 1]
    t = protos[ids]
    cases.append({"name": "prototypes-shared", "embeddings": z.tolist(), "targets": t.tolist(), "log_scale": 0.5,
                  "ids": ids, "info_nce": info_nce(z, t, 0.5, ids)})
    # Scale cap: exp(6) > 100 is capped.
    z = rng.standard_normal((3, 2))
    t = rng.standard_normal((3, 2))
    cases.append({"name": "scale-capped", "embeddings": z.tolist(), "targets": t.tolist(), "log_scale": 6.0,
                  "ids": None, "info_nce": info_nce(z, t, 6.0)})

    supcon = []
    z = rng.standard_normal((6, 3))
    labels = [0, 1, 0, 1, 2, 0]  # class 2 has a single item: no positive, left out
    supcon.append({"name": "three-classes", "embeddings": z.tolist(), "labels": labels, "temperature": 0.1,
                   "loss": sup_con(z, labels, 0.1)})
    z = rng.standard_normal((4, 5))
    labels = [1, 1, 1, 1]
    supcon.append({"name": "one-class", "embeddings": z.tolist(), "labels": labels, "temperature": 0.5,
                   "loss": sup_con(z, labels, 0.5)})

    out = {"generator": "make_golden.py", "python": sys.version.split()[0], "numpy": np.__version__,
           "info_nce": cases, "supervised_contrastive": supcon}
    with open("contrastive_losses.json", "w") as f:
        json.dump(out, f, indent=1)
    csp_lda(rng)


def trace_normalised_cov(trial):
    x = trial - trial.mean(axis=1, keepdims=True)
    c = x @ x.T
    return c / np.trace(c)


def csp_lda(rng):
    channels, samples = 4, 60
    mix = rng.standard_normal((channels, channels))
    trials, labels = [], []
    for label in (0, 1):
        for _ in range(8):
            sources = rng.standard_normal((channels, samples))
            sources[0] *= 3.0 if label == 0 else 0.5   # source 0 strong in class 0, source 1 in class 1
            sources[1] *= 0.5 if label == 0 else 3.0
            trials.append(mix @ sources)
            labels.append(label)
    sa = np.mean([trace_normalised_cov(t) for t, l in zip(trials, labels) if l == 0], axis=0)
    sb = np.mean([trace_normalised_cov(t) for t, l in zip(trials, labels) if l == 1], axis=0)
    eigenvalues = scipy.linalg.eigh(sa, sa + sb, eigvals_only=True)[::-1]
    features = rng.standard_normal((12, 3)) @ rng.standard_normal((3, 3))
    centred = features - features.mean(axis=0)
    shrunk, shrinkage = ledoit_wolf(centred, assume_centered=True)
    out = {"generator": "make_golden.py", "python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
           "sklearn": sklearn.__version__, "channels": channels, "samples": samples,
           "trials": [t.tolist() for t in trials], "labels": labels, "csp_eigenvalues": eigenvalues.tolist(),
           "lw_centred": centred.tolist(), "lw_shrinkage": float(shrinkage), "lw_covariance": shrunk.tolist()}
    with open("csp_lda.json", "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
