#!/usr/bin/env python3
"""Reference values for the recording readers, from independent readers.

EDF/BDF/GDF/EEGLAB: MNE-Python as Debian packages it (apt install python3-mne).
XDF: pyxdf (pip install pyxdf, or PYXDF_SRC=/path/to/pyxdf/src for a source checkout).
GDF 1.24 (ch1undch2stoerung), which MNE 1.3 cannot read: parsed here by hand with numpy from the GDF 1 layout.

Reads the files in ../shared/data (or $BCI_SHARED_DATA); never copies them. Writes mne.json and pyxdf.json
beside this script, with the tool versions. Run with Debian's interpreter:

    /usr/bin/python3 tests/Bci.Recording.Tests/golden/make_golden.py
"""
import json
import os
import platform
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
DATA = Path(os.environ.get("BCI_SHARED_DATA", REPO.parent / "shared" / "data"))

# Values kept per channel: the first FIRST samples, the last LAST, and one in the middle.
FIRST, LAST = 5, 3


def channel_values(data, n_times):
    mid = n_times // 2
    return {
        "first": data[:, :FIRST].tolist(),
        "last": data[:, n_times - LAST:].tolist(),
        "middle_index": int(mid),
        "middle": data[:, mid].tolist(),
    }


def annotations_of(ann):
    return [{"onset": float(o), "duration": float(d), "description": str(t)}
            for o, d, t in zip(ann.onset, ann.duration, ann.description)]


def mne_reference():
    import mne
    mne.set_log_level("ERROR")
    out = {"tool": "mne", "mne_version": mne.__version__, "numpy_version": np.__version__,
           "python": platform.python_version(), "files": {}}

    def add(rel, raw, annotations=None, note=None, values_scale=None, compare=None):
        data = raw.get_data()
        entry = {
            "reader": "mne " + mne.__version__,
            "ch_names": raw.ch_names,
            "sfreq": float(raw.info["sfreq"]),
            "n_times": int(raw.n_times),
            "times_last": float(raw.times[-1]) if raw.n_times else None,
            "annotations": annotations_of(annotations if annotations is not None else raw.annotations),
            # MNE gives volts except where noted: the factor that turns MNE's numbers into volts.
            "volts_per_value": values_scale or [1.0] * len(raw.ch_names),
            # Channels whose values MNE returns at their own rate (others are resampled by MNE: not compared).
            "compare_channels": compare if compare is not None else raw.ch_names,
        }
        entry.update(channel_values(data, raw.n_times))
        if note:
            entry["note"] = note
        out["files"][rel] = entry
        print(f"  {rel}: {len(raw.ch_names)} ch, {raw.n_times} samples @ {raw.info['sfreq']} Hz, "
              f"{len(entry['annotations'])} annotations", file=sys.stderr)

    edf = ["eegmmidb/S001R03.edf", "eegmmidb/S001R04.edf", "eegmmidb/S001R07.edf", "eegmmidb/S001R08.edf",
           "eegmmidb/S001R11.edf", "eegmmidb/S001R12.edf", "eeglab-sample/test.edf",
           "edf-bdf-gdf/test_utf8_annotations.edf", "edf-bdf-gdf/subsecond_starttime.edf",
           "edf-bdf-gdf/test_edf_stim_channel.edf"]
    for rel in edf:
        add(rel, mne.io.read_raw_edf(DATA / rel, preload=True, stim_channel=None))

    rel = "edf-bdf-gdf/test_uneven_samp.edf"
    raw = mne.io.read_raw_edf(DATA / rel, preload=True, stim_channel=None)
    add(rel, raw, compare=[raw.ch_names[0]], note="MNE resamples the 12.8 Hz channel to 100 Hz; only the 100 Hz channel is compared")

    for rel in ["eeglab-sample/test.bdf", "edf-bdf-gdf/test_bdf_stim_channel.bdf", "edf-bdf-gdf/multiple_annotation_chans.bdf"]:
        add(rel, mne.io.read_raw_bdf(DATA / rel, preload=True, stim_channel=None))

    rel = "edf-bdf-gdf/SC4001EC-Hypnogram.edf"
    ann = mne.read_annotations(DATA / rel)
    out["files"][rel] = {"reader": "mne.read_annotations " + mne.__version__, "ch_names": [], "annotations": annotations_of(ann)}
    print(f"  {rel}: {len(ann)} annotations", file=sys.stderr)

    rel = "edf-bdf-gdf/test_1ch.gdf"
    add(rel, mne.io.read_raw_gdf(DATA / rel, preload=True))

    rel = "edf-bdf-gdf/biosig_sample_gdf1.25.gdf"
    raw = mne.io.read_raw_gdf(DATA / rel, preload=True)
    # MNE 1.3 applies 1e-6 only to units spelled 'uV'; this file spells them 'µV' (Latin-1 0xB5), so MNE's numbers are microvolts.
    units = raw._raw_extras[0]["units"]
    dims = gdf1_dimensions(DATA / rel)
    scale = [1e-6 if u == 1.0 and d in ("\xb5V", "uV") else 1.0 for u, d in zip(units, dims)]
    add(rel, raw, values_scale=scale, note="MNE 1.3 leaves this file's 'µV' values unscaled; volts_per_value converts them")

    rel = "eeglab-sample/eeglab_data.set"
    add(rel, mne.io.read_raw_eeglab(DATA / rel, preload=True))

    rel = "edf-bdf-gdf/ch1undch2stoerung_gdf1.24.gdf"
    out["files"][rel] = gdf1_by_hand(DATA / rel)
    return out


