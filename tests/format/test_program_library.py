"""Finding programs, and checking a program against the routines its days name."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from spasm_cli import paths
from spasm_cli.errors import ProgramNotFound, RoutineError, RoutineNotFound
from spasm_cli.format.library import Library, RoutineDir
from spasm_cli.format.model import StepKind
from spasm_cli.format.program_library import (
    ProgramLibrary,
    check_program,
    day_plan,
    default_program_dirs,
)
from spasm_cli.format.program_model import Program


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def program_text(title: str, days: str = "[breathing]", extra: str = "") -> str:
    return f"title: {title}\ndays: {days}\n{extra}"


@pytest.fixture
def where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding user/, bundled/ (programs) and routines/; messages name files from it."""
    monkeypatch.chdir(tmp_path)
    for folder in ("user", "bundled", "routines"):
        (tmp_path / folder).mkdir()
    write(tmp_path / "routines", "breathing.yaml", "title: Breathing\nsteps:\n  - hold: 10\n")
    write(
        tmp_path / "routines",
        "core-beginner.yaml",
        "title: Core\nsteps:\n  - reps: 10\n    hold: 5\n  - hold: 30\n",
    )
    write(tmp_path / "routines", "broken.yaml", "title: Broken\nsteps: []\n")
    write(tmp_path / "routines", "loops.yaml", "title: Loops\nsteps:\n  - use: loops\n")
    return tmp_path


def programs_of(where: Path) -> ProgramLibrary:
    return ProgramLibrary(
        [RoutineDir(where / "user", "user"), RoutineDir(where / "bundled", "bundled")]
    )


def routines_of(where: Path) -> Library:
    return Library([RoutineDir(where / "routines", "dir")], cache=False)


def checked(where: Path, text: str, *, programs: bool = True) -> list[str]:
    """The problems ``check_program`` finds in the user program ``plan`` of ``text``."""
    write(where / "user", "plan.yaml", text)
    library = programs_of(where)
    found = check_program(library.get("plan"), routines_of(where), library if programs else None)
    return [str(problem) for problem in found]


# -- lookup -----------------------------------------------------------------------------


def test_default_dirs_are_the_user_folder_then_the_bundled_one() -> None:
    assert [(d.path, d.origin) for d in default_program_dirs()] == [
        (paths.user_programs_dir(), "user"),
        (paths.bundled_programs_dir(), "bundled"),
    ]
    assert paths.user_programs_dir() == paths.config_dir() / "programs"
    assert paths.program_schema_file_name() == "spasm-program.schema.json"


def test_the_user_program_wins_over_the_bundled_one(where: Path) -> None:
    write(where / "bundled", "plan.yaml", program_text("Bundled"))
    write(where / "user", "plan.yml", program_text("Mine"))
    write(where / "bundled", "other.yaml", program_text("Other"))
    library = programs_of(where)
    mine = library.get("plan")
    assert (mine.title, mine.origin, mine.overrides) == ("Mine", "user", ("bundled",))
    assert mine.path == where / "user" / "plan.yml"
    other = library.get("other")
    assert (other.origin, other.overrides) == ("bundled", ())
    assert library.names() == {"plan", "other"}


def test_a_missing_program_says_what_was_meant(where: Path) -> None:
    write(where / "bundled", "core-foundations.yaml", program_text("Core"))
    library = programs_of(where)
    with pytest.raises(ProgramNotFound) as info:
        library.get("core-foundatons")
    assert str(info.value) == (
        "no program called 'core-foundatons'. Did you mean 'core-foundations'? "
        "`spasm program list` shows every program."
    )
    assert info.value.near == ("core-foundations",)
    with pytest.raises(ProgramNotFound) as info:
        library.get("zzz")
    assert str(info.value) == "no program called 'zzz'. `spasm program list` shows every program."
    assert info.value.near == ()


