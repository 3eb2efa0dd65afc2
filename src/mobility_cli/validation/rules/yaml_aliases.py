"""Too many YAML aliases: a possible alias bomb ("billion laughs").

Anchors (`&name`) and aliases (`*name`) let a small file expand into an enormous one. The
loader refuses a file with more than 100 alias uses, counted on the parser's events before
anything is built (so a bomb padded to 1 MB is rejected in milliseconds), or whose tree would
expand to more than 200,000 nodes. Data files hardly need aliases at all: write the values
out.

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
