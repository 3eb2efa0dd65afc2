"""``mobility grading-table build`` output: a table with bars, CSV, JSON, or a YAML data file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from mobility_cli.formats import Writers
from mobility_cli.grading_tables import GradingTableReport, describe_group
from mobility_cli.io.csv_writer import write_csv
from mobility_cli.output import render_table, visible, write_json

BAR_WIDTH = 30
SHARE_COLUMNS = ["total", "grade", "count", "percent", "cumulative_percent", "below_min_count"]


def write_json_report(out: IO[str], report: GradingTableReport) -> None:
    """``{"scale", "min_count", "groups": [{"group", "total", "years", "below_min_count",
    "grades": [{"grade", "count", "percent", "cumulative_percent"}]}]}``."""
    write_json(out, {"scale": report.scale, "min_count": report.min_count, "groups": report.groups})


def write_csv_report(out: IO[str], report: GradingTableReport, groups_by: list[str]) -> None:
    """One row per grade of each group, the group's columns first."""
    rows = (
        [
            *(group.group[name] for name in groups_by),
            group.total,
            share.grade,
            share.count,
            share.percent,
            share.cumulative_percent,
            group.below_min_count,
        ]
        for group in report.groups
        for share in group.grades
    )
    write_csv(out, [*groups_by, *SHARE_COLUMNS], rows)


def write_table_report(out: IO[str], report: GradingTableReport) -> None:
    """One table per group; each grade's bar is its share, the group's largest share full."""
    for group in report.groups:
        widest = max(share.percent for share in group.grades) or 1
        flag = f" — fewer than {report.min_count}: flagged" if group.below_min_count else ""
        title = visible(
            f"{describe_group(group.group)}: {group.total} passed grades on {report.scale}{flag}"
        )
        rows = [
            [
                share.grade,
                share.count,
                str(share.percent),  # two decimals, as published
                str(share.cumulative_percent),
                "█" * round(share.percent / widest * BAR_WIDTH),
            ]
            for share in group.grades
        ]
        render_table(out, title, ["grade", "count", "%", "cumulative %", "share"], rows)


def write_yaml(out: IO[str], document: dict[str, Any]) -> None:
    """A data file as YAML, keys in the order given (``kind`` first, as the other files)."""
    import yaml

    yaml.safe_dump(document, out, sort_keys=False, allow_unicode=True, width=100)


@dataclass(frozen=True)
class Built:
    """What a writer of ``mobility grading-table build`` gets."""

    report: GradingTableReport
    groups_by: list[str]
    data_file: Callable[[], dict[str, Any]]  # the yaml data file, built only for yaml


WRITERS: Writers[Built] = Writers(
    {
        "table": lambda out, b: write_table_report(out, b.report),
        "csv": lambda out, b: write_csv_report(out, b.report, b.groups_by),
        "json": lambda out, b: write_json_report(out, b.report),
        "yaml": lambda out, b: write_yaml(out, b.data_file()),
    }
)
