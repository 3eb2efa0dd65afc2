"""An id is defined twice in one data directory.

Scale ids, conversion-table ids and call ids are looked up by id, so within one data
directory (the bundled data, a `--data-dir`, or the folder of the files given) each may be
defined once: two scales `fr-20` in one catalogue, or two table files both saying `id: ing`.
The finding is at the later definition and names the earlier one. (An id in `--data-dir`
that replaces a bundled one is `shadowed-id`, a warning.)

Failing:

```yaml
scales:
  - {type: numeric, id: fr-20, best: 20, worst: 0, pass: 10}
  - {type: numeric, id: fr-20, best: 20, worst: 0, pass: 10, step: 0.5}
```

Passing:

```yaml
scales:
  - {type: numeric, id: fr-20, best: 20, worst: 0, pass: 10}
  - {type: numeric, id: fr-20-half, best: 20, worst: 0, pass: 10, step: 0.5}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from mobility_cli.validation.context import Context, Definition, definitions
from mobility_cli.validation.finding import Finding, Level

ID = "duplicate-id"
LEVEL: Level = "error"


def _order(definition: Definition) -> tuple[str, int]:
    return definition.file.doc.path, definition.file.position(definition.loc)[0]


def check(context: Context) -> Iterator[Finding]:
    groups: dict[tuple[Path, str, str], list[Definition]] = {}
    for data_file in context.files:
        for d in definitions(data_file):
            groups.setdefault((data_file.root, d.namespace, d.ident), []).append(d)
    for group in groups.values():
        if len(group) < 2:
            continue
        ordered = sorted(group, key=_order)
        # Report the later definitions being checked; the first only when it alone is.
        later = [d for d in ordered[1:] if d.file.checked]
        told = later or ([ordered[0]] if ordered[0].file.checked else [])
        for d in told:
            other = ordered[1] if d is ordered[0] else ordered[0]
            what = d.namespace.replace("_", " ")
            message = f"{what} id '{d.ident}' is defined twice; also at {other.where}"
            yield d.file.finding(ID, LEVEL, d.loc, message)
