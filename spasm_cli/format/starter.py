"""The commented starter routine written by ``spasm new``."""

from __future__ import annotations

STARTER = """\
# yaml-language-server: $schema={schema}
# A spasm routine. Check it with `spasm validate {file}`, preview it with
# `spasm show {name}`, and run it with `spasm routine {name}`.
# Durations: 30 (seconds), 30s, 2m, 1m30s or 1:30. The format reference is
# printed by `spasm schema` and described in spasm's README.
name: {name}
title: {title}
summary: What this routine is for, in one sentence.
tags: [stretch, floor]
phase: recovery            # acute | recovery | prevention
position: lying            # lying | kneeling | sitting | standing, or a list
caution: Stop if the pain sharply increases.
lead_in: 5s                # get-ready countdown; 0 for none
steps:
  # A step does exactly one of: hold, reps, breathe, rest (alone), wait, use.
  - title: Settle in
    instructions: Lie on your back with your knees bent and feet flat.
    wait: true             # waits for Enter
    figure: lying-knees-bent  # drawn under the step: `spasm figures` lists them

  - title: Belly breathing
    instructions:
      - Put one hand on your belly.
      - Breathe in through your nose and let your belly rise.
      - Breathe out slowly through your mouth.
    breathe: {{inhale: 4s, exhale: 6s, cycles: 6}}   # or duration: 2m instead of cycles

  - title: Knee to chest
    instructions:
      - Hug one knee gently towards your chest.
      - Keep the other foot on the floor.
    hold: 20s
    sides: both            # left then right; or [left] / [right]
    sets: 2
    rest: 10s              # between sets and between sides

  - title: Pelvic tilts
    instructions:
      - Flatten your lower back into the floor.
      - Relax.
    reps: 10
    hold: 3s               # each rep held 3s, with relax: 2s between (the default)

  # Include another routine's steps, optionally overriding hold, reps or sets:
  # - use: childs-pose
  #   hold: 45s
"""


def starter_text(name: str, schema: str, file: str) -> str:
    """The starter routine called ``name``, pointing editors at ``schema``."""
    title = name.replace("-", " ").capitalize()
    return STARTER.format(name=name, title=title, schema=schema, file=file)
