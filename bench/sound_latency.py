"""Sound cue latency, per backend, on this Python or on every supported one.

For each backend spasm can use, countdown ticks go through the real sound
subscriber and this measures, from ``handle(event)`` on the session's thread:

- handle: how long ``handle`` itself takes;
- hand-off: until the backend call returned (samples written to the helper's
  pipe, a player process started);
- device: until the first samples reached the audio device (the helper says
  when; players cannot).

Two in-process baselines are measured directly, not through spasm:
``miniaudio-inproc`` (the same stream as the helper, in this process: what the
process boundary costs) and ``simpleaudio-inproc`` (``play_buffer``, where
simpleaudio is installed). Each backend runs in a child process, so a backend
that crashes is reported as crashing ("crashed: signal SIGSEGV") instead of
ending the benchmark.

Usage:

    python bench/sound_latency.py [--count N] [--alsa-null] [--all-pythons]

``--alsa-null`` points ALSA's default device at the "null" device (through a
temporary HOME/.asoundrc): for machines without a sound card, or to measure
without making noise. ``--all-pythons`` makes a throwaway virtual environment
for each supported Python present (``bench/pythons.py``), installs spasm with
its ``sound`` extra and, where it builds, simpleaudio, and runs there.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from pythons import interpreter, present  # noqa: E402

RATE = 22050
BACKENDS = ("queue", "miniaudio", "miniaudio-inproc", "simpleaudio-inproc", "paplay", "aplay")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def fmt(values: list[float], scale: float, unit: str) -> str:
    if not values:
        return f"{'-':>19}"
    return f"{statistics.median(values) * scale:7.2f} / {pct(values, 0.99) * scale:7.2f} {unit}"


# --- one backend, in a child process ---------------------------------------------------


def _tick() -> Any:
    from spasm_cli.session.events import Event, EventKind, Snapshot
    from spasm_cli.session.segments import Segment, SegmentKind

    seg = Segment(SegmentKind.HOLD, 30.0, 0, 1, "Bench")
    snap = Snapshot(0.0, False, 0.0, 0, 1, 0.0, 3.0, 30.0, 0, 0)
    return Event(EventKind.COUNTDOWN, 0.0, 0.0, seg, snap, remaining=3)


def _through_spasm(name: str, count: int) -> dict[str, Any]:
    from spasm_cli.sound import backends
    from spasm_cli.sound.backends import Choice
    from spasm_cli.sound.subscriber import CueSubscriber

    class Nothing:
        def done(self) -> bool:
            return True

        def stop(self) -> None:
            return None

        def failure(self) -> str | None:
            return None

    class QueueOnly:
        name = "queue"

        def start(self, pcm: bytes, wav: Path | None, length: float) -> Nothing:
            return Nothing()

        def close(self) -> None:
            return None

    probes: list[tuple[float, float, float, Any]] = []
    notices: list[str] = []
    path = shutil.which(name) if name in backends.PLAYERS else None
    if name in backends.PLAYERS and path is None:
        return {"skipped": f"{name} is not on PATH"}
    if name == "miniaudio" and backends.miniaudio_version() is None:
        return {"skipped": "miniaudio is not installed"}
    sub = CueSubscriber(
        choice=Choice(name, name, path=path),
        volume=30,
        voice=False,
        bell=lambda: None,
        notice=notices.append,
        open_backend=QueueOnly if name == "queue" else None,
        probe=lambda *t: probes.append(t),
    )
    sub.wait_ready(10.0)
    tick = _tick()
    handle: list[float] = []
    for _ in range(count):
        t0 = time.perf_counter()
        sub.handle(tick)
        handle.append(time.perf_counter() - t0)
        time.sleep(0.08)  # a tick lasts 40 ms: each one is done before the next
    sub.close()
    device = []
    for t_handle, _call, _started, playing in probes:
        at = getattr(playing, "started_at", lambda: None)()
        if at is not None:
            device.append(at - t_handle)
    return {
        "handle": handle,
        "handoff": [s - h for h, _, s, _ in probes],
        "device": device,
        "played": len(probes),
        "notices": notices,
    }


def _miniaudio_inproc(count: int) -> dict[str, Any]:
    try:
        import miniaudio
    except ImportError:
        return {"skipped": "miniaudio is not installed"}
    from spasm_cli.sound.cues import CUE_SOUNDS, Cue
    from spasm_cli.sound.helper import Stream, _open_device
    from spasm_cli.sound.synth import pcm_bytes, render

    starts: dict[int, float] = {}

    def report(line: str) -> None:
        word, _, rest = line.partition(" ")
        if word == "started":
            cue, _, at = rest.partition(" ")
            starts[int(cue)] = float(at)

    try:
        device = _open_device(RATE)
    except miniaudio.MiniaudioError as exc:
        return {"skipped": f"no device ({exc})"}
    stream = Stream(RATE, report)
    frames = stream.frames()
    next(frames)
    device.start(frames)
    pcm = pcm_bytes(render(CUE_SOUNDS[Cue.TICK], 30))
    asked: list[float] = []
    handoff: list[float] = []
    for i in range(count):
        t0 = time.monotonic()
        stream.play(i, pcm)
        handoff.append(time.monotonic() - t0)
        asked.append(t0)
        time.sleep(0.08)
    device.close()
    device_lat = [starts[i] - asked[i] for i in range(count) if i in starts]
    return {"handle": [], "handoff": handoff, "device": device_lat, "played": len(starts)}


def _simpleaudio_inproc(count: int) -> dict[str, Any]:
    try:
        import simpleaudio
    except ImportError:
        return {"skipped": "simpleaudio is not installed"}
    from spasm_cli.sound.cues import CUE_SOUNDS, Cue
    from spasm_cli.sound.synth import pcm_bytes, render

    pcm = pcm_bytes(render(CUE_SOUNDS[Cue.TICK], 30))
    handoff: list[float] = []
    for _ in range(count):
        t0 = time.monotonic()
        simpleaudio.play_buffer(pcm, 1, 2, RATE)  # where it crashes, it crashes here
        handoff.append(time.monotonic() - t0)
        time.sleep(0.08)
    return {"handle": [], "handoff": handoff, "device": [], "played": count}


def run_one(name: str, count: int) -> dict[str, Any]:
    """Measure one backend in this process."""
    if name == "miniaudio-inproc":
        return _miniaudio_inproc(count)
    if name == "simpleaudio-inproc":
        return _simpleaudio_inproc(count)
    return _through_spasm(name, count)


# --- the parent: every backend, on one or every Python ---------------------------------


def measure_in_child(python: str, name: str, count: int, env: dict[str, str]) -> str:
    """One line: the backend's figures, or why there are none."""
    try:
        out = subprocess.run(
            [python, __file__, "--one", name, "--count", str(count)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"{name:19} did not finish in 120 s"
    if out.returncode < 0:
        return f"{name:19} crashed: signal {signal.Signals(-out.returncode).name}"
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or ["?"])[-1]
        return f"{name:19} failed: {last}"
    got = json.loads(out.stdout.strip().splitlines()[-1])
    if "skipped" in got:
        return f"{name:19} not measured: {got['skipped']}"
    line = (
        f"{name:19} handle {fmt(got['handle'], 1e6, 'us')}   hand-off {fmt(got['handoff'], 1e3, 'ms')}"
        f"   device {fmt(got['device'], 1e3, 'ms')}   ({got['played']}/{count} played)"
    )
    for text in got.get("notices", []):
        line += f"\n{'':19} {text}"
    return line


def measure_python(python: str, count: int, env: dict[str, str]) -> list[str]:
    version = subprocess.run(
        [python, "-c", "import sys; print(sys.version.split()[0])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    lines = [f"Python {version}: median / p99"]
    lines += [measure_in_child(python, name, count, env) for name in BACKENDS]
    return lines


def venv_for(version: str, root: Path) -> tuple[str | None, str]:
    """A throwaway venv with spasm[sound] (and simpleaudio where it builds)."""
    base = interpreter(version)
    if base is None:
        return None, f"Python {version}: not on this machine"
    where = root / f"py{version}"
    pip_quiet = ["-q", "--disable-pip-version-check"]
    subprocess.run([base, "-m", "venv", str(where)], check=True)
    python = str(where / "bin" / "python")
    subprocess.run(
        [python, "-m", "pip", "install", *pip_quiet, f"{ROOT}[sound]"],
        capture_output=True,
        check=True,
    )
    built = subprocess.run(
        [python, "-m", "pip", "install", *pip_quiet, "simpleaudio"],
        capture_output=True,
        check=False,
    )
    note = "" if built.returncode == 0 else " (simpleaudio did not build)"
    return python, note


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--count", type=int, default=50, help="ticks per backend (default 50)")
    parser.add_argument("--alsa-null", action="store_true", help="send ALSA output to 'null'")
    parser.add_argument("--all-pythons", action="store_true", help="every supported Python")
    parser.add_argument("--one", choices=BACKENDS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.count)))
        return
    with tempfile.TemporaryDirectory(prefix="spasm-bench-") as tmp:
        env = dict(os.environ)
        if args.alsa_null:
            Path(tmp, ".asoundrc").write_text("pcm.!default { type null }\n", encoding="utf-8")
            env["HOME"] = tmp  # before anything loads libasound
        if not args.all_pythons:
            print("\n".join(measure_python(sys.executable, args.count, env)))
            return
        for version in present():
            python, note = venv_for(version, Path(tmp))
            if python is None:
                print(note)
                continue
            lines = measure_python(python, args.count, env)
            print("\n".join([lines[0] + note, *lines[1:]]), flush=True)


if __name__ == "__main__":
    main()