def gdf1_dimensions(path):
    with open(path, "rb") as f:
        head = f.read(256)
        ns = int(np.frombuffer(head[252:256], "<u4")[0])
        sig = f.read(256 * ns)
    return [sig[96 * ns + 8 * i: 96 * ns + 8 * i + 8].decode("latin-1").strip() for i in range(ns)]


def gdf1_by_hand(path):
    """GDF 1.x read straight from the layout (MNE 1.3 fails on this file with an IndexError)."""
    raw = Path(path).read_bytes()
    ns = int(np.frombuffer(raw[252:256], "<u4")[0])
    header_bytes = int(np.frombuffer(raw[184:192], "<i8")[0])
    n_records = int(np.frombuffer(raw[236:244], "<i8")[0])
    num, den = np.frombuffer(raw[244:252], "<u4")
    sig = raw[256:256 + 256 * ns]
    labels = [sig[16 * i:16 * i + 16].decode("latin-1").strip() for i in range(ns)]
    pmin = np.frombuffer(sig[104 * ns:112 * ns], "<f8")
    pmax = np.frombuffer(sig[112 * ns:120 * ns], "<f8")
    dmin = np.frombuffer(sig[120 * ns:128 * ns], "<i8").astype(float)
    dmax = np.frombuffer(sig[128 * ns:136 * ns], "<i8").astype(float)
    spr = np.frombuffer(sig[216 * ns:220 * ns], "<i4")
    types = np.frombuffer(sig[220 * ns:224 * ns], "<i4")
    assert all(t == 4 for t in types) and len(set(spr)) == 1, "by-hand reader expects uint16, one rate"
    dims = [sig[96 * ns + 8 * i:96 * ns + 8 * i + 8].decode("latin-1").strip() for i in range(ns)]
    unit = [1e-3 if d == "mV" else 1e-6 if d in ("uV", "\xb5V") else 1.0 for d in dims]
    n = int(spr[0])
    rec = np.frombuffer(raw[header_bytes:header_bytes + n_records * ns * n * 2], "<u2").reshape(n_records, ns, n)
    data = rec.transpose(1, 0, 2).reshape(ns, n_records * n).astype(float)
    cal = (pmax - pmin) / (dmax - dmin)
    off = pmin - dmin * cal
    data = (data * cal[:, None] + off[:, None]) * np.array(unit)[:, None]
    n_times = data.shape[1]
    entry = {"reader": "numpy by hand (GDF 1 layout)", "ch_names": labels, "sfreq": float(n * den / num),
             "n_times": n_times, "times_last": (n_times - 1) * float(num) / den / n, "annotations": [],
             "volts_per_value": [1.0] * ns, "compare_channels": labels}
    entry.update(channel_values(data, n_times))
    return entry


