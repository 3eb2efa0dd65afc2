"""A mapping has the same key twice.

PyYAML silently keeps the last of two equal keys, so a table edited in a hurry can lose a
value without a word. The finding is at the second key and names the line of the first.

Failing:

```yaml
- type: numeric
  id: fr-20
  pass: 10
  pass: 12
```

Passing:

```yaml
- type: numeric
  id: fr-20
  pass: 10
```
"""

from __future__ import annotations

from collections.abc import Iterator

from mobility_cli.errors import Problem
from mobility_cli.validation.finding import Finding, Level

ID = "yaml-duplicate-key"
LEVEL: Level = "error"
PROBLEM_KIND = "yaml-duplicate-key"


def check(problem: Problem) -> Iterator[Finding]:
    yield Finding.from_problem(problem, ID, LEVEL)
