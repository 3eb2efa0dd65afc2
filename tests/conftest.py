"""Shared fixtures: run the CLI in-process with stdout and stderr apart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from mobility_cli.cli import app

Run = Callable[..., Result]


@pytest.fixture(scope="session")
def compiled_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's cache folder for compiled data files (never the developer's own)."""
    return tmp_path_factory.mktemp("mobility-cache")


@pytest.fixture(autouse=True)
def _stable_environment(monkeypatch: pytest.MonkeyPatch, compiled_cache: Path) -> None:
    # Help and tables must not depend on the developer's terminal or CI variables.
    for name in ("MOBILITY_DATA_DIR", "MOBILITY_DEBUG", "GITHUB_ACTIONS", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MOBILITY_CACHE_DIR", str(compiled_cache))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def run() -> Run:
    """``run("convert", "--grade", "14", …, input="…")`` → a typer Result."""

    def invoke(*args: str, input: str | bytes | None = None) -> Result:
        runner = CliRunner()
        result = runner.invoke(app, list(args), input=input, catch_exceptions=False)
        assert "Traceback" not in result.stderr, result.stderr
        return result

    return invoke
