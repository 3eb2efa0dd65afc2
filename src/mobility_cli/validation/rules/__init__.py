"""The validation rules, one module each; ``RULES`` is the registry (id → module).

A rule is added by writing its module (``ID``, ``LEVEL``, a docstring with a failing and a
passing example, and ``check``) and one line in the right tuple below; a test fails when a
module of this package is not registered. Call rules (``kind: call``) go in ``FILE_RULES``.
"""

from __future__ import annotations

from mobility_cli.validation.rule_types import (
    CatalogueRule,
    DocumentRule,
    FileRule,
    ProblemRule,
    Rule,
)
from mobility_cli.validation.rules import (
    call_programmes,
    duplicate_id,
    file_unreadable,
    id_file_name,
    kind,
    provenance,
    scale_grid,
    scale_names,
    scale_pass_mark,
    scale_value_order,
    schema,
    schema_version,
    shadowed_id,
    table_band_gap,
    table_band_interpolate,
    table_band_monotonic,
    table_band_overlap,
    table_band_range,
    table_band_target,
    table_scales,
    yaml_aliases,
    yaml_duplicate_key,
    yaml_empty,
    yaml_encoding,
    yaml_size,
    yaml_syntax,
)

# Problems the safe YAML loader reports while reading a file (yamlio's ``Problem.kind``).
LOADER_RULES: tuple[ProblemRule, ...] = (
    yaml_syntax,
    yaml_duplicate_key,
    yaml_aliases,
    yaml_size,
    yaml_empty,
    yaml_encoding,
    file_unreadable,
)
# The parsed document, before its model is chosen; a finding here stops the file.
DOCUMENT_RULES: tuple[DocumentRule, ...] = (kind, schema_version)
# Problems the data-file model reports; ``schema`` takes every kind no other rule claims.
SCHEMA_RULES: tuple[ProblemRule, ...] = (scale_pass_mark, schema)
# One validated file, with the scales and files around it.
FILE_RULES: tuple[FileRule, ...] = (
    scale_names,
    scale_grid,
    scale_value_order,
    table_scales,
    table_band_range,
    table_band_target,
    table_band_overlap,
    table_band_gap,
    table_band_monotonic,
    table_band_interpolate,
    call_programmes,
    id_file_name,
    provenance,
)
# Every file together.
CATALOGUE_RULES: tuple[CatalogueRule, ...] = (duplicate_id, shadowed_id)

_ALL: tuple[Rule, ...] = (
    *LOADER_RULES,
    *DOCUMENT_RULES,
    *SCHEMA_RULES,
    *FILE_RULES,
    *CATALOGUE_RULES,
)
RULES: dict[str, Rule] = {rule.ID: rule for rule in _ALL}
