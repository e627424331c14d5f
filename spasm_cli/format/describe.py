"""Describing a routine without running it: the text and JSON of ``spasm show``."""

from __future__ import annotations

from typing import Any

from spasm_cli import sources
from spasm_cli.format import figures
from spasm_cli.format.durations import format_duration
from spasm_cli.format.expand import PlanStep
from spasm_cli.format.library import ORIGIN_LABELS
from spasm_cli.format.model import Routine, Step, StepKind
from spasm_cli.format.size import step_size


def step_seconds(step: Step) -> float:
    """Planned seconds of one expanded step (self-paced parts count 0)."""
    return step_size(step)[0]


def describe_step(step: Step) -> str:
    """One line saying what a step asks: ``hold 30s, left and right, 2 sets, rest 15s``."""
    parts: list[str] = []
    if step.kind is StepKind.HOLD:
        parts.append(f"hold {format_duration(step.hold or 0)}")
    elif step.kind is StepKind.REPS:
        count = step.reps or 0
        reps = f"{count} rep" + ("s" if count != 1 else "")
        if step.hold is not None:
            reps += f", each held {format_duration(step.hold)}, relax {format_duration(step.relax or 0)}"
        elif step.tempo is not None:
            reps += f", {format_duration(step.tempo)} each"
        else:
            reps += ", at your own pace (press Enter " + (
                "after each)" if count != 1 else "when it is done)"
            )
        parts.append(reps)
        if step.alternate and len(step.sides) > 1:
            parts.append("alternating sides")
    elif step.kind is StepKind.BREATHE and step.breathe is not None:
        b = step.breathe
        pattern = f"in {format_duration(b.inhale)}"
        if b.hold_in:
            pattern += f", hold {format_duration(b.hold_in)}"
        pattern += f", out {format_duration(b.exhale)}"
        if b.hold_out:
            pattern += f", hold {format_duration(b.hold_out)}"
        breaths = b.cycle_count
        parts.append(f"breathe {pattern}, {breaths} breath" + ("s" if breaths != 1 else ""))
    elif step.kind is StepKind.REST:
        parts.append(f"rest {format_duration(step.rest or 0)}")
    elif step.kind is StepKind.WAIT:
        parts.append("press Enter when ready")
    # Alternating on one side is that side; a rest with one round has
    # nothing to go between: neither is described as if it happened.
    if step.sides and (not step.alternate or len(step.sides) == 1):
        parts.append(" then ".join(step.sides) + " side" + ("s" if len(step.sides) > 1 else ""))
    if step.sets:
        parts.append(f"{step.sets} set" + ("s" if step.sets != 1 else ""))
    if step.rest is not None and step.kind is not StepKind.REST and _rounds(step) > 1:
        parts.append(f"rest {format_duration(step.rest)} between")
    return ", ".join(parts)


def step_figure(step: Step) -> tuple[str, ...]:
    """The drawing shown with a step: a bundled figure faces the step's side when it has one.

    Only a step done on the right alone is drawn mirrored: a step on both
    sides is drawn as the figure is (the left side first). The writer's own
    art is shown as drawn.
    """
    found = figures.get(step.figure_name) if step.figure_name else None
    if found is not None and step.sides == ("right",):
        return figures.for_side(found, "right")
    return step.figure


def _rounds(step: Step) -> int:
    # As the timeline plays it: each side in turn (unless reps alternate), each set.
    sides = len(step.sides) if step.sides and not step.alternate else 1
    return sides * step.set_count


# Where spasm keeps its own routines is an install detail (a site-packages
# folder): users read only that the routine came with the program.
_SHOWN_ORIGINS = {**ORIGIN_LABELS, "bundled": "bundled with spasm"}


def origin_label(routine: Routine) -> str:
    """Where a routine comes from, and what it hides: ``user (overrides bundled with spasm)``."""
    label = _SHOWN_ORIGINS.get(routine.origin, routine.origin)
    if routine.overrides:
        label += (
            " (overrides " + ", ".join(_SHOWN_ORIGINS.get(o, o) for o in routine.overrides) + ")"
        )
    return label


def _shown_path(routine: Routine) -> str | None:
    """The file a routine was read from, unless it is one of spasm's own."""
    return str(routine.path) if routine.path and routine.origin != "bundled" else None


def source_lines(routine: Routine) -> list[str]:
    """The ``Source:`` lines of ``show``: each article by its title and who published it."""
    cited = [sources.reference(text) for text in routine.source]
    if len(cited) == 1:
        return [f"Source: {cited[0]}"]
    return ["Sources:", *(f"  - {text}" for text in cited)] if cited else []


