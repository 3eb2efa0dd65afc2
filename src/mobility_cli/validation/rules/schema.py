"""A value does not fit the schema of the file's kind.

Every key and value is checked against the data-file model (the same one the converter
loads): unknown keys (a typo is an error, never a silent default), missing required keys
(`provenance` included: every data file says where its numbers come from), wrong types, values
out of range, a band with both a label and a range. Each problem is reported at the key it
concerns, or at the nearest key that exists when the key is missing, with its dotted path
(`rules.0.methods.0.bands.2.to`). `mobility schema KIND` prints the same schema as JSON Schema
for editors.

Failing:

```yaml
rules:
  - scales: [ects]
    methods:
      - method: bands
        pik: max
        bands:
          - {label: A, to: "30"}
```

Passing:

```yaml
rules:
  - scales: [ects]
    methods:
      - method: bands
        pick: max
        bands:
          - {label: A, to: "30"}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from mobility_cli.errors import Problem
from mobility_cli.validation.finding import Finding, Level

ID = "schema"
LEVEL: Level = "error"
PROBLEM_KIND = "schema"

_MESSAGES = {"missing": "missing required key '{}'", "extra_forbidden": "unknown key '{}'"}


def check(problem: Problem) -> Iterator[Finding]:
    template = _MESSAGES.get(problem.kind)
    key = problem.field.rpartition(".")[2]
    message = template.format(key) if template and key else None
    yield Finding.from_problem(problem, ID, LEVEL, message)