@pytest.mark.parametrize("name", ["../etc", "UPPER", "a b", "", "nul\x00"])
def test_a_name_that_is_no_program_name_is_refused(where: Path, name: str) -> None:
    with pytest.raises(ProgramNotFound, match="is not a program name"):
        programs_of(where).get(name)


def test_one_name_twice_in_one_folder_is_refused(where: Path) -> None:
    write(where / "user", "twin.yaml", program_text("One"))
    write(where / "user", "twin.yml", program_text("Two"))
    library = programs_of(where)
    with pytest.raises(RoutineError) as info:
        library.get("twin")
    assert str(info.value) == (
        "user/twin.yml:1:1: name: duplicate program name 'twin' in one folder (twin.yaml and twin.yml)"
    )


def test_a_broken_user_program_is_reported_not_replaced(where: Path) -> None:
    write(where / "bundled", "plan.yaml", program_text("Bundled"))
    write(where / "user", "plan.yaml", "title: Mine\ndays: []\n")
    with pytest.raises(RoutineError) as info:
        programs_of(where).get("plan")
    assert str(info.value).startswith("user/plan.yaml:2:7: days: expected at least one day")


def test_a_program_in_a_folder_must_carry_its_file_name(where: Path) -> None:
    write(where / "user", "plan.yaml", "name: other\n" + program_text("Mine"))
    with pytest.raises(RoutineError, match="name 'other' does not match the file name"):
        programs_of(where).get("plan")


def test_resolve_takes_a_path_or_a_name(where: Path) -> None:
    write(where / "user", "plan.yaml", program_text("Mine"))
    loose = write(where, "elsewhere.yaml", "name: anything\n" + program_text("Loose"))
    library = programs_of(where)
    by_path = library.resolve(str(loose))
    assert (by_path.name, by_path.origin) == ("anything", "path")
    in_folder = library.resolve("user/plan.yaml")
    assert (in_folder.name, in_folder.origin) == ("plan", "user")
    assert library.resolve("plan").title == "Mine"


def test_scan_lists_winners_problems_and_passed_over_files(where: Path) -> None:
    write(where / "bundled", "plan.yaml", program_text("Bundled"))
    write(where / "bundled", "Bundled Odd.yaml", program_text("Odd"))
    write(where / "user", "plan.yaml", program_text("Mine"))
    write(where / "user", "b-first.yaml", program_text("B"))
    write(where / "user", "broken.yaml", "title: Broken\n")
    write(where / "user", "My Plan.yaml", program_text("Ignored"))
    write(where / "user", "notes.txt", "not a program")
    scan = programs_of(where).scan()
    assert [(p.name, p.title, p.overrides) for p in scan.programs] == [
        ("b-first", "B", ()),
        ("plan", "Mine", ("bundled",)),
    ]
    assert [str(p) for p in scan.problems] == [
        "user/broken.yaml:1:1: program: missing required key 'days' (One entry per program "
        "day, in order: the routines played one after another as that day's session, e.g. "
        "[core-beginner, childs-pose])"
    ]
    # The user's own folder says why it passes over a file; the bundled one is not theirs to fix.
    assert [str(p) for p in scan.ignored] == [
        "user/My Plan.yaml:0:0: file: program file names use lower-case letters, digits and "
        "hyphens, like my-plan.yaml"
    ]


def test_passed_over_says_why_a_file_in_a_programs_folder_is_not_a_program(where: Path) -> None:
    library = programs_of(where)
    hidden = write(where / "user", ".plan.yaml", program_text("Hidden"))
    assert str(library.passed_over(hidden)) == (
        "user/.plan.yaml:0:0: file: a programs folder passes over hidden files (names starting with a dot)"
    )
    notes = write(where / "user", "plan.txt", "words")
    assert str(library.passed_over(notes)) == (
        "user/plan.txt:0:0: file: a programs folder picks up only .yaml and .yml files"
    )
    upper = write(where / "user", "plan.YAML", program_text("Upper"))
    assert str(library.passed_over(upper)) == (
        "user/plan.YAML:0:0: file: program files end in .yaml or .yml in lower case, like plan.yaml"
    )
    assert library.passed_over(write(where / "user", "plan.yaml", program_text("P"))) is None
    assert library.passed_over(write(where, "notes.txt", "elsewhere")) is None


