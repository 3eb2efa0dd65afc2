"""A scale's lowest passing grade is not on the scale.

A numeric scale's `pass` must lie between `worst` and `best` (either way round: Germany's
1.0–5.0 has `best: 1.0`), and an ordinal scale's `pass` must be one of its labels. The
scale model itself enforces this, so the converter refuses such a scale too; the finding is
at the `pass:` key.

Failing:

```yaml
- type: numeric
  id: fr-20
  best: 20
  worst: 0
  pass: 25
```

Passing:

```yaml
- type: numeric
  id: fr-20
  best: 20
  worst: 0
  pass: 10
```
"""

from __future__ import annotations

from collections.abc import Iterator

from mobility_cli.errors import Problem
from mobility_cli.models.scale import LOWEST_GRADE_ERROR
from mobility_cli.validation.finding import Finding, Level

ID = "scale-pass-mark"
LEVEL: Level = "error"
PROBLEM_KIND = LOWEST_GRADE_ERROR


def check(problem: Problem) -> Iterator[Finding]:
    yield Finding.from_problem(problem, ID, LEVEL)
