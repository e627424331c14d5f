"""Where the active program stands: its run in history, its sessions, today's day and dose.

The history database holds every program run and each session's program,
day and dose; this module reads them (never creating a database just to
look), turns the sessions into the core's ``Played`` values and asks the
pure rule (``program.rule``) and calendar (``program.calendar``) where the
run stands today.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from spasm_cli import paths
from spasm_cli.errors import ProgramNotFound, ProgramStateError
from spasm_cli.history.run_records import played_of
from spasm_cli.program.calendar import DayState, day_state
from spasm_cli.program.played import Played
from spasm_cli.program.rule import DoseState, state

if TYPE_CHECKING:
    from spasm_cli.format.program_library import ProgramLibrary
    from spasm_cli.format.program_model import Program
    from spasm_cli.history.records import SessionRecord
    from spasm_cli.history.run_records import ProgramRun
    from spasm_cli.history.store import HistoryStore


def history_file() -> Path:
    """The history database, in the user data folder."""
    from spasm_cli.history.store import default_path

    return default_path(paths.data_dir())


@contextmanager
def open_history(*, create: bool) -> Iterator[HistoryStore | None]:
    """The history store, or None when there is none and ``create`` is False.

    Looking at a program must not create a database as a side effect.
    """
    from spasm_cli.history.store import HistoryStore

    path = history_file()
    if not create and not path.exists():
        yield None
        return
    store = HistoryStore(path)
    try:
        yield store
    finally:
        store.close()


@dataclass(frozen=True)
class Standing:
    """An active program run as it stands today: its days and its next dose."""

    run: ProgramRun
    program: Program
    played: tuple[Played, ...]
    days: DayState
    dose: DoseState
    today: date

    @property
    def index(self) -> int:
        """Today's program day, counted from 0 (for ``program.days``)."""
        return min(self.days.day, self.program.length) - 1

    @property
    def changed(self) -> bool:
        """Whether the program's file changed since the run started."""
        return bool(self.run.program_hash) and self.run.program_hash != self.program.digest


def standing_of(
    run: ProgramRun, program: Program, records: Sequence[SessionRecord], today: date
) -> Standing:
    """Where ``run`` of ``program`` stands on ``today``, from its recorded sessions."""
    played = played_of(records)
    return Standing(
        run=run,
        program=program,
        played=tuple(played),
        days=day_state(program.length, run.local_date, played, today),
        dose=state(program.progress, played),
        today=today,
    )


def program_of(run: ProgramRun, programs: ProgramLibrary) -> Program:
    """The program file a run follows; a clear error when it is gone."""
    try:
        return programs.get(run.program)
    except ProgramNotFound:
        raise ProgramStateError(
            f"the program you started, {run.title} ('{run.program}'), is no longer in your "
            "programs folders. Put its file back, or end it with `spasm program stop`."
        ) from None


def active_standing(programs: ProgramLibrary, today: date) -> Standing | None:
    """The active run where it stands today, or None when no program is on."""
    from spasm_cli.history.program_runs import ProgramRuns

    with open_history(create=False) as store:
        if store is None:
            return None
        runs = ProgramRuns(store)
        run = runs.active()
        if run is None:
            return None
        records = runs.sessions(run.id)
    return standing_of(run, program_of(run, programs), records, today)


__all__ = [
    "Standing",
    "active_standing",
    "history_file",
    "open_history",
    "program_of",
    "standing_of",
]