# -- check_program ---------------------------------------------------------------------


def test_a_program_of_good_routines_has_no_problems(where: Path) -> None:
    assert checked(where, program_text("P", "[[breathing, core-beginner], breathing]")) == []


def test_a_missing_routine_is_named_at_its_place_with_what_was_meant(where: Path) -> None:
    text = "title: P\ndays:\n  - [breathing, core-beginer]\n  - breathng\n  - zzz\n"
    assert checked(where, text) == [
        "user/plan.yaml:3:17: day 1, routine 2: no routine called 'core-beginer' "
        "(did you mean 'core-beginner'? `spasm list` shows every routine)",
        "user/plan.yaml:4:5: day 2, routine 1: no routine called 'breathng' "
        "(did you mean 'breathing'? `spasm list` shows every routine)",
        "user/plan.yaml:5:5: day 3, routine 1: no routine called 'zzz' (`spasm list` shows every routine)",
    ]


def test_an_invalid_routine_is_named_and_its_problems_follow_once(where: Path) -> None:
    text = "title: P\ndays:\n  - [broken]\n  - [breathing, broken]\n"
    assert checked(where, text) == [
        "user/plan.yaml:3:6: day 1, routine 1: the routine 'broken' is invalid (its problems follow)",
        "routines/broken.yaml:2:8: steps: expected at least one step, got an empty list",
        "user/plan.yaml:4:17: day 2, routine 2: the routine 'broken' is invalid (its problems follow)",
    ]


def test_a_routine_whose_use_fails_is_invalid_too(where: Path) -> None:
    assert checked(where, program_text("P", "[loops]")) == [
        "user/plan.yaml:2:8: day 1, routine 1: the routine 'loops' is invalid (its problems follow)",
        "routines/loops.yaml:3:1: step 1, use: makes a cycle (loops -> loops)",
    ]


def long_routines(where: Path) -> None:
    # 5 sets of 40 minutes: 3h20m as written, 5h at 150%.
    write(where / "routines", "long.yaml", "title: Long\nsteps:\n  - hold: 40m\n    sets: 5\n")


def test_a_day_is_checked_at_the_highest_dose_its_rule_allows(where: Path) -> None:
    long_routines(where)
    # Two days of one routine each: only the long one passes 4 hours.
    assert checked(where, program_text("P", "[breathing, long]")) == [
        "user/plan.yaml:2:19: day 2: day 2 lasts 5h00m at 150%, the most its rule allows "
        "(expected at most 4 hours)"
    ]


def test_the_highest_dose_is_max_and_exactly_four_hours_fits(where: Path) -> None:
    long_routines(where)
    days = "\n  - [long]"
    assert checked(where, program_text("P", days, "progress: {max: 120%}\n")) == []
    assert checked(where, program_text("P", days, "progress: {max: 121%}\n")) == [
        "user/plan.yaml:3:5: day 1: day 1 lasts 4h02m at 121%, the most its rule allows "
        "(expected at most 4 hours)"
    ]


def test_without_progress_a_day_is_checked_as_written(where: Path) -> None:
    long_routines(where)
    assert checked(where, program_text("P", "[long]", "progress: off\n")) == []
    assert checked(where, program_text("P", "[[long, long]]", "progress: off\n")) == [
        "user/plan.yaml:2:8: day 1: day 1 lasts 6h40m (expected at most 4 hours)"
    ]


