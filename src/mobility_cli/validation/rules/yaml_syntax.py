"""The file is not valid YAML (or not text at all).

The finding points at the line and column where the YAML parser gave up, which is often just
after the real mistake: a missing colon, a tab used for indentation, an unclosed bracket or
quote. A binary file (one with NUL bytes) is reported here too.

Failing:

```yaml
bands:
  - {label: A, to: "30"
  - {label: B, to: "28"}
```

Passing:

```yaml
bands:
  - {label: A, to: "30"}
  - {label: B, to: "28"}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from mobility_cli.errors import Problem
from mobility_cli.validation.finding import Finding, Level

ID = "yaml-syntax"
LEVEL: Level = "error"
PROBLEM_KIND = "yaml-syntax"


def check(problem: Problem) -> Iterator[Finding]:
    yield Finding.from_problem(problem, ID, LEVEL)
