"""`spasm sources` in a terminal 40 and 80 columns wide: wrapped, no line past the edge."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from e2e_helpers import World, plain_lines


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    made = World.create(tmp_path_factory.mktemp("sources"))
    yield made
    made.close()


@pytest.mark.parametrize("columns", [40, 80])
@pytest.mark.parametrize(
    ("args", "title"),
    [
        ([], "Top 12 Most Asked Questions About Back Spasms"),
        (["back-pain-guide"], "12. What kind of doctor should I see for my back spasms?"),
        (["core-stability-guide"], "How to stop back spasms: core stability exercises"),
    ],
)
def test_sources_fit_the_terminal(world: World, args: list[str], title: str, columns: int) -> None:
    pty = world.spawn("sources", *args, dimensions=(24, columns))
    assert pty.wait_exit() == 0
    lines = plain_lines(pty.text)
    too_long = [line for line in lines if len(line) > columns]
    assert not too_long, too_long
    text = " ".join(" ".join(lines).split())
    # Wrapped at spaces: the words are whole once the lines are joined again.
    assert title in text