def test_a_day_of_too_many_steps_or_parts(where: Path) -> None:
    write(where / "routines", "many.yaml", "title: Many\nsteps:\n" + "  - hold: 1\n" * 2501)
    assert checked(where, program_text("P", "[[many, many]]")) == [
        "user/plan.yaml:2:8: day 1: day 1 has 5,002 steps (expected at most 5,000)"
    ]
    # Self-paced reps count no time; 24,000 presses as written, 30,000 at 150%.
    presses = "  - reps: 400\n    sets: 30\n"
    write(where / "routines", "presses.yaml", "title: Presses\nsteps:\n" + presses * 2)
    assert checked(where, program_text("P", "[presses]", "progress: off\n")) == []
    assert checked(where, program_text("P", "[presses]")) == [
        "user/plan.yaml:2:8: day 1: day 1 plays as 30,000 parts (holds, reps, breaths, rests) "
        "at 150%, the most its rule allows (expected at most 28,800)"
    ]


def test_next_must_name_another_known_program(where: Path) -> None:
    write(where / "bundled", "desk-health.yaml", program_text("Desk"))
    assert checked(where, program_text("P", extra="next: desk-health\n")) == []
    assert checked(where, program_text("P", extra="next: desk-helth\n")) == [
        "user/plan.yaml:3:7: next: no program called 'desk-helth' "
        "(did you mean 'desk-health'? `spasm program list` shows every program)"
    ]
    assert checked(where, program_text("P", extra="next: plan\n")) == [
        "user/plan.yaml:3:7: next: 'plan' is this program itself (expected another program "
        "to start when this one ends, or leave next out)"
    ]
    # Without the programs, only what the program itself shows is checked.
    assert checked(where, program_text("P", extra="next: desk-helth\n"), programs=False) == []


def test_next_naming_a_broken_program_says_so(where: Path) -> None:
    write(where / "bundled", "desk-health.yaml", "title: Desk\n")
    problems = checked(where, program_text("P", extra="next: desk-health\n"))
    assert problems[0] == (
        "user/plan.yaml:3:7: next: the program 'desk-health' is invalid (its problems follow)"
    )
    assert problems[1].startswith(
        "bundled/desk-health.yaml:1:1: program: missing required key 'days'"
    )


# -- day_plan ------------------------------------------------------------------------------


def plan_program(where: Path) -> Program:
    write(where / "user", "plan.yaml", program_text("P", "[[breathing, core-beginner], breathing]"))
    return programs_of(where).get("plan")


def test_day_plan_is_the_routines_of_the_day_in_order_at_the_dose(where: Path) -> None:
    program = plan_program(where)
    plan = day_plan(program, 0, routines_of(where), 70)
    assert [(p.routine, p.step.kind) for p in plan] == [
        ("breathing", StepKind.HOLD),
        ("core-beginner", StepKind.REPS),
        ("core-beginner", StepKind.HOLD),
    ]
    # 10 s -> 7 s; 10 reps of 5 s -> 7 reps of 4 s (3.5 rounds up); 30 s -> 21 s.
    assert [(p.step.hold, p.step.reps) for p in plan] == [(7.0, None), (4.0, 7), (21.0, None)]
    as_written = day_plan(program, 0, routines_of(where), 100)
    assert [(p.step.hold, p.step.reps) for p in as_written] == [
        (10.0, None),
        (5.0, 10),
        (30.0, None),
    ]
    assert [p.routine for p in day_plan(program, 1, routines_of(where), 150)] == ["breathing"]


def test_day_plan_of_a_day_that_cannot_be_played(where: Path) -> None:
    program = plan_program(where)
    with pytest.raises(IndexError):
        day_plan(program, 2, routines_of(where), 100)
    with pytest.raises(IndexError):
        day_plan(program, -1, routines_of(where), 100)
    (where / "routines" / "breathing.yaml").unlink()
    with pytest.raises(RoutineNotFound, match="no routine called 'breathing'"):
        day_plan(program, 0, routines_of(where), 100)
