#!/usr/bin/env python3
"""Regenerates hardware/*.json, the device profiles, from their definitions below plus two public sources:

- electrode positions: MNE-Python's montage files (BSD-3-Clause) in a checkout of
  https://github.com/mne-tools/mne-python: mne/channels/data/montages/fsaverage_1005.tsv (10-05 positions on
  the fsaverage head, metres, RAS: x right, y front, z up) and biosemi64.txt (the ActiveTwo 64 cap's A1..B32
  order), mne/channels/data/layouts/Vectorview-all.lout (the Neuromag 306 sensor layout, 2-D);
- the EEGMMIDB channel labels: the header of one of its EDF files (S001R03.edf, PhysioNet eegmmidb 1.0.0).

Usage: python3 hardware/tools/make_profiles.py MNE_GIT_DIR [EEGMMIDB_EDF]
MNE_GIT_DIR is a clone of mne-python (a bare one will do: files are read with `git show HEAD:path`).
Only the standard library and git are used. The MNE commit is written into every profile's positions.source.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

# OpenBCI's default electrode sites for its Ultracortex headset (8 channels; Daisy adds 8 more).
CYTON = ["Fp1", "Fp2", "C3", "C4", "P7", "P8", "O1", "O2"]
DAISY = ["F7", "F8", "F3", "F4", "T7", "T8", "P3", "P4"]
# A 16-channel sensorimotor montage as commonly used with g.USBamp for motor imagery.
GUSBAMP = ["FC3", "FCz", "FC4", "C5", "C3", "C1", "Cz", "C2", "C4", "C6", "CP3", "CP1", "CPz", "CP2", "CP4", "Pz"]
# Brain Products actiCAP 32-channel standard layout, in amplifier channel order.
ACTICAP32 = ["Fp1", "Fz", "F3", "F7", "FT9", "FC5", "FC1", "C3", "T7", "TP9", "CP5", "CP1", "Pz", "P3", "P7", "O1",
             "Oz", "O2", "P4", "P8", "TP10", "CP6", "CP2", "Cz", "C4", "T8", "FT10", "FC6", "FC2", "F4", "F8", "Fp2"]
MUSE = ["TP9", "AF7", "AF8", "TP10"]


def git_commit(repo):
    return subprocess.check_output(["git", "--git-dir", git_dir(repo), "rev-parse", "HEAD"], text=True).strip()


def git_dir(repo):
    dotgit = os.path.join(repo, ".git")
    return dotgit if os.path.isdir(dotgit) else repo


def mne_lines(repo, path):
    """Lines of a file of the MNE repository at HEAD."""
    text = subprocess.check_output(["git", "--git-dir", git_dir(repo), "show", f"HEAD:{path}"], text=True)
    return text.splitlines()


def read_tsv(lines):
    positions = {}
    for line in lines[1:]:
        label, x, y, z = line.split("\t")
        positions[label.strip().lower()] = (label.strip(), [round(float(x), 5), round(float(y), 5), round(float(z), 5)])
    return positions


def read_biosemi64(lines):
    sites = [line.split()[0] for line in lines[1:] if line.strip()]
    return [s for s in sites if s not in ("Nz", "LPA", "RPA")]  # the file ends with fiducials


def read_lout(lines):
    sensors = []
    for line in lines[1:]:
        parts = line.split()
        name = " ".join(parts[5:])
        sensors.append((name, [round(float(parts[1]), 3), round(float(parts[2]), 3)]))
    return sensors


def read_edf_labels(path):
    with open(path, "rb") as f:
        header = f.read(256)
        count = int(header[252:256])
        labels = f.read(16 * count)
    return [labels[i * 16:(i + 1) * 16].decode("ascii").strip() for i in range(count)]


def eeg_channels(labels, positions, original=None, unit="microvolts"):
    channels = []
    for i, label in enumerate(labels):
        canonical, position = positions[label.lower()]
        channel = {"label": canonical, "type": "EEG", "unit": unit, "position": position}
        if original is not None and original[i] != canonical:
            channel["original_label"] = original[i]
        channels.append(channel)
    return channels


def anchors_from(positions):
    return {name: positions[site.lower()][1] for name, site in
            [("left_motor", "C3"), ("right_motor", "C4"), ("occipital", "Oz")]}


def profile(**fields):
    base = {"$schema": "./profile.schema.json"}
    base.update(fields)
    return base


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    mne = sys.argv[1]
    edf = sys.argv[2] if len(sys.argv) > 2 else os.path.join(OUT, "..", "..", "shared", "data", "eegmmidb", "S001R03.edf")
    commit = git_commit(mne)
    montages = "mne/channels/data/montages"
    positions = read_tsv(mne_lines(mne, f"{montages}/fsaverage_1005.tsv"))
    head = {"frame": "head", "unit": "m",
            "source": f"MNE-Python {commit} mne/channels/data/montages/fsaverage_1005.tsv (10-05 sites on fsaverage; x right, y front, z up)"}
    anchors = anchors_from(positions)
    profiles = {}

    profiles["openbci-cyton-8"] = profile(
        id="openbci-cyton-8", name="OpenBCI Cyton (8 channels)", vendor="OpenBCI", modality="EEG",
        rate={"nominal": 250, "supported": [250, 500, 1000, 2000, 4000, 8000, 16000]},
        format="float32", unit="microvolts", scale_to_si=1e-6, reference="SRB2 (earlobe)",
        lsl={"name": "obci_eeg1", "type": "EEG", "app": "OpenBCI GUI, Networking widget (LSL protocol)",
             "notes": "The GUI numbers its LSL streams obci_eeg1, obci_eeg2, ...; values are microvolts. Rates above 250 Hz need the SD card or WiFi shield."},
        positions=head, anchors=anchors, channels=eeg_channels(CYTON, positions),
        references=["https://docs.openbci.com/Cyton/CytonSpecs/", "https://docs.openbci.com/Software/OpenBCISoftware/GUIWidgets/#networking"])

    profiles["openbci-cyton-daisy-16"] = profile(
        id="openbci-cyton-daisy-16", name="OpenBCI Cyton + Daisy (16 channels)", vendor="OpenBCI", modality="EEG",
        rate={"nominal": 125, "supported": [125, 250, 500, 1000, 2000, 4000, 8000]},
        format="float32", unit="microvolts", scale_to_si=1e-6, reference="SRB2 (earlobe)",
        lsl={"name": "obci_eeg1", "type": "EEG", "app": "OpenBCI GUI, Networking widget (LSL protocol)",
             "notes": "Over the Bluetooth dongle the 16 channels arrive at 125 Hz (the boards alternate samples)."},
        positions=head, anchors=anchors, channels=eeg_channels(CYTON + DAISY, positions),
        references=["https://docs.openbci.com/AddOns/DaisyModule/", "https://docs.openbci.com/Cyton/CytonSpecs/"])

    muse_channels = eeg_channels(MUSE, positions) + [{"label": "Right AUX", "type": "AUX", "unit": "microvolts"}]
    profiles["muse-2-s"] = profile(
        id="muse-2-s", name="Interaxon Muse 2 / Muse S", vendor="Interaxon", modality="EEG",
        rate={"nominal": 256, "supported": [256]},
        format="float32", unit="microvolts", scale_to_si=1e-6, reference="Fpz",
        lsl={"name": "Muse", "type": "EEG", "app": "muselsl (muselsl stream)",
             "notes": "Five channels TP9, AF7, AF8, TP10, Right AUX in microvolts; PPG, accelerometer and gyroscope are separate streams. BlueMuse names its stream Muse-XXXX."},
        positions=head, anchors=anchors, channels=muse_channels,
        references=["https://github.com/alexandrebarachant/muse-lsl"])

    profiles["gtec-gusbamp-16"] = profile(
        id="gtec-gusbamp-16", name="g.tec g.USBamp (16 channels, sensorimotor montage)", vendor="g.tec", modality="EEG",
        rate={"nominal": 256, "supported": [32, 64, 128, 256, 512, 600, 1200, 2400, 4800, 9600, 19200, 38400]},
        format="float32", unit="microvolts", scale_to_si=1e-6, reference="right earlobe",
        lsl={"name": "g.USBamp", "type": "EEG", "app": "labstreaminglayer App-g.Tec (g.USBamp)",
             "notes": "The app names channels 1..16 unless a channel map is loaded: load one with these labels or let device.check match by position order."},
        positions=head, anchors=anchors, channels=eeg_channels(GUSBAMP, positions),
        references=["https://github.com/labstreaminglayer/App-g.Tec"])

    biosemi = read_biosemi64(mne_lines(mne, f"{montages}/biosemi64.txt"))
    biosemi_original = [f"A{i + 1}" for i in range(32)] + [f"B{i + 1}" for i in range(32)]
    profiles["biosemi-activetwo-64"] = profile(
        id="biosemi-activetwo-64", name="BioSemi ActiveTwo (64 channels)", vendor="BioSemi", modality="EEG",
        rate={"nominal": 2048, "supported": [2048, 4096, 8192, 16384]},
        format="float32", unit="microvolts", scale_to_si=1e-6, reference="CMS/DRL (reference chosen offline)",
        lsl={"name": "BioSemi", "type": "EEG", "app": "labstreaminglayer App-BioSemi",
             "notes": "Cap electrodes A1..B32 map to 10-10 sites as in BioSemi's 64-channel cap (original_label). Externals EX1..EX8 are not part of this profile."},
        positions={**head, "source": head["source"] + f"; cap order from MNE-Python {commit} mne/channels/data/montages/biosemi64.txt"},
        anchors=anchors, channels=eeg_channels(biosemi, positions, biosemi_original),
        references=["https://www.biosemi.com/headcap.htm", "https://github.com/labstreaminglayer/App-BioSemi"])

    profiles["brainproducts-actichamp-32"] = profile(
        id="brainproducts-actichamp-32", name="Brain Products actiCHamp (32 channels, actiCAP standard layout)", vendor="Brain Products", modality="EEG",
        rate={"nominal": 500, "supported": [500, 1000, 2000, 5000, 10000, 25000, 50000, 100000]},
        format="float32", unit="microvolts", scale_to_si=1e-6, reference="FCz",
        lsl={"name": "actiCHamp-*", "type": "EEG", "app": "Brain Products actiCHamp Connector (LSL)",
             "notes": "The connector appends the amplifier's serial number to the stream name; markers arrive on a second stream (actiCHampMarkers-*)."},
        positions=head, anchors=anchors, channels=eeg_channels(ACTICAP32, positions),
        references=["https://github.com/brain-products/LSL-actiCHamp"])

    if os.path.exists(edf):
        raw = [l for l in read_edf_labels(edf) if l != "EDF Annotations"]
        labels = [l.rstrip(".") for l in raw]
        profiles["eegmmidb-bci2000-64"] = profile(
            id="eegmmidb-bci2000-64", name="EEGMMIDB / BCI2000 64-channel layout", vendor="BCI2000 (PhysioNet EEGMMIDB)", modality="EEG",
            rate={"nominal": 160, "supported": [160]},
            format="float32", unit="microvolts", scale_to_si=1e-6, reference="linked ears",
            lsl={"name": "EEGMMIDB", "type": "EEG", "app": "bci simulate / bci replay of the PhysioNet recordings",
                 "notes": "Labels as the EDF files spell them, dots removed and case normalised (original_label keeps the file's spelling); markers T0 rest, T1 left fist, T2 right fist."},
            positions=head, anchors=anchors, channels=eeg_channels(labels, positions, raw),
            references=["https://physionet.org/content/eegmmidb/1.0.0/"])
    else:
        print(f"skipping eegmmidb-bci2000-64: {edf} not found", file=sys.stderr)

    sensors = read_lout(mne_lines(mne, "mne/channels/data/layouts/Vectorview-all.lout"))
    meg = []
    for name, position in sensors:
        kind = "MAG" if name.endswith("1") else "GRAD"
        meg.append({"label": name, "type": kind, "unit": "T" if kind == "MAG" else "T/m", "position": position})
    xs = [p[1][0] for p in sensors]
    ys = [p[1][1] for p in sensors]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    profiles["megin-neuromag-306"] = profile(
        id="megin-neuromag-306", name="MEGIN (Elekta) Neuromag VectorView / TRIUX 306 at 1 kHz", vendor="MEGIN", modality="MEG",
        rate={"nominal": 1000, "supported": [600, 1000, 2000, 3000, 5000]},
        format="float32", unit="SI", scale_to_si=1.0, reference="none (MEG)",
        lsl={"name": "Neuromag", "type": "MEG", "app": "no vendor LSL app; real-time bridges (e.g. MNE real-time clients) publish type MEG",
             "notes": "102 magnetometers (MEG xxx1, tesla) and 204 planar gradiometers (MEG xxx2/xxx3, tesla per metre)."},
        positions={"frame": "layout-2d", "unit": "layout",
                   "source": f"MNE-Python {commit} mne/channels/data/layouts/Vectorview-all.lout (2-D sensor layout, not 3-D positions)"},
        anchors={"left_motor": [round(cx - 0.22 * w, 3), round(cy + 0.08 * h, 3)],
                 "right_motor": [round(cx + 0.22 * w, 3), round(cy + 0.08 * h, 3)],
                 "occipital": [round(cx, 3), round(cy - 0.42 * h, 3)]},
        channels=meg,
        references=["https://mne.tools/stable/documentation/implementation.html#the-neuromag-system"])

    for name, data in profiles.items():
        path = os.path.join(OUT, f"{name}.json")
        with open(path, "w") as f:
            f.write(dump(data))
        print(f"wrote {os.path.relpath(path)} ({len(data['channels'])} channels)")


def dump(data):
    """JSON with one line per channel, so diffs of a profile stay readable."""
    lines = ["{"]
    items = list(data.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        if key == "channels":
            lines.append(f'  "channels": [')
            for j, channel in enumerate(value):
                lines.append("    " + json.dumps(channel) + ("," if j < len(value) - 1 else ""))
            lines.append("  ]" + comma)
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
