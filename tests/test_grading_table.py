"""``mobility grading-table build``: counts, percentages and cumulative percentages computed by
hand, bad rows, and the YAML data file end to end (validate, then convert with it)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from conftest import Run
from mobility_cli.grading_tables import percent
from support import EXAMPLES, write

# 32 passed grades in 0613/bsc, 7 in 0732/msc, and four rows that cannot be counted.
EXAMS = """\
isced,cycle,grade,count
0613,bsc,18,3
0613,bsc,16,5
0613,bsc,14,8
0613,bsc,12,10
0613,bsc,10,6
0613,bsc,8,4
0732,msc,15,7
0732,msc,12,-1
0732,msc,11,"2,5"
0732,msc,25,1
"""


@pytest.fixture
def exams(tmp_path: Path) -> Path:
    return write(tmp_path / "exams.csv", EXAMS)


def test_percent_is_exact_then_rounded_once() -> None:
    assert str(percent(3, 32)) == "9.38"  # 9.375, half-up
    assert str(percent(5, 32)) == "15.63"  # 15.625
    assert str(percent(8, 32)) == "25.00"  # 9.38 + 15.63 would say 25.01
    assert str(percent(1, 3)) == "33.33" and str(percent(2, 3)) == "66.67"


def test_json_by_hand(run: Run, exams: Path) -> None:
    result = run("grading-table", "build", str(exams), "--scale", "fr-20", "--format", "json")
    assert result.exit_code == 1  # four rows left out
    groups = json.loads(result.stdout)["groups"]
    assert [(g["group"], g["total"], g["below_min_count"]) for g in groups] == [
        ({"isced": "0613", "cycle": "bsc"}, 32, False),
        ({"isced": "0732", "cycle": "msc"}, 7, True),  # flagged, not dropped
    ]
    assert [
        (s["grade"], s["count"], s["percent"], s["cumulative_percent"]) for s in groups[0]["grades"]
    ] == [
        ("18", 3, 9.38, 9.38),  # 3/32 = 9.375 %
        ("16", 5, 15.63, 25),  # 8/32 at or above 16
        ("14", 8, 25, 50),
        ("12", 10, 31.25, 81.25),
        ("10", 6, 18.75, 100),
    ]
    errors = result.stderr.splitlines()
    assert errors[:4] == [
        f"Error: {exams}:7: grade: '8' is a failing grade on fr-20: a grading table counts "
        "passed grades only (row not counted)",
        f"Error: {exams}:9: count: '-1' is not a whole number of grades (0 or more) (row not "
        "counted)",
        f"Error: {exams}:10: count: '2,5' is not a whole number of grades (0 or more) (row not "
        "counted)",
        f"Error: {exams}:11: grade: '25' is not on fr-20 (allowed: 0–20 in steps of 0.01; words: Très bien, "
        "Bien, Assez bien, Passable) (row "
        "not counted)",
    ]
    assert "group isced 0732, cycle msc has 7 passed grades, fewer than 30" in result.stderr
    assert errors[-1] == "6 of 10 rows counted in 2 group(s); 4 row(s) left out"


def test_csv_rows_and_min_count(run: Run, exams: Path) -> None:
    result = run(
        "grading-table", "build", str(exams), "--scale", "fr-20", "--format", "csv",
        "--min-count", "5",
    )  # fmt: skip
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[0] == [
        "isced", "cycle", "total", "grade", "count", "percent", "cumulative_percent",
        "below_min_count",
    ]  # fmt: skip
    assert rows[2] == ["0613", "bsc", "32", "16", "5", "15.63", "25.00", "false"]
    assert rows[-1] == ["0732", "msc", "7", "15", "7", "100.00", "100.00", "false"]


def test_one_grade_per_row_and_by_any_column(run: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path / "rows.csv",
        "Voto;Dipartimento\n30 e lode;DEIB\n30L;DEIB\n27;DEIB\n18;DMEC\n",
    )
    result = run(
        "grading-table", "build", str(path), "--scale", "it-30", "--by", "Dipartimento",
        "--format", "json", "--min-count", "1",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    groups = json.loads(result.stdout)["groups"]
    assert groups[0]["group"] == {"Dipartimento": "DEIB"} and groups[0]["total"] == 3
    assert [(s["grade"], s["count"], s["cumulative_percent"]) for s in groups[0]["grades"]] == [
        ("30L", 2, 66.67),  # two spellings of 30 e lode, one grade, best first
        ("27", 1, 100),
    ]


def test_table_draws_a_bar_per_grade(run: Run, exams: Path) -> None:
    result = run("grading-table", "build", str(exams), "--scale", "fr-20", "--format", "table")
    lines = result.stdout.splitlines()
    assert "isced 0613, cycle bsc: 32 passed grades on fr-20" in lines[0]
    twelve = next(line for line in lines if line.startswith("│ 12 "))
    assert "31.25" in twelve and twelve.count("█") == 30  # the largest share: a full bar
    eighteen = next(line for line in lines if line.startswith("│ 18 "))
    assert eighteen.count("█") == 9  # 9.38 / 31.25 × 30 = 9.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("isced,grade\n,27\n", "isced: empty, so the row belongs to no group"),
        ("cycle,grade\nfourth,27\n", "cycle: 'fourth' is not a cycle"),
        ("isced,grade\n6A,27\n", "isced: '6A' is not an ISCED-F code"),
        ("grade,count\n27,0\n28,0\n", "group all grades: every count is 0"),
        ("grade,count\n27\n", "row has 1 cells, the header has 2"),
    ],
)
def test_bad_rows_are_exit_1(run: Run, tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "in.csv", text)
    result = run("grading-table", "build", str(path), "--scale", "it-30", "-f", "json")
    assert message in result.stderr
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--by", "department"), "missing column(s) department; found 'isced', 'cycle'"),
        (("--scale", "xx-9"), "unknown scale 'xx-9'"),
        (("--min-count", "0"), "--min-count"),
        (("--format", "yaml", "--id", "Bad Id"), "--id 'Bad Id'"),
    ],
)
def test_could_not_build_is_exit_2(
    run: Run, exams: Path, args: tuple[str, ...], message: str
) -> None:
    scale = () if "--scale" in args else ("--scale", "fr-20")
    result = run("grading-table", "build", str(exams), *scale, *args)
    assert result.exit_code == 2 and message in result.stderr and result.stdout == ""


def test_missing_or_empty_input_is_exit_2(run: Run, tmp_path: Path) -> None:
    result = run("grading-table", "build", str(tmp_path / "none.csv"), "--scale", "fr-20")
    assert result.exit_code == 2 and "no such file" in result.stderr
    header_only = write(tmp_path / "header.csv", "grade,count\n")
    result = run("grading-table", "build", str(header_only), "--scale", "fr-20")
    assert result.exit_code == 2 and "header.csv: no grades (only a header" in result.stderr


def test_yaml_is_a_data_file_that_validate_accepts_and_convert_uses(
    run: Run, tmp_path: Path
) -> None:
    """The docs' worked example: a French host's passed grades, grouped by cycle, become a
    grading table; with it, a French 14 in a bachelor programme becomes 27 at ING."""
    data = tmp_path / "my-data"
    (data / "grading_tables").mkdir(parents=True)
    out = data / "grading_tables" / "paris-fr-20.yaml"
    built = run(
        "grading-table", "build", str(EXAMPLES / "passed-exams-paris.csv"), "--scale", "fr-20",
        "--by", "cycle", "--format", "yaml", "--status", "illustrative", "--date", "2026-11-30",
        "-o", str(out),
    )  # fmt: skip
    assert built.exit_code == 0, built.stderr
    assert "group cycle msc has 12 passed grades, fewer than 30" in built.stderr
    document = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert document["id"] == "paris-fr-20" and document["kind"] == "grading_table"
    assert document["provenance"]["status"] == "illustrative"
    assert document["provenance"]["source"] == "passed-exams-paris.csv"
    bsc = document["groups"][0]
    assert bsc["cycle"] == "bsc" and bsc["years"] == "2022/23, 2023/24"
    assert bsc["counts"] == {
        "19": 1, "18": 2, "17": 4, "16": 7, "15": 10, "14": 14, "13": 17, "12": 18, "11": 15,
        "10": 12,
    }  # fmt: skip
    assert "fewer than the minimum of 30" in document["groups"][1]["note"]

    checked = run("--data-dir", str(data), "validate")
    assert checked.exit_code == 0, checked.stdout

    converted = run(
        "--data-dir", str(data), "convert", "--grade", "14", "--scale", "fr-20", "--school",
        "ing", "--programme", "cse-bsc", "--format", "json",
    )  # fmt: skip
    row = json.loads(converted.stdout)["results"][0]
    # 14 is 24–38 % from the top among 100 passed grades; ING's home group puts 28 at 19–30 %
    # and 27 at 30–42 %: overlaps 6 and 8 points, the largest overlap is 27.
    assert (row["converted"], row["method"]) == ("27", "distribution")
    assert "24–38% from the top of 100 passing grades (host table paris-fr-20)" in row["rule"]
    assert "paris-fr-20' is illustrative" in converted.stderr


def test_home_counts_become_reference_groups(run: Run, tmp_path: Path) -> None:
    """docs/grading-tables.md: a group of the home side's output, with an id, a name and a
    provenance, is a conversion table's reference group, and the distribution method uses it."""
    data = tmp_path / "data"
    (data / "conversion_tables").mkdir(parents=True)
    (data / "grading_tables").mkdir()
    home = run(
        "grading-table", "build", str(EXAMPLES / "home-exams-synthetic.csv"), "--scale", "it-30",
        "--by", "cycle", "--format", "yaml", "--status", "illustrative",
    )  # fmt: skip
    assert home.exit_code == 0, home.stderr
    bsc = yaml.safe_load(home.stdout)["groups"][0]
    assert bsc["cycle"] == "bsc" and sum(bsc["counts"].values()) == 100
    bsc.update(
        id="bsc",
        name="Bachelor programmes (synthetic counts)",
        provenance={"source": "synthetic", "date": "2026-11-30", "status": "illustrative"},
    )
    table = {
        "kind": "conversion_table",
        "schema_version": 1,
        "id": "mine",
        "name": "Mine",
        "school": "MINE",
        "provenance": {"source": "test", "date": "2026-11-30", "status": "official"},
        "rules": [
            {
                "scales": ["fr-20"],
                "methods": [
                    {"method": "distribution", "policy": "min", "min_count": 30},
                    {"method": "linear"},
                ],
            }
        ],
        "programmes": [{"id": "eng-bsc", "name": "Engineering", "level": "bsc"}],
        "reference_groups": [bsc],
    }
    write(data / "conversion_tables" / "mine.yaml", yaml.safe_dump(table, sort_keys=False))
    host = run(
        "grading-table", "build", str(EXAMPLES / "passed-exams-paris.csv"), "--scale", "fr-20",
        "--by", "cycle", "--format", "yaml", "-o", str(data / "grading_tables" / "paris.yaml"),
    )  # fmt: skip
    assert host.exit_code == 0, host.stderr
    checked = run("--data-dir", str(data), "validate")
    assert checked.exit_code == 0, checked.stdout
    converted = run(
        "--data-dir", str(data), "convert", "--grade", "14", "--scale", "fr-20", "--school",
        "mine", "--programme", "eng-bsc", "--format", "json",
    )  # fmt: skip
    row = json.loads(converted.stdout)["results"][0]
    # 14 is 24–38 % from the top; the home bsc group puts 28 at 19–30 %, 27 at 30–42 %:
    # policy min takes the lower candidate, 27.
    assert (row["converted"], row["method"]) == ("27", "distribution")
    assert "home group 'bsc' (illustrative, 100 passing grades)" in row["rule"]
