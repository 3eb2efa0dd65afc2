"""A grade's label or alias is read as another grade.

Grades are parsed from what a transcript prints, ignoring case, accents and spacing, and the
first grade that answers to a name wins. So two grades sharing a label or an alias ("A" as
an alias of "A0" and a label of its own), two aliases differing only in case with different
values, or an alias that is also the honours mark, make one of them unreachable: a student
would get the other grade. Each name is parsed back and must give its own grade.

Failing:

```yaml
- type: ordinal
  id: kr-letter
  grades:
    - {label: "A+", value: 4.5}
    - {label: "A0", value: 4.0, aliases: ["A"]}
    - {label: "A", value: 3.7}
```

Passing:

```yaml
- type: ordinal
  id: kr-letter
  grades:
    - {label: "A+", value: 4.5}
    - {label: "A0", value: 4.0, aliases: ["A"]}
    - {label: "A-", value: 3.7}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from mobility_cli.compiled.scale import NumericScale, OrdinalScale, ScalesFile
from mobility_cli.conversion.grades import GradeError, parse_grade
from mobility_cli.text import format_number
from mobility_cli.validation.context import Context, DataFile, Loc
from mobility_cli.validation.finding import Finding, Level

ID = "scale-names"
LEVEL: Level = "error"


def _names(scale: NumericScale | OrdinalScale, at: Loc) -> Iterator[tuple[str, str, bool, Loc]]:
    """(name, the grade it must give, whether that grade is the honours mark, where)."""
    if isinstance(scale, OrdinalScale):
        for r, grade in enumerate(scale.grades):
            yield grade.label, grade.label, False, (*at, "grades", r, "label")
            for a, alias in enumerate(grade.aliases):
                yield alias, grade.label, False, (*at, "grades", r, "aliases", a)
        return
    if scale.honours is not None:
        honours = scale.honours
        yield honours.label, honours.label, True, (*at, "honours", "label")
        for a, alias in enumerate(honours.aliases):
            yield alias, honours.label, True, (*at, "honours", "aliases", a)
    for word, value in scale.aliases.items():
        yield word, format_number(value), False, (*at, "aliases", word)


def check(data_file: DataFile, context: Context) -> Iterator[Finding]:
    if not isinstance(data_file.model, ScalesFile):
        return
    for i, scale in enumerate(data_file.model.scales):
        for name, expected, honours, loc in _names(scale, ("scales", i)):
            try:
                got = parse_grade(scale, name)
            except GradeError:
                continue  # a value off the scale: scale-grid reports it
            if got.label != expected or got.honours != honours:
                message = (
                    f"'{name}' should give grade '{expected}' but is read as '{got.label}' on "
                    f"{scale.id}: another grade answers to the same name"
                )
                yield data_file.finding(ID, LEVEL, loc, message)
