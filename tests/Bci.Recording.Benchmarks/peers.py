"""Times MNE-Python's EDF reader and pyxdf's XDF reader on the given files (best of N runs, from the page cache).

Prints one JSON object: {"mne": version, "pyxdf": version, "results": {path: [wall s, cpu s]}}. Called by the benchmark
program so that both sides are measured in the same run on the same files.
"""
import json
import os
import sys
import time


def best_of(runs, fn):
    """Best wall time and best CPU time (this process) over the runs: the machine may be shared."""
    fn()  # warm-up, as on the C# side
    wall, cpu = float("inf"), float("inf")
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall = min(wall, time.perf_counter() - w)
        cpu = min(cpu, time.process_time() - c)
    return [wall, cpu]


def main():
    runs = int(sys.argv[1])
    files = sys.argv[2:]
    out = {"results": {}}
    import mne
    mne.set_log_level("ERROR")
    out["mne"] = mne.__version__
    try:
        if os.environ.get("PYXDF_SRC"):
            sys.path.insert(0, os.environ["PYXDF_SRC"])
        import logging
        import pyxdf
        logging.getLogger("pyxdf").setLevel(logging.ERROR)
        out["pyxdf"] = getattr(pyxdf, "__version__", "?")
    except ImportError:
        pyxdf = None
        out["pyxdf"] = None
    for path in files:
        if path.endswith(".edf") or path.endswith(".bdf"):
            reader = mne.io.read_raw_edf if path.endswith(".edf") else mne.io.read_raw_bdf
            out["results"][path] = best_of(runs, lambda: reader(path, preload=True, stim_channel=None).get_data())
        elif path.endswith(".xdf") and pyxdf is not None:
            out["results"][path] = best_of(runs, lambda: pyxdf.load_xdf(path, dejitter_timestamps=False))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
