"""The public surface and its documentation."""
from __future__ import annotations

import re

import parley
from parley.cli import cli
from parley.settings import SETTINGS_HELP, load_settings

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_package_public_names():
    assert sorted(parley.__all__) == sorted([
        "Actor", "Article", "DataFileError", "Event", "InputError", "Mention", "ParleyError", "Pipeline",
        "Sentence", "Store", "StoreError", "code_articles", "code_text"])


def test_package_readme_starts_with_the_two_commands():
    commands = re.findall(r"^\s+make (\w+)", README, re.MULTILINE)
    assert commands[:2] == ["demo", "test"]


def test_package_every_command_documented_with_help():
    for name, command in cli.commands.items():
        assert f"parley {name}" in README, name
        assert command.help or command.short_help, name


def test_package_every_setting_documented():
    settings = load_settings()
    names = {f"{section}.{key}" for section, values in settings.items() for key in values}
    assert names == set(SETTINGS_HELP)
    for name in names:
        assert f"`{name}`" in README, name


def test_package_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
