"""Which sound (and which spoken phrase) each session event gets.

The planner is pure: it turns an ``Event`` into a list of actions and plays
nothing itself, so the choice of cues is tested without audio or sleeping.

The cues, chosen so that each is told apart by pitch, length and pattern:

=========  =====================================================  ==========
cue        sound                                                  when
=========  =====================================================  ==========
start      two short notes rising, D5 then A5 (0.2 s)             a hold, wait or get-ready begins
end        two notes falling, A5 then a longer D5 (0.4 s)         a hold, rest or get-ready ends
tick       one very short high blip, A6 (40 ms)                   3, 2, 1 seconds before an end
rep        one short low blip, E5 (60 ms)                         each timed rep begins
inhale     a soft tone gliding up, D4 to A4, for the whole phase  breathe in
exhale     a soft tone gliding down, A4 to D4                     breathe out
chime      C5-E5-G5-C6 arpeggio, ringing out (1.2 s)              the routine is done
=========  =====================================================  ==========

"Rising means go, falling means stop": at a hold-to-hold change the end cue
and the start cue follow one another (stop, go). A rest start gets no start
cue, because the end cue just before it already says "stop".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from spasm_cli.session.events import Event, EventKind
from spasm_cli.session.segments import Segment, SegmentKind
from spasm_cli.sound.synth import Note, Sound

D4, A4, C5, D5, E5, G5, A5, C6, A6 = (
    293.66,
    440.0,
    523.25,
    587.33,
    659.25,
    783.99,
    880.0,
    1046.5,
    1760.0,
)
BREATH_LEVEL = 0.4  # a tone lasting the whole phase must be quieter than a short cue
COUNTED_KINDS = frozenset(
    {SegmentKind.GET_READY, SegmentKind.HOLD, SegmentKind.REST, SegmentKind.REP}
)
MIN_COUNTED = 5.0  # shorter segments would be nothing but ticks
VOICED_CYCLES = 3  # "breathe in / out" is spoken for this many cycles, then tones alone


class Cue(str, Enum):
    """The fixed (not phase-length) cues."""

    START = "start"
    END = "end"
    TICK = "tick"
    REP = "rep"
    CHIME = "chime"


CUE_SOUNDS: dict[Cue, Sound] = {
    Cue.START: Sound("start", (Note(D5, 0.09, fade=0.01), Note(A5, 0.09, start=0.11, fade=0.01))),
    Cue.END: Sound("end", (Note(A5, 0.12, fade=0.01), Note(D5, 0.26, start=0.14, fade=0.04))),
    Cue.TICK: Sound("tick", (Note(A6, 0.04, fade=0.005),)),
    Cue.REP: Sound("rep", (Note(E5, 0.06, fade=0.008),)),
    Cue.CHIME: Sound(
        "chime",
        tuple(
            Note(f, 0.8, start=0.12 * i, fade=0.01, decay=0.35, level=0.6)
            for i, f in enumerate((C5, E5, G5, C6))
        ),
    ),
}


def breath_sound(kind: SegmentKind, duration: float, done_fraction: float = 0.0) -> Sound:
    """The glide for an inhale or exhale lasting ``duration`` seconds.

    ``done_fraction`` > 0 starts part-way through the glide, for a phase
    resumed after a pause: the pitch carries on from where it would be.
    """
    low, high = (D4, A4) if kind is SegmentKind.INHALE else (A4, D4)
    start = low * (high / low) ** done_fraction
    length = duration * (1.0 - done_fraction)
    fade = min(0.15, length / 4)  # a gentle swell; long ramps on a short phase would eat it
    note = Note(start, length, end_freq=high, fade=fade, level=BREATH_LEVEL)
    return Sound(kind.value, (note,))


@dataclass(frozen=True)
class Play:
    """Play ``sound``. ``key`` cues also ring the terminal bell when that is
    the only backend; ``interruptible`` sounds are cut off by the next one."""

    sound: Sound
    key: bool = False
    interruptible: bool = False


@dataclass(frozen=True)
class Say:
    """Speak ``text`` (replacing whatever is being said)."""

    text: str


@dataclass(frozen=True)
class Hush:
    """Stop the sound and speech that are playing now."""


Action = Play | Say | Hush


def _seconds(d: float) -> str:
    whole = round(d)
    if abs(d - whole) > 0.05:
        return f"{d:.1f} seconds"
    minutes, secs = divmod(int(whole), 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute" + ("s" if minutes != 1 else ""))
    if secs or not minutes:
        parts.append(f"{secs} second" + ("s" if secs != 1 else ""))
    return " ".join(parts)


def step_phrase(seg: Segment) -> str:
    """What the voice says when a step (or a side of it) starts.

    E.g. "Child's pose, left side, 30 seconds" or "Bridge, 10 reps".
    """
    parts = [seg.step_title.strip() or seg.label]
    if seg.side:
        parts.append(f"{seg.side} side")
    if seg.kind is SegmentKind.HOLD and seg.duration is not None:
        parts.append(_seconds(seg.duration))
    elif seg.kind is SegmentKind.REP and seg.rep_count:
        parts.append(f"{seg.rep_count} reps")
    elif seg.kind in (SegmentKind.INHALE, SegmentKind.EXHALE) and seg.cycle_count:
        parts.append(f"{seg.cycle_count} breaths")
    elif seg.kind is SegmentKind.REST and seg.duration is not None:
        parts.append(_seconds(seg.duration))
    if seg.set_count > 1:
        parts.append(f"set {seg.set_no} of {seg.set_count}")
    return ", ".join(parts)


def counted(seg: Segment | None) -> bool:
    """Whether a segment gets the 3-2-1 ticks and the end cue."""
    return (
        seg is not None
        and seg.kind in COUNTED_KINDS
        and seg.duration is not None
        and seg.duration >= MIN_COUNTED
    )


class CuePlanner:
    """Maps session events to cue actions, remembering just enough context.

    ``voice`` can be switched off while running (the speech program failed);
    the start cue then comes back in place of the spoken step title.
    """

    def __init__(self, *, voice: bool) -> None:
        self.voice = voice
        self._place: tuple[int, str | None] | None = None  # (step, side) last announced
        self._set: int | None = None
        self._just_ended = False

    def plan(self, event: Event) -> list[Action]:
        """The actions for one event, in order."""
        kind = event.kind
        seg = event.segment
        if kind is EventKind.SEGMENT_START and seg is not None:
            started = self._segment_start(seg)
            self._just_ended = False
            return started
        if kind is EventKind.SEGMENT_END:
            self._just_ended = counted(seg)
            return [Play(CUE_SOUNDS[Cue.END], key=True)] if self._just_ended else []
        self._just_ended = False
        if kind is EventKind.COUNTDOWN:
            if not counted(seg) or event.remaining not in (3, 2, 1):
                return []
            actions: list[Action] = [Play(CUE_SOUNDS[Cue.TICK])]
            if self.voice and event.remaining == 3:
                actions.append(Say("three, two, one"))
            return actions
        if kind is EventKind.FINISH:
            finish: list[Action] = [Play(CUE_SOUNDS[Cue.CHIME], key=True)]
            if self.voice:
                finish.append(Say("done"))
            return finish
        if kind in (EventKind.PAUSE, EventKind.QUIT, EventKind.INTERRUPT):
            return [Hush()]
        if kind in (EventKind.SKIP, EventKind.BACK):
            # The engine follows with the new segment's start, which brings its cue;
            # forget the place so that a step moved back into is announced again.
            self._place = None
            return [Hush()]
        if kind is EventKind.RESUME and seg is not None:
            return self._resume(seg, event.snapshot.segment_remaining)
        return []

    def _segment_start(self, seg: Segment) -> list[Action]:
        actions: list[Action] = []
        phrase = self._phrase(seg)
        sk = seg.kind
        if sk in (SegmentKind.INHALE, SegmentKind.EXHALE) and seg.duration:
            actions.append(Play(breath_sound(sk, seg.duration), interruptible=True))
        elif sk is SegmentKind.REP and seg.duration is not None:
            actions.append(Play(CUE_SOUNDS[Cue.REP]))
        elif sk in (SegmentKind.HOLD, SegmentKind.WAIT, SegmentKind.GET_READY) or (
            sk is SegmentKind.REST and not self._just_ended
        ):
            # A spoken phrase says "start" already; the two at once would clash.
            if not phrase:
                actions.append(Play(CUE_SOUNDS[Cue.START]))
        if self.voice and phrase:
            actions.append(Say(phrase))
        return actions

    def _phrase(self, seg: Segment) -> str:
        """The spoken text for a segment start ("" for none); tracks the place."""
        parts: list[str] = []
        sk = seg.kind
        if sk is SegmentKind.GET_READY:
            self._place = None
            return "Get ready" if self.voice else ""
        inner_pause = sk in (SegmentKind.REST, SegmentKind.RELAX)
        place = (seg.step_index, seg.side)
        if (
            self._place is None
            or (not inner_pause and place != self._place)
            or seg.step_index != self._place[0]
        ):
            self._place = place
            self._set = seg.set_no
            parts.append(step_phrase(seg))
        elif not inner_pause and seg.set_no != self._set:
            self._set = seg.set_no
            parts.append(f"Set {seg.set_no} of {seg.set_count}")
        elif sk is SegmentKind.REST:
            parts.append("Rest")
        if sk in (SegmentKind.INHALE, SegmentKind.EXHALE) and (seg.cycle_no or 1) <= VOICED_CYCLES:
            parts.append(seg.label)  # "Breathe in" / "Breathe out"
        return ". ".join(parts) if self.voice else ""

    def _resume(self, seg: Segment, remaining: float | None) -> list[Action]:
        """After a pause mid-breath, the rest of the glide, so the pacing goes on."""
        if seg.kind not in (SegmentKind.INHALE, SegmentKind.EXHALE) or not seg.duration:
            return []
        if remaining is None or remaining < 0.3:
            return []
        done = min(max(1.0 - remaining / seg.duration, 0.0), 1.0)
        return [Play(breath_sound(seg.kind, seg.duration, done), interruptible=True)]