def pyxdf_reference():
    if os.environ.get("PYXDF_SRC"):
        sys.path.insert(0, os.environ["PYXDF_SRC"])
    try:
        import pyxdf
    except ImportError:
        print("pyxdf not available (pip install pyxdf or set PYXDF_SRC); pyxdf.json not regenerated", file=sys.stderr)
        return None
    import logging
    logging.getLogger("pyxdf").setLevel(logging.ERROR)
    out = {"tool": "pyxdf", "pyxdf_version": getattr(pyxdf, "__version__", "?"), "numpy_version": np.__version__,
           "python": platform.python_version(), "files": {}}
    for path in sorted((DATA / "xdf-examples").glob("*.xdf")):
        rel = f"xdf-examples/{path.name}"
        entry = {}
        for mode, kwargs in {
            "raw": dict(synchronize_clocks=False, dejitter_timestamps=False),
            "synchronized": dict(synchronize_clocks=True, dejitter_timestamps=False),
            "dejittered": dict(synchronize_clocks=True, dejitter_timestamps=True),
        }.items():
            streams, _ = pyxdf.load_xdf(str(path), **kwargs)
            entry[mode] = [stream_entry(s) for s in streams]
        out["files"][rel] = entry
        print(f"  {rel}: {len(entry['raw'])} streams", file=sys.stderr)
    return out


def stream_entry(s):
    info = s["info"]
    ts = np.asarray(s["time_stamps"], float)
    series = s["time_series"]
    n = len(ts)
    fmt = info["channel_format"][0]
    if fmt == "string":
        values = [list(map(str, row)) for row in series[:3]] + [list(map(str, row)) for row in series[-2:]] if n else []
        all_values = [row[0] for row in series] if n <= 500 else None
    else:
        arr = np.asarray(series, float)
        values = arr[:3].tolist() + arr[-2:].tolist() if n else []
        all_values = None
    footer = (s.get("footer") or {}).get("info") or {}
    return {
        "stream_id": int(info["stream_id"]),
        "name": info["name"][0],
        "type": (info.get("type") or [""])[0] or "",
        "channel_count": int(info["channel_count"][0]),
        "nominal_srate": float(info["nominal_srate"][0]),
        "channel_format": fmt,
        "n_samples": n,
        "first_timestamp": float(ts[0]) if n else None,
        "last_timestamp": float(ts[-1]) if n else None,
        "timestamps_head": ts[:3].tolist(),
        "timestamps_tail": ts[-2:].tolist() if n else [],
        "values_head_tail": values,
        "string_values": all_values,
        "effective_srate": float(info["effective_srate"]),
        "segments": [list(map(int, x)) for x in info["segments"]],
        "clock_segments": [list(map(int, x)) for x in info["clock_segments"]],
        "clock_offsets": len(s["clock_times"]),
        "footer_sample_count": int(float(footer["sample_count"][0])) if "sample_count" in footer else None,
    }


def main():
    print(f"data: {DATA}", file=sys.stderr)
    mne_out = mne_reference()
    (HERE / "mne.json").write_text(json.dumps(mne_out, indent=1, ensure_ascii=False) + "\n")
    xdf_out = pyxdf_reference()
    if xdf_out is not None:
        (HERE / "pyxdf.json").write_text(json.dumps(xdf_out, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
