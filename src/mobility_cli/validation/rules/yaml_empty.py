"""The file is empty, or holds only comments.

An empty file in a data directory is usually a file created and never filled, or one whose
content was lost in a merge.

Failing:

```yaml
# conversion table for the School of Design: to do
```

Passing:

```yaml
kind: conversion_table
schema_version: 1
# …
```
"""

from __future__ import annotations

from collections.abc import Iterator

from mobility_cli.errors import Problem
from mobility_cli.validation.finding import Finding, Level

ID = "yaml-empty"
LEVEL: Level = "error"
PROBLEM_KIND = "yaml-empty"


def check(problem: Problem) -> Iterator[Finding]:
    yield Finding.from_problem(problem, ID, LEVEL)
