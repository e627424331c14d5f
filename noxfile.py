"""The test matrix: the whole suite on every supported Python present here.

``make test`` (the README's test command, which CI runs) lints once, then runs
``nox``: one fresh virtual environment per Python, the package installed as a
user installs it (``pip install '.[sound,test]'``, not editable), and pytest.
A supported Python that is not on this machine is left out, with a line
saying so; the Python running nox is always in. Which ones are present is
found by ``bench/pythons.py`` (PATH, and pyenv's versions).
"""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

import nox

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))
from pythons import SUPPORTED, present, search_path  # noqa: E402

nox.options.sessions = ["tests"]

os.environ["PATH"] = search_path()  # nox looks interpreters up on PATH
PRESENT = present()
MISSING = [v for v in SUPPORTED if v not in PRESENT]


@nox.session(python=PRESENT)
def tests(session: nox.Session) -> None:
    """The whole suite on one Python, against a real (non-editable) install."""
    if MISSING and session.python == PRESENT[0]:
        session.log(f"not on this machine, so not tested: Python {', '.join(MISSING)}")
    session.install(".[sound,test]")
    # What every supported Python must have: a missing piece fails the run
    # instead of skipping quietly. aplay and espeak-ng are Debian packages
    # that .ci/run installs.
    required = ["miniaudio"]
    if os.environ.get("CI") and platform.system() == "Linux":
        required += ["aplay", "espeak-ng"]
    session.run(
        "python",
        "-m",
        "pytest",
        "-q",
        # One worker per core (at most 4): most of the suite runs the program
        # in a pseudo-terminal and waits on it, so two cores halve the time.
        "--numprocesses=auto",
        "--maxprocesses=4",
        *session.posargs,
        env={"SPASM_TEST_REQUIRE": ",".join(required)},
    )
