"""Docs are checked: every CLI command and every setting is documented in the README."""

from __future__ import annotations

import re

import typer.main

from newsgraph import settings
from newsgraph.cli import app

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: typer.Typer, prefix: str = "newsgraph") -> list[str]:
    click_group = typer.main.get_command(group)
    names = []
    for name, cmd in click_group.commands.items():
        if hasattr(cmd, "commands"):
            names += [f"{prefix} {name} {sub}" for sub in cmd.commands]
        else:
            names.append(f"{prefix} {name}")
    return names


def test_every_command_is_documented():
    for command in _commands(app):
        assert f"`{command}" in README, f"{command} is not documented in README.md"


def test_every_setting_is_documented():
    env_vars = set(re.findall(r"NEWSGRAPH_[A-Z_]+", (ROOT / "newsgraph" / "settings.py").read_text()))
    env_vars |= {"NEWSGRAPH_CACHE"}
    for var in env_vars:
        assert f"`{var}`" in README, f"{var} is not documented in README.md"
    assert settings.DEFAULT_MODEL in README


def test_readme_starts_with_the_two_commands():
    block = README.split("```bash", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["python3 dev.py demo", "python3 dev.py test"]
