#!/usr/bin/python3
"""Regenerates the golden WAV files and their expected sample values (expected.json).

Independent writers only: scipy.io.wavfile, Python's wave module and sox produce the files; RF64 and the files
with extra chunks are assembled here with struct, byte by byte from the specifications (Microsoft RIFF/WAVE,
EBU Tech 3306 for RF64), never by BciPipeline's own writer. Run from anywhere:

    /usr/bin/python3 tests/Bci.Audio.Tests/golden/make_golden.py

Needs Debian's python3-numpy, python3-scipy and sox. Values are integer sample codes for PCM files (k of an n-bit
sample; 8-bit stored as unsigned 0..255) and exact floats for float files.
"""
import json
import os
import struct
import subprocess
import wave

import numpy as np
import scipy
import scipy.io.wavfile as wavfile

HERE = os.path.dirname(os.path.abspath(__file__))
FRAMES = 48
RNG = np.random.RandomState(20261130)


def ints(bits, channels, unsigned=False):
    """Random full-scale codes with both extremes and zero in the first frames."""
    lo, hi = (0, 2 ** bits - 1) if unsigned else (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
    v = RNG.randint(lo, hi + 1, size=(FRAMES, channels), dtype=np.int64)
    v.flat[0], v.flat[1], v.flat[2] = lo, hi, (128 if unsigned else 0)
    return v


def floats(dtype, channels, grid=False):
    """Uniform values in [-1, 1]. sox converts every sample through a 32-bit integer internally (and clips +1.0),
    so its float files get values on the k / 2^23 grid in [-1, 1), which that conversion keeps exactly."""
    if grid:
        v = (RNG.randint(-2 ** 23, 2 ** 23, size=(FRAMES, channels)) / 2.0 ** 23).astype(dtype)
        v.flat[0], v.flat[1], v.flat[2] = -1.0, 1.0 - 2.0 ** -23, 0.0
        return v
    v = (RNG.uniform(-1.0, 1.0, size=(FRAMES, channels))).astype(dtype)
    v.flat[0], v.flat[1], v.flat[2] = -1.0, 1.0, 0.0
    return v


def pack(values, bits, is_float):
    flat = values.reshape(-1)
    if is_float:
        return flat.astype('<f4' if bits == 32 else '<f8').tobytes()
    if bits == 8:
        return flat.astype('u1').tobytes()
    if bits == 24:
        return b''.join(int(x).to_bytes(3, 'little', signed=True) for x in flat)
    return flat.astype({16: '<i2', 32: '<i4'}[bits]).tobytes()


def sox(raw, out, rate, channels, bits, is_float, extra=()):
    raw_path = os.path.join(HERE, '_tmp.raw')
    with open(raw_path, 'wb') as f:
        f.write(raw)
    enc = 'floating-point' if is_float else ('unsigned-integer' if bits == 8 else 'signed-integer')
    subprocess.run(['sox', '-t', 'raw', '-r', str(rate), '-e', enc, '-b', str(bits), '-c', str(channels), '-L', raw_path,
                    *extra, os.path.join(HERE, out)], check=True)
    os.remove(raw_path)


def chunk(cid, body):
    return cid + struct.pack('<I', len(body)) + body + (b'\0' if len(body) % 2 else b'')


def fmt_pcm(tag, channels, rate, bits):
    block = channels * bits // 8
    return struct.pack('<HHIIHH', tag, channels, rate, rate * block, block, bits)


cases = []


def record(name, writer, rate, values, bits, is_float, extensible, container='riff', chunks=None):
    cases.append({
        'file': name, 'writer': writer, 'rate': rate, 'channels': int(values.shape[1]), 'frames': int(values.shape[0]),
        'bits': bits, 'float': is_float, 'extensible': extensible, 'container': container, 'chunks': chunks or [],
        'values': [float(x) for x in values.reshape(-1)] if is_float else [int(x) for x in values.reshape(-1)],
    })


# scipy.io.wavfile: plain PCM/float headers.
v = ints(8, 1, unsigned=True); wavfile.write(os.path.join(HERE, 'scipy_u8_mono.wav'), 8000, v[:, 0].astype(np.uint8))
record('scipy_u8_mono.wav', 'scipy', 8000, v, 8, False, False)
v = ints(16, 2); wavfile.write(os.path.join(HERE, 'scipy_s16_stereo.wav'), 44100, v.astype(np.int16))
record('scipy_s16_stereo.wav', 'scipy', 44100, v, 16, False, False)
v = ints(32, 1); wavfile.write(os.path.join(HERE, 'scipy_s32_mono.wav'), 16000, v[:, 0].astype(np.int32))
record('scipy_s32_mono.wav', 'scipy', 16000, v, 32, False, False)
v = floats(np.float32, 2); wavfile.write(os.path.join(HERE, 'scipy_f32_stereo.wav'), 48000, v)
record('scipy_f32_stereo.wav', 'scipy', 48000, v, 32, True, False)
v = floats(np.float64, 1); wavfile.write(os.path.join(HERE, 'scipy_f64_mono.wav'), 22050, v[:, 0])
record('scipy_f64_mono.wav', 'scipy', 22050, v, 64, True, False)

# sox: 24-bit and multichannel files come out as WAVE_FORMAT_EXTENSIBLE.
v = ints(24, 2); sox(pack(v, 24, False), 'sox_s24_stereo.wav', 48000, 2, 24, False)
record('sox_s24_stereo.wav', 'sox', 48000, v, 24, False, True)
v = ints(16, 6); sox(pack(v, 16, False), 'sox_s16_6ch.wav', 48000, 6, 16, False)
record('sox_s16_6ch.wav', 'sox', 48000, v, 16, False, True)
v = ints(32, 3); sox(pack(v, 32, False), 'sox_s32_3ch.wav', 32000, 3, 32, False)
record('sox_s32_3ch.wav', 'sox', 32000, v, 32, False, True)
v = floats(np.float32, 1, grid=True); sox(pack(v, 32, True), 'sox_f32_mono.wav', 44100, 1, 32, True)
record('sox_f32_mono.wav', 'sox', 44100, v, 32, True, False)
v = floats(np.float64, 2, grid=True); sox(pack(v, 64, True), 'sox_f64_stereo.wav', 8000, 2, 64, True)
record('sox_f64_stereo.wav', 'sox', 8000, v, 64, True, False)
v = ints(8, 2, unsigned=True); sox(pack(v, 8, False), 'sox_u8_stereo.wav', 11025, 2, 8, False)
record('sox_u8_stereo.wav', 'sox', 11025, v, 8, False, False)
v = ints(16, 1); sox(pack(v, 16, False), 'sox_s16_comment.wav', 16000, 1, 16, False, ['--comment', 'cue left'])
record('sox_s16_comment.wav', 'sox', 16000, v, 16, False, False)

# Python's wave module, then LIST, cue and odd-sized (padded) chunks inserted before and after 'data' by hand.
v = ints(16, 1)
with wave.open(os.path.join(HERE, 'wave_s16_mono.wav'), 'wb') as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(250); w.writeframes(pack(v, 16, False))
record('wave_s16_mono.wav', 'python-wave', 250, v, 16, False, False)

v = ints(16, 2)
body = (chunk(b'fmt ', fmt_pcm(1, 2, 1000, 16))
        + chunk(b'LIST', b'INFO' + chunk(b'INAM', b'golden\0'))
        + chunk(b'cue ', struct.pack('<I', 1) + struct.pack('<II4sIII', 1, 0, b'data', 0, 0, 10))
        + chunk(b'odd ', b'abc')
        + chunk(b'data', pack(v, 16, False))
        + chunk(b'LIST', b'INFO' + chunk(b'ICMT', b'after data\0')))
with open(os.path.join(HERE, 'hand_s16_chunks.wav'), 'wb') as f:
    f.write(b'RIFF' + struct.pack('<I', 4 + len(body)) + b'WAVE' + body)
record('hand_s16_chunks.wav', 'struct', 1000, v, 16, False, False, chunks=['fmt ', 'LIST', 'cue ', 'odd ', 'data'])

# RF64 (EBU Tech 3306): RIFF size and data size 0xFFFFFFFF, real sizes in the first chunk 'ds64'.
v = ints(24, 2)
data = pack(v, 24, False)
fmt = chunk(b'fmt ', fmt_pcm(0xFFFE, 2, 48000, 24) + struct.pack('<HHIH', 22, 24, 3, 1)
            + bytes([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]))
riff_size = 4 + 36 + len(fmt) + 8 + len(data)
ds64 = chunk(b'ds64', struct.pack('<QQQI', riff_size, len(data), FRAMES, 0))
with open(os.path.join(HERE, 'hand_rf64_s24.wav'), 'wb') as f:
    f.write(b'RF64' + struct.pack('<I', 0xFFFFFFFF) + b'WAVE' + ds64 + fmt + b'data' + struct.pack('<I', 0xFFFFFFFF) + data)
record('hand_rf64_s24.wav', 'struct', 48000, v, 24, False, True, container='rf64')

sox_version = subprocess.run(['sox', '--version'], capture_output=True, text=True).stdout.strip()
with open(os.path.join(HERE, 'expected.json'), 'w') as f:
    json.dump({'tools': {'numpy': np.__version__, 'scipy': scipy.__version__, 'sox': sox_version,
                         'python': '.'.join(map(str, __import__('sys').version_info[:3]))},
               'cases': cases}, f, indent=None, separators=(',', ':'))
    f.write('\n')
# Cross-check: scipy reads every RIFF file (RF64 it cannot) to exactly the recorded values.
for case in cases:
    if case['container'] != 'riff':
        continue
    _, read = wavfile.read(os.path.join(HERE, case['file']))
    read = np.asarray(read).reshape(-1)
    if case['bits'] == 24 and not case['float']:
        read = read // 256  # scipy returns 24-bit samples left-aligned in int32
    assert np.array_equal(read.astype(np.float64), np.array(case['values'], dtype=np.float64)), case['file']
print(f'{len(cases)} golden files written to {HERE}')
