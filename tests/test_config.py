"""The config file: defaults, every setting, and clear errors with places."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run

from spasm_cli.config import Config, load_config
from spasm_cli.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_or_empty_file_gives_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "absent.yaml") == Config()
    assert load_config(write(tmp_path, "# nothing set\n")) == Config()


def test_every_setting_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "sound: false\nvolume: 30\nvoice: true\nask_pain: false\nlead_in: 1m\n")
    assert load_config(path) == Config(
        sound=False, volume=30, voice=True, ask_pain=False, lead_in=60.0
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("volume: 101\n", ":1:9: volume: expected a whole number from 0 to 100, got 101"),
        ("sound: loud\n", ":1:8: sound: expected true or false, got 'loud'"),
        ("lead_in: soon\n", ":1:10: lead_in: expected a duration"),
        ("lead_in: 2h\n", ":1:10: lead_in: expected at most 1 hour"),
        ("lead_in: 0.2s\n", ":1:10: lead_in: expected at least 0.5s (or 0 for none)"),
        ("\nvolum: 3\n", ":2:1: volum: unknown setting (did you mean 'volume'?)"),
        (
            "\ncolour: 3\n",
            ":2:1: colour: unknown setting (expected one of: sound, volume, voice, ask_pain, lead_in, timestamps)",
        ),
        ("- sound\n", ":1:1: config: expected a mapping of settings"),
        (
            "sound: [\n",
            ":1:9: YAML: a value is missing where the file ends: is a '[' or '{' left unclosed?",
        ),
    ],
)
def test_bad_settings_name_file_line_and_problem(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert str(path) + expected.split(": YAML")[0] in str(raised.value)
    assert expected.split(":", 3)[-1].strip() in str(raised.value)
    assert raised.value.exit_code == 2


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_bytes(b"volume: \xff\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(path)


def test_routine_command_reports_a_bad_config_with_exit_2(spasm, isolated_folders: Path) -> None:  # type: ignore[no-untyped-def]
    config = isolated_folders / "config" / "spasm" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("volume: loud\n", encoding="utf-8")
    result = spasm("routine", "breathing", "--plain")
    assert result.exit_code == 2
    assert f"{config}:1:9: volume: expected a whole number from 0 to 100" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("value", "ok"), [("0", True), ("0.5", True), ("0.2", False)])
def test_lead_in_option_has_the_routine_floor(
    spasm: Callable[..., Run], value: str, ok: bool
) -> None:
    result = spasm("routine", "no-such-routine", "--lead-in", value)
    # A valid lead-in gets as far as the name; a short one is refused first.
    assert result.exit_code == 2
    assert ("expected at least 0.5s" in result.stderr) is not ok
