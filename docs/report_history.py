"""A small, realistic history for docs/report.png: a spasm, then a program.

Writes sessions with ``HistoryStore`` into the history of ``$XDG_DATA_HOME``
(an empty temp folder: it refuses to write where a history already is),
dated back from now: eight sessions in the first days of a spasm, pain
easing from 7, two desk breaks, then ``core-foundations`` started 18 days
ago, its days at a dose going up from 70% by the program's rule, with one
session stopped early on a rise in pain (and the dose down after it).
Then, from the repository::

    export XDG_DATA_HOME="$(mktemp -d)"
    python docs/report_history.py
    spasm report --output /tmp/report.html --force
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$(mktemp -d)" --window-size=1000,1400 \
        --screenshot=docs/report.png file:///tmp/report.html
"""

import os
import sys
from datetime import datetime, timedelta

from spasm_cli.history.program_runs import ProgramRuns
from spasm_cli.history.records import ProgramTag
from spasm_cli.history.store import HistoryStore, default_path
from spasm_cli.paths import data_dir
from spasm_cli.session.events import EndStatus

today = datetime.now().astimezone().replace(second=0, microsecond=0)


def at(days_ago: int, hour: int, minute: int) -> datetime:
    return (today - timedelta(days=days_ago)).replace(hour=hour, minute=minute)


F, S = EndStatus.FINISHED, EndStatus.STOPPED
# days ago, time, routine, title, minutes, before, after, how it ended
ACUTE = [
    (27, (8, 10), "acute-relief", "Acute spasm relief", 6, 7, 5, F),
    (27, (19, 40), "breathing", "Deep belly breathing", 5, 6, 5, F),
    (26, (8, 30), "acute-relief", "Acute spasm relief", 6, 6, 4, F),
    (25, (9, 5), "knees-to-chest", "Side-lying knees to chest", 4, 6, 6, S),
    (25, (18, 20), "acute-relief", "Acute spasm relief", 6, 5, 4, F),
    (24, (8, 45), "acute-relief", "Acute spasm relief", 6, 5, 3, F),
    (22, (10, 0), "breathing", "Deep belly breathing", 5, 4, 3, F),
    (21, (8, 15), "acute-relief", "Acute spasm relief", 6, 4, None, F),
]
# program day, days ago, time, routines, minutes, before, after, dose, how it ended
PROGRAM = [
    (1, 18, (7, 50), "pelvic-tilts+leg-raises", 2, 4, 3, 70, F),
    (2, 17, (8, 5), "daily-stretch", 7, 3, 3, 70, F),
    (3, 16, (7, 55), "pelvic-tilts+dead-bug", 3, 3, 2, 80, F),
    (4, 14, (8, 20), "breathing+knees-to-chest", 8, 4, 3, 80, F),
    (5, 13, (8, 0), "pelvic-tilts+leg-raises+dead-bug", 4, 3, 3, 90, F),
    (6, 12, (7, 45), "daily-stretch", 7, 3, 6, 90, S),
    (6, 11, (8, 10), "daily-stretch", 7, 4, 3, 80, F),
    (7, 10, (8, 0), "ab-bracing", 3, 3, 2, 80, F),
    (8, 8, (7, 50), "pelvic-tilts+leg-raises+dead-bug", 4, 2, 2, 90, F),
    (9, 7, (8, 15), "daily-stretch", 7, 2, 1, 90, F),
    (10, 6, (8, 0), "pelvic-tilts+dead-bug", 3, 2, 2, 100, F),
    (11, 4, (7, 40), "childs-pose+knees-to-chest", 6, 3, 2, 100, F),
    (12, 3, (8, 5), "pelvic-tilts+leg-raises+dead-bug", 5, 2, 1, 110, F),
    (13, 1, (8, 0), "daily-stretch", 7, 2, 1, 110, F),
]
EXTRA = [
    (9, (13, 0), "desk-break", "Desk break", 3, 3, 2, F),
    (2, (12, 30), "desk-break", "Desk break", 3, 2, 2, F),
]

path = default_path(data_dir())
if not os.environ.get("XDG_DATA_HOME") or path.exists():
    # Made-up sessions never go into a real diary.
    sys.exit(f"set XDG_DATA_HOME to an empty folder first (not writing to {path})")
with HistoryStore(path) as store:
    for days_ago, (h, m), routine, title, minutes, before, after, status in ACUTE + EXTRA:
        start = at(days_ago, h, m)
        sid = store.start_session(
            routine, "0" * 64, title, minutes * 60, pain_before=before, started_at=start
        )
        store.end_session(
            sid,
            status,
            minutes * 60 - (90 if status is S else 5),
            3,
            0,
            ended_at=start + timedelta(minutes=minutes),
            pain_after=after,
            exercises=(3, 3 if status is F else 1, 0 if status is F else 2),
        )
    run = ProgramRuns(store).start(
        "core-foundations", "0" * 64, "Core foundations", 28, started_at=at(18, 7, 45)
    )
    for day, days_ago, (h, m), routine, minutes, before, after, dose, status in PROGRAM:
        start = at(days_ago, h, m)
        sid = store.start_session(
            routine,
            "0" * 64,
            f"Core foundations, day {day} of 28",
            minutes * 60,
            pain_before=before,
            started_at=start,
            program=ProgramTag(run.id, "core-foundations", day, dose),
        )
        store.end_session(
            sid,
            status,
            minutes * 60 - (120 if status is S else 5),
            4,
            0,
            ended_at=start + timedelta(minutes=minutes),
            pain_after=after,
            exercises=(4, 4 if status is F else 2, 0 if status is F else 2),
        )
print(path)
