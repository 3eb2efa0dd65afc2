"""Too many YAML aliases: a possible alias bomb ("billion laughs").

Anchors (`&name`) and aliases (`*name`) let a small file expand into an enormous one. The
loader counts alias uses on the node tree before anything is expanded and refuses a file with
more than `MAX_ALIASES` (100), so a 1 MB bomb is rejected in milliseconds. Data files
hardly need aliases at all: write the values out.

Failing:

```yaml
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
# … and so on, each level nine times the last
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

ID = "yaml-aliases"
LEVEL: Level = "error"
PROBLEM_KIND = "yaml-aliases"


def check(problem: Problem) -> Iterator[Finding]:
    yield Finding.from_problem(problem, ID, LEVEL)
