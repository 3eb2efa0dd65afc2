"""The file is not a data file of a known kind.

Every data file is a YAML mapping whose `kind:` says what it holds (`scales`,
`conversion_table`, …) and so which schema it follows. A missing or misspelt kind is reported
at the `kind:` key (or at the top of the file); a file that is YAML but not a mapping (plain
text, a list) is reported at line 1. Nothing more is checked in such a file.

Failing:

```yaml
kind: conversion-table
schema_version: 1
```

Passing:

```yaml
kind: conversion_table
schema_version: 1
```
"""

from __future__ import annotations

from collections.abc import Iterator

from mobility_cli.io.yamlio import Document, position_of
from mobility_cli.models import MODEL_FOR_KIND
from mobility_cli.validation.context import did_you_mean
from mobility_cli.validation.finding import Finding, Level

ID = "kind"
LEVEL: Level = "error"

_WHAT = {
    str: "text",
    list: "a list",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "nothing",
}


def check(doc: Document) -> Iterator[Finding]:
    known = sorted(MODEL_FOR_KIND)
    expected = " / ".join(known)
    data = doc.data
    if not isinstance(data, dict):
        found = _WHAT.get(type(data), "something else")
        message = f"not a data file: expected a mapping with 'kind: {expected}', found {found}"
        yield Finding(doc.path, 1, 1, ID, LEVEL, message)
        return
    kind = data.get("kind")
    if kind is None:
        yield Finding(doc.path, 1, 1, ID, LEVEL, f"missing key 'kind' ({expected})", "kind")
    elif not isinstance(kind, str) or kind not in MODEL_FOR_KIND:
        line, column = position_of(doc.root, ["kind"])
        hint = did_you_mean(str(kind), known)
        message = f"unknown kind '{kind}'{hint}; expected {expected}"
        yield Finding(doc.path, line, column, ID, LEVEL, message, "kind")
