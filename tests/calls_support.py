"""Helpers for the call and check tests: a data directory with one call written for the test."""

from __future__ import annotations

from pathlib import Path

from mobility_cli.catalog import Catalog
from mobility_cli.eligibility import checker_for
from mobility_cli.eligibility.checker import Checker

HEAD = """\
kind: call
schema_version: 1
id: {ident}
title: A call written for a test
type: {kind}
timezone: Europe/Rome
provenance: {{source: tests, date: 2026-01-01, status: illustrative, notes: Made up for a test.}}
"""


def write_call(
    data_dir: Path, body: str, ident: str = "test-call", kind: str = "erasmus-study"
) -> Path:
    """``data_dir/calls/<ident>.yaml`` with the common head and ``body`` (YAML) after it."""
    folder = data_dir / "calls"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{ident}.yaml"
    path.write_text(HEAD.format(ident=ident, kind=kind) + body, encoding="utf-8")
    return path


def checker(data_dir: Path, body: str, kind: str = "erasmus-study") -> Checker:
    """The compiled checker of a call written for the test (bundled programmes)."""
    write_call(data_dir, body, kind=kind)
    return checker_for(Catalog.from_options(data_dir), "test-call")
