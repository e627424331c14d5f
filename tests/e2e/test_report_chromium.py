"""`spasm report` as a browser draws it: headless Chromium takes a screenshot, the test reads it.

The installed `spasm report` writes the page from a small history; Chromium
renders it (offline: no network, no sync, a fresh profile) to a PNG, which
is decoded here with the standard library alone (zlib and struct, no
Pillow). The pain chart is drawn when pixels of both series' colours are
there, far more of them than the legend's little keys alone would give.

Skipped with the reason when /usr/bin/chromium is missing; with CI set,
missing Chromium is a failure (``.ci/run`` installs it).
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from e2e_helpers import World

from spasm_cli.history.store import HistoryStore, default_path
from spasm_cli.session.events import EndStatus
from spasm_cli.terminal.report_svg import AFTER_COLOUR, BEFORE_COLOUR

CHROMIUM = Path("/usr/bin/chromium")
WINDOW = (1000, 1400)
# The legend's two keys are 28x12 each: a chart drawn gives many times this.
LEGEND_PIXELS = 28 * 12


def chromium() -> Path:
    """The browser, or skip (fail under CI) saying what is missing."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(
            f"CI is set but {CHROMIUM} is missing: `.ci/run` installs it "
            "(apt-get install chromium); the report's rendering test needs it"
        )
    pytest.skip(f"needs headless Chromium at {CHROMIUM} (apt-get install chromium)")


def screenshot(page: Path, png: Path, profile: Path) -> subprocess.CompletedProcess[str]:
    width, height = WINDOW
    return subprocess.run(
        [
            str(chromium()),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            f"--screenshot={png}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=120,
        check=False,
        env={**os.environ, "HOME": str(profile)},
    )


# --- a PNG with the standard library -------------------------------------------------


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode_png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """Width, height, bytes a pixel and the unfiltered rows of an 8-bit RGB(A) PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, bytearray()
    header = b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    bpp = 4 if colour == 6 else 3
    raw = zlib.decompress(bytes(idat))
    stride = width * bpp
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous, strict=True))
        elif kind == 3:
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + (left + previous[x]) // 2) & 0xFF
        elif kind == 4:
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                corner = previous[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + _paeth(left, previous[x], corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, bpp, rows


def count_colour(rows: list[bytes], bpp: int, colour: str, tolerance: int = 6) -> int:
    """How many pixels are within ``tolerance`` of ``colour`` (``#rrggbb``) in each channel."""
    want = bytes.fromhex(colour.lstrip("#"))
    found = 0
    for row in rows:
        # Quick test on the red channel first: most pixels are white or grey text.
        for x in range(0, len(row), bpp):
            if abs(row[x] - want[0]) <= tolerance and all(
                abs(row[x + i] - want[i]) <= tolerance for i in (1, 2)
            ):
                found += 1
    return found


# --- the test ---------------------------------------------------------------------------


def fill_history(data_home: Path) -> None:
    """Ten mornings of sessions, pain easing from 7 to 2."""
    morning = datetime.now().astimezone().replace(hour=8, minute=0, second=0, microsecond=0)
    with HistoryStore(default_path(data_home / "spasm")) as store:
        for ago, (before, after) in enumerate(
            [(2, 1), (3, 2), (3, 2), (4, 2), (4, 3), (5, 3), (5, 4), (6, 4), (6, 5), (7, 5)]
        ):
            start = morning - timedelta(days=ago * 2)
            sid = store.start_session(
                "acute-relief",
                "0" * 64,
                "Acute spasm relief",
                360,
                pain_before=before,
                started_at=start,
            )
            store.end_session(
                sid,
                EndStatus.FINISHED,
                355,
                4,
                0,
                ended_at=start + timedelta(minutes=6),
                pain_after=after,
            )


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    made = World.create(tmp_path)
    yield made
    made.close()


def test_the_report_renders_with_its_chart_in_chromium(world: World, tmp_path: Path) -> None:
    chromium()  # skip (or fail under CI) before any work
    fill_history(Path(world.env["XDG_DATA_HOME"]))
    page = tmp_path / "report.html"
    made = world.run("report", "--output", str(page))
    assert made.returncode == 0, made.stderr
    assert "(10 sessions, " in made.stdout

    png = tmp_path / "report.png"
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    shot = screenshot(page, png, profile)
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert png.is_file() and png.stat().st_size > 0, shot.stderr[-2000:]

    width, height, bpp, rows = decode_png(png.read_bytes())
    assert (width, height) == WINDOW
    before = count_colour(rows, bpp, BEFORE_COLOUR)
    after = count_colour(rows, bpp, AFTER_COLOUR)
    assert before > LEGEND_PIXELS, f"pain-before series not drawn ({before} pixels)"
    assert after > LEGEND_PIXELS, f"pain-after series not drawn ({after} pixels)"
    # Mostly white page: no dark background.
    white = count_colour(rows, bpp, "#ffffff", tolerance=0)
    assert white > width * height // 2


def test_missing_chromium_skips_and_fails_under_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="needs headless Chromium"):
        chromium()
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="CI is set but .* is missing"):
        chromium()