def plan_text(routine: Routine, steps: list[PlanStep], self_paced: int, total: float) -> str:
    """The readable plan of ``spasm show``."""
    lines = [f"{routine.title} ({routine.name})"]
    if routine.summary:
        lines.append(routine.summary)
    facts = []
    if routine.phase:
        facts.append(f"phase: {routine.phase}")
    if routine.position:
        facts.append("position: " + ", ".join(routine.position))
    if routine.tags:
        facts.append("tags: " + ", ".join(routine.tags))
    shown_path = _shown_path(routine)
    facts.append("from: " + origin_label(routine) + (f" ({shown_path})" if shown_path else ""))
    lines.append("; ".join(facts))
    if routine.caution:
        # Set apart: the one paragraph a person must not skim past.
        lines += ["", f"Caution: {routine.caution}"]
    lines.extend(source_lines(routine))
    lines.append("")
    group = None
    for number, plan in enumerate(steps, 1):
        if plan.group != group and plan.group:
            lines.append(f"[{plan.group}]")
        group = plan.group
        step = plan.step
        seconds = step_seconds(step)
        # A self-paced step says so in its own words ("at your own pace").
        timing = f" ({format_duration(seconds)})" if seconds else ""
        lines.append(f"{number:>2}. {step.title}: {describe_step(step)}{timing}")
        lines.extend(f"      {row}".rstrip() for row in step_figure(step))
        lines.extend(f"      - {text}" for text in step.instructions)
    lines.append("")
    lead_in = routine.effective_lead_in
    if steps and steps[0].step.kind is StepKind.WAIT:
        lead_in = 0.0  # its first step is the get-ready (see session.timeline)
    ready = format_duration(lead_in)
    if total:
        summary = f"Total: {format_duration(total)}" + (
            f" plus {ready} to get ready" if lead_in else ""
        )
        own = " at your own pace"
    else:
        summary = "Total: at your own pace" + (f", after {ready} to get ready" if lead_in else "")
        own = ""
    if self_paced:
        parts = f"part{own} waits" if self_paced == 1 else f"parts{own} wait"
        summary += f"; {self_paced} {parts} for you to press Enter"
    lines.append(summary)
    return "\n".join(lines)


def time_words(total: float, self_paced: int) -> str:
    """A routine's time in words: ``4m30s``, ``4m30s plus 2 parts at your own pace``.

    A routine of nothing but self-paced parts takes no planned time at all:
    it is "at your own pace", never "0s".
    """
    if not total:
        return "at your own pace"
    if not self_paced:
        return format_duration(total)
    parts = "part" if self_paced == 1 else "parts"
    return f"{format_duration(total)} plus {self_paced} {parts} at your own pace"


def step_json(plan: PlanStep) -> dict[str, Any]:
    """One expanded step as JSON."""
    step = plan.step
    out: dict[str, Any] = {
        "title": step.title,
        "kind": step.kind.value,
        "instructions": list(step.instructions),
        "seconds": step_seconds(step),
        "from": plan.routine,
        "figure": list(step_figure(step)) or None,
        "figure_name": step.figure_name,
    }
    for key in ("hold", "reps", "tempo", "relax", "rest", "sets"):
        value = getattr(step, key)
        if value is not None:
            out[key] = value
    if "rest" in out and step.kind is not StepKind.REST and _rounds(step) == 1:
        del out["rest"]  # nothing to rest between: it is not played (a warning says so)
    if step.sides:
        out["sides"] = list(step.sides)
    if step.alternate and len(step.sides) > 1:
        out["alternate"] = True
    if step.breathe is not None:
        b = step.breathe
        out["breathe"] = {
            "inhale": b.inhale,
            "hold_in": b.hold_in,
            "exhale": b.exhale,
            "hold_out": b.hold_out,
            "cycles": b.cycle_count,
        }
    if plan.group:
        out["group"] = plan.group
    return out


def routine_json(routine: Routine, total_seconds: float, step_count: int) -> dict[str, Any]:
    """The summary fields of a routine, as ``spasm list --json`` prints them."""
    return {
        "name": routine.name,
        "title": routine.title,
        "summary": routine.summary,
        "phase": routine.phase,
        "tags": list(routine.tags),
        "total_seconds": total_seconds,
        "steps": step_count,
        "source": routine.origin,
        "overrides": list(routine.overrides),
        "path": _shown_path(routine),
        "caution": routine.caution,
        "sources": [_source_json(text) for text in routine.source],
    }


def _source_json(text: str) -> dict[str, str | None]:
    # A source of the writer's own has no id: its words are its title.
    found = sources.find(text)
    return {"id": found.id, "title": found.title} if found else {"id": None, "title": text}
