"""The file's `schema_version` is missing or not one this version of mobility reads.

`schema_version` says which edition of the data-file format the file follows; a file
written for a newer edition would be misread by an older program, so it is refused and
nothing more is checked in it. Upgrade mobility, or write the file for the version it reads.

Failing:

```yaml
kind: conversion_table
schema_version: 2
```

Passing:

```yaml
kind: conversion_table
schema_version: 1
```
"""

from __future__ import annotations

import typing
from collections.abc import Iterator

from mobility_cli.io.yamlio import Document, position_of
from mobility_cli.models import MODEL_FOR_KIND
from mobility_cli.validation.finding import Finding, Level

ID = "schema-version"
LEVEL: Level = "error"


def supported_versions(kind: str) -> tuple[int, ...]:
    """The ``schema_version`` values the model of ``kind`` accepts (its ``Literal``)."""
    annotation = MODEL_FOR_KIND[kind].model_fields["schema_version"].annotation
    return typing.get_args(annotation)


def check(doc: Document) -> Iterator[Finding]:
    data = doc.data
    if not isinstance(data, dict) or data.get("kind") not in MODEL_FOR_KIND:
        return  # the kind rule reports it
    versions = supported_versions(data["kind"])
    reads = " or ".join(str(v) for v in versions)
    if "schema_version" not in data:
        message = f"missing key 'schema_version' (this mobility reads {reads})"
        yield Finding(doc.path, 1, 1, ID, LEVEL, message, "schema_version")
        return
    version = data["schema_version"]
    if isinstance(version, bool) or version not in versions:
        line, column = position_of(doc.root, ["schema_version"])
        message = f"schema_version {version!r} is not supported: this mobility reads {reads}"
        yield Finding(doc.path, line, column, ID, LEVEL, message, "schema_version")
