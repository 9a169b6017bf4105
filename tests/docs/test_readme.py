"""The README is a contract: its configuration table lists every setting, and its commands exist."""

from __future__ import annotations

import re
from pathlib import Path

from csinspect.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_configuration_table_lists_every_setting() -> None:
    text = README.read_text(encoding="utf-8")
    table = text[text.index("## Configuration") : text.index("## Data sources")]
    listed = set(re.findall(r"^\| `(CSINSPECT_[A-Z_]+)`", table, re.M))
    prefix = Settings.model_config["env_prefix"]
    assert listed == {f"{prefix}{name.upper()}" for name in Settings.model_fields}


def test_readme_opens_with_the_two_commands() -> None:
    head = README.read_text(encoding="utf-8")[:600]
    assert "make run" in head and "make test" in head


def test_every_command_in_the_cli_table_exists() -> None:
    from typer.main import get_command

    from csinspect.cli import app

    group = get_command(app)
    text = README.read_text(encoding="utf-8")
    table = text[text.index("## The command line") : text.index("## Configuration")]
    for first in set(re.findall(r"^\| `csinspect ([a-z-]+)", table, re.M)):
        assert first in group.commands, first  # type: ignore[attr-defined]
