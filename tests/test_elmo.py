"""ELMO / EMREX transcripts: reading v1 and v2, nested parts, missing fields, hostile XML."""

from __future__ import annotations

import csv
import io
import json
import time
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import Run
from mobility_cli.api import load_catalog
from mobility_cli.conversion.context import HostDistribution
from mobility_cli.errors import InputError
from mobility_cli.io.elmo import ElmoTranscript, looks_like_xml, read_elmo
from support import EXAMPLES, write

V1 = "https://github.com/emrex-eu/elmo-schemas/tree/v1"
V2 = "https://github.com/emrex-eu/elmo-schemas/tree/v2"
SCALES = load_catalog().scales()
FR20 = '<gradingScheme localId="FR20"><description xml:lang="en">0-20, pass 10</description></gradingScheme>'
PF = (
    '<gradingScheme localId="PF"><description xml:lang="en">Pass/fail</description></gradingScheme>'
)


def course(
    title: str,
    label: str | None = "14",
    credits: str | None = "6",
    *,
    status: str | None = "passed",
    scheme: str = "FR20",
    distribution: str = "",
    parts: str = "",
    isced: str | None = None,
) -> str:
    """One learningOpportunitySpecification with its instance (and optional hasPart children)."""
    instance = "".join(
        [
            f"<status>{status}</status>" if status else "",
            f"<gradingSchemeLocalId>{scheme}</gradingSchemeLocalId>",
            f"<resultLabel>{label}</resultLabel>" if label is not None else "",
            f"<resultDistribution>{distribution}</resultDistribution>" if distribution else "",
            f"<credit><scheme>ects</scheme><value>{credits}</value></credit>"
            if credits is not None
            else "",
        ]
    )
    return (
        f'<learningOpportunitySpecification><title xml:lang="en">{title}</title>'
        + (f"<iscedCode>{isced}</iscedCode>" if isced else "")
        + f"<specifies><learningOpportunityInstance>{instance}</learningOpportunityInstance></specifies>"
        + "".join(f"<hasPart>{part}</hasPart>" for part in parts.split("\0") if part)
        + "</learningOpportunitySpecification>"
    )


def report(
    body: str, country: str | None = "FR", schemes: str = FR20 + PF, host: str = "host.example"
) -> str:
    issuer = (f"<country>{country}</country>" if country else "") + (
        f'<identifier type="schac">{host}</identifier><title xml:lang="en">Host {host}</title><url>https://{host}</url>'
    )
    return f"<report><issuer>{issuer}</issuer>{body}<issueDate>2026-01-01T00:00:00Z</issueDate>{schemes}</report>"


def elmo(*reports: str, namespace: str = V1) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<elmo xmlns="{namespace}">\n'
        "<generatedDate>2026-01-01T00:00:00Z</generatedDate>"
        "<learner><givenNames>Anna</givenNames><familyName>Rossi</familyName></learner>\n"
        + "\n".join(reports)
        + "\n</elmo>\n"
    )


def read(text: str, scale: str | None = None) -> ElmoTranscript:
    return read_elmo(io.BytesIO(text.encode("utf-8")), "t.xml", SCALES, scale)


def categories(*pairs: tuple[str, int]) -> str:
    return "".join(f'<category label="{label}" count="{count}"/>' for label, count in pairs)


# The reference's minimal example (grade-conversion-methods §5.4), as written there.
MINIMAL = """<elmo xmlns="{ns}">
  <generatedDate>2025-02-01T10:00:00Z</generatedDate>
  <learner><givenNames>Anna</givenNames><familyName>Rossi</familyName></learner>
  <report>
    <issuer><country>FR</country><identifier type="schac">example.fr</identifier>
      <title xml:lang="en">Université Example</title><url>https://example.fr</url></issuer>
    <learningOpportunitySpecification>
      <identifier type="local">ECO201</identifier>
      <title xml:lang="en">Microeconomics II</title><type>Course</type><iscedCode>0311</iscedCode>
      <specifies><learningOpportunityInstance>
        <status>passed</status><gradingSchemeLocalId>FR20</gradingSchemeLocalId>
        <resultLabel>14</resultLabel>
        <resultDistribution><category label="10" count="30"/><category label="14" count="35"/>
          <category label="18" count="5"/></resultDistribution>
        <credit><scheme>ects</scheme><value>6</value></credit>
      </learningOpportunityInstance></specifies>
    </learningOpportunitySpecification>
    <issueDate>2025-02-01T10:00:00Z</issueDate>
    <gradingScheme localId="FR20"><description xml:lang="en">0-20, pass 10</description></gradingScheme>
  </report>
</elmo>
"""


# --- reading -----------------------------------------------------------------------------


@pytest.mark.parametrize(("namespace", "version"), [(V1, "v1"), (V2, "v2")])
def test_v1_and_v2_give_the_same_course(namespace: str, version: str) -> None:
    transcript = read(MINIMAL.format(ns=namespace))
    assert transcript.version == version
    (only,) = transcript.courses
    assert (only.row, only.course, only.grade, only.credits, only.scale) == (
        10,
        "Microeconomics II",
        "14",
        Decimal(6),
        "fr-20",
    )
    assert (only.status, only.isced, only.host, only.problem) == (
        "passed",
        "0311",
        "example.fr",
        None,
    )
    assert only.distribution == HostDistribution((("10", 30), ("14", 35), ("18", 5)))
    assert (
        "grading scheme 'FR20' (0-20, pass 10) of Université Example read as fr-20"
        in transcript.notes
    )


@pytest.mark.parametrize("namespace", [V1, V2])
def test_the_minimal_example_converts_by_its_distribution(
    run: Run, tmp_path: Path, namespace: str
) -> None:
    path = write(tmp_path / "minimal.xml", MINIMAL.format(ns=namespace))
    result = run("convert", str(path), "--school", "ing", "-f", "json")
    assert result.exit_code == 0, result.stderr
    (row,) = json.loads(result.stdout)["results"]
    assert (row["method"], row["distribution"], row["converted"]) == (
        "distribution",
        "transcript",
        "27",
    )
    assert "14 is 7.1–57.1% from the top of 70 passing grades (transcript)" in row["rule"]


def test_titles_prefer_english_and_fall_back_to_an_identifier() -> None:
    french = '<learningOpportunitySpecification><title xml:lang="fr">Analyse</title><title xml:lang="en">Calculus</title>'
    nameless = '<learningOpportunitySpecification><identifier type="local">X-1</identifier><title/>'
    body = course("T").replace(
        '<learningOpportunitySpecification><title xml:lang="en">T</title>', french
    )
    body += course("U").replace(
        '<learningOpportunitySpecification><title xml:lang="en">U</title>', nameless
    )
    assert [c.course for c in read(elmo(report(body))).courses] == ["Calculus", "X-1"]


def test_unknown_elements_and_other_namespaces_are_ignored() -> None:
    body = course("Kept").replace(
        "<specifies>",
        '<subjectArea>0714</subjectArea><x:note xmlns:x="urn:other">ignored</x:note><futureElement/><specifies>',
    )
    transcript = read(
        elmo(report(body, schemes=FR20 + '<extension><y xmlns="urn:y"/></extension>'))
    )
    assert [(c.course, c.grade) for c in transcript.courses] == [("Kept", "14")]


def test_several_reports_keep_their_own_countries() -> None:
    german = '<gradingScheme localId="DE"><description xml:lang="en">1.0 (best) to 5.0, pass 4.0</description></gradingScheme>'
    text = elmo(
        report(course("Analyse", "15")),
        report(
            course("Analysis", "1,7", scheme="DE"),
            country="DE",
            schemes=german,
            host="uni.example.de",
        ),
    )
    courses = read(text).courses
    assert [(c.course, c.scale, c.host) for c in courses] == [
        ("Analyse", "fr-20", "host.example"),
        ("Analysis", "de-5", "uni.example.de"),
    ]


# --- nested parts ------------------------------------------------------------------------


def test_a_module_whose_courses_carry_credits_is_not_counted_again() -> None:
    parts = "\0".join([course("Part A", "12", "3"), course("Part B", "16", "3")])
    transcript = read(elmo(report(course("Module", "14", "6", parts=parts))))
    assert [(c.course, c.credits) for c in transcript.courses] == [("Part A", 3), ("Part B", 3)]
    assert any(
        "'Module' (line" in n and "groups 2 course(s) that carry their own credits" in n
        for n in transcript.notes
    )


def test_a_course_whose_parts_carry_no_credits_is_one_course() -> None:
    parts = "\0".join([course("Lecture", "12", None), course("Lab", "16", None)])
    transcript = read(elmo(report(course("Course", "14", "6", parts=parts))))
    assert [(c.course, c.grade, c.credits) for c in transcript.courses] == [("Course", "14", 6)]
    assert any("the 2 part(s) of 'Course'" in n for n in transcript.notes)


def test_a_programme_tree_is_flattened_to_its_courses() -> None:
    module = course(
        "Module",
        None,
        None,
        status=None,
        parts="\0".join([course("C1", "11", "5"), course("C2", "13", "4")]),
    )
    programme = course(
        "Programme", None, None, status=None, parts="\0".join([module, course("C3", "17", "6")])
    )
    transcript = read(elmo(report(programme)))
    assert [c.course for c in transcript.courses] == ["C1", "C2", "C3"]
    assert sum(c.credits or 0 for c in transcript.courses) == 15
    assert not any("groups" in n for n in transcript.notes)  # nothing was left out


# --- missing and odd fields: the course is an error or excluded, the others go on ------------


def test_missing_fields_make_that_course_an_error(run: Run, tmp_path: Path) -> None:
    body = "".join(
        [
            course("Fine", "15", "6"),
            course("No credits", "14", None),
            course("No result", None, "5"),
            course("Failed", "8", None, status="failed"),
            course("Running", None, None, status="in-progress"),
            course("Broken credits", "14", "six"),
            course("Pass/fail word", "Validé", "3", scheme="FR20"),
            course("Pass/fail scheme", "OK", "2", scheme="PF"),
        ]
    )
    path = write(tmp_path / "t.xml", elmo(report(body)))
    result = run("convert", str(path), "--school", "ing", "-f", "json")
    assert result.exit_code == 1
    rows = {r["course"]: r for r in json.loads(result.stdout)["results"]}
    assert (
        "Running" not in rows
        and "'Running' (line" in result.stderr
        and "in progress: not listed" in result.stderr
    )
    assert rows["Fine"]["status"] == "ok"
    assert (rows["No credits"]["status"], rows["No credits"]["error"]) == (
        "error",
        "credits missing",
    )
    assert (rows["No result"]["status"], rows["No result"]["error"]) == ("error", "grade missing")
    assert rows["Failed"]["status"] == "excluded"
    assert rows["Broken credits"]["error"] == "credits: 'six' is not a number"
    assert rows["Pass/fail word"]["status"] == rows["Pass/fail scheme"]["status"] == "excluded"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("distribution", "error"),
    [
        (
            categories(("14", 0), ("0-9.99", 12)),
            "the host distribution (transcript) has no passing grades",
        ),
        (categories(("14", 0), ("12", 0)), "the host distribution (transcript) counts no grades"),
        (
            '<category label="14" count="many"/>',
            "resultDistribution: category '14': count 'many' is not a whole number",
        ),
        ('<category count="3"/>', "a category without a label"),
    ],
)
def test_a_broken_distribution_is_an_error_of_that_course(
    run: Run, tmp_path: Path, distribution: str, error: str
) -> None:
    body = course("Broken", "14", "6", distribution=distribution) + course("Fine", "15", "6")
    result = run(
        "convert",
        str(write(tmp_path / "t.xml", elmo(report(body)))),
        "--school",
        "ing",
        "-f",
        "json",
    )
    assert result.exit_code == 1
    broken, fine = json.loads(result.stdout)["results"]
    assert broken["status"] == "error" and error in broken["error"]
    assert fine["status"] == "ok"


# --- which scale -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "scheme", "label", "scale", "problem"),
    [
        ("SE", "", "VG", "se-vg", None),
        ("SE", "", "4", "se-5", None),
        ("FR", "", "B", "ects", None),  # not a French grade, an ECTS letter
        ("IT", "", "28", "it-30", None),
        (None, "Germany: 1.0 best, 5.0 fail, pass 4.0", "2.3", "de-5", None),
        (None, "0-20, pass 10", "14", None, "the grading scale could be"),
        (
            None,
            "",
            "14",
            None,
            "cannot tell the grading scale (no issuer country, no grading scheme description): pass --scale",
        ),
        ("LU", "", "14", None, "cannot tell the grading scale (issuer country LU"),
    ],
)
def test_the_scale_comes_from_country_scheme_and_grade(
    country: str | None, scheme: str, label: str, scale: str | None, problem: str | None
) -> None:
    described = (
        f'<gradingScheme localId="S"><description>{scheme}</description></gradingScheme>'
        if scheme
        else ""
    )
    (only,) = read(
        elmo(report(course("C", label, scheme="S"), country=country, schemes=described))
    ).courses
    assert only.scale == scale
    assert (only.problem is None) if problem is None else (problem in (only.problem or ""))


def test_scale_option_overrides_the_pick(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "t.xml", elmo(report(course("C", "14"), country="LU", schemes="")))
    unknown = run("convert", str(path), "--school", "ing", "-f", "json")
    assert (
        unknown.exit_code == 1
        and "pass --scale" in json.loads(unknown.stdout)["results"][0]["error"]
    )
    chosen = json.loads(
        run("convert", str(path), "--school", "ing", "--scale", "be-20", "-f", "json").stdout
    )
    assert (chosen["results"][0]["scale"], chosen["results"][0]["converted"]) == ("be-20", "23")


# --- not ELMO, hostile XML: exit 2, one line, fast ----------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE elmo [
  <!ENTITY a "aaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
  <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
  <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
  <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
]>
<elmo xmlns="https://github.com/emrex-eu/elmo-schemas/tree/v1"><report><issuer>&h;</issuer></report></elmo>
"""


def external_entity(target: Path) -> str:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE elmo [<!ENTITY secret SYSTEM "file://{target}">]>\n'
        f'<elmo xmlns="{V1}"><report><issuer><country>&secret;</country></issuer></report></elmo>\n'
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (BILLION_LAUGHS, "t.xml:2:16: a DOCTYPE declaration is not allowed"),
        ("EXTERNAL", "t.xml:2:16: a DOCTYPE declaration is not allowed"),
        (
            f'<!DOCTYPE elmo SYSTEM "http://example.invalid/elmo.dtd">\n<elmo xmlns="{V1}"/>',
            "t.xml:1:56: a DOCTYPE declaration",
        ),
        (f'<elmo xmlns="{V1}"><report>&undeclared;</report></elmo>', "t.xml:1:"),
        ("course,credits,grade\nA,6,14\n", "t.xml:1:1: not well-formed XML (syntax error)"),
        (
            "<html><body>transcript</body></html>",
            "t.xml:1: not an ELMO file: the root element is <html>, not <elmo>",
        ),
        (
            '<elmo xmlns="urn:other-elmo"/>',
            "t.xml:1: <elmo> has namespace 'urn:other-elmo'; ELMO files use",
        ),
        ("<elmo/>", "t.xml:1: <elmo> has no namespace"),
        (
            f'<elmo xmlns="{V1}"><generatedDate>x</generatedDate></elmo>',
            "t.xml: an ELMO file without a <report>",
        ),
        ("", "t.xml: empty file"),
        (f'<elmo xmlns="{V1}"><report>', "not well-formed XML (no element found)"),
        (
            f'<elmo xmlns="{V1}">' + "<a>" * 100 + "</a>" * 100 + "</elmo>",
            "t.xml:1:361: elements nested more than 100 deep",
        ),
        (
            f'<elmo xmlns="{V1}">' + "<a/>" * 200_000 + "</elmo>",
            "more than 200,000 elements: not a transcript",
        ),
    ],
)
def test_bad_or_hostile_files_exit_2_with_one_line(
    run: Run, tmp_path: Path, content: str, message: str
) -> None:
    secret = write(tmp_path / "secret.txt", "TOP-SECRET-VALUE")
    path = write(tmp_path / "t.xml", external_entity(secret) if content == "EXTERNAL" else content)
    started = time.monotonic()
    result = run("convert", str(path), "--school", "ing", "-f", "json")
    # a hang guard, not a speed test: the element cap stops a file long before this on any machine
    assert time.monotonic() - started < 30
    assert result.exit_code == 2
    assert message in result.stderr, result.stderr
    assert result.stderr.count("Error:") == 1 and result.stdout == ""
    assert "TOP-SECRET-VALUE" not in result.stderr


def test_undeclared_entity_reference_is_not_well_formed() -> None:
    with pytest.raises(InputError, match="undefined entity"):
        read(f'<elmo xmlns="{V1}"><report>&xxe;</report></elmo>')


# --- recognising XML -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("t.xml", b"course,credits", True),
        ("-", b"  \n<?xml version='1.0'?>", True),
        ("transcript", b"\xef\xbb\xbf<elmo", True),
        ("transcript", "\ufeff<elmo".encode("utf-16-le"), True),
        ("t.csv", b"course,credits,grade\n", False),
    ],
)
def test_xml_is_recognised_by_content_or_name(name: str, head: bytes, expected: bool) -> None:
    assert looks_like_xml(name, head) is expected


def test_xml_on_standard_input_is_read_as_elmo(run: Run) -> None:
    result = run(
        "convert", "-", "--school", "ing", "-f", "json", input=MINIMAL.format(ns=V1).encode()
    )
    assert (
        result.exit_code == 0
        and json.loads(result.stdout)["results"][0]["course"] == "Microeconomics II"
    )


def test_utf16_elmo_file(run: Run, tmp_path: Path) -> None:
    text = MINIMAL.format(ns=V2).replace("Microeconomics II", "Microéconomie II")
    path = tmp_path / "utf16.dat"
    path.write_bytes(
        '<?xml version="1.0" encoding="UTF-16"?>\n'.encode("utf-16") + text.encode("utf-16-le")
    )
    result = run("convert", str(path), "--school", "ing", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["results"][0]["course"] == "Microéconomie II"


# --- the example file, end to end ------------------------------------------------------------

EXAMPLE = EXAMPLES / "elmo-paris-v1.xml"


def test_example_converts_every_course_and_explains_each(run: Run) -> None:
    result = run("convert", str(EXAMPLE), "--school", "ing", "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    rows = {r["course"]: r for r in document["results"]}
    assert set(rows) == {
        "Signal Processing", "Probability and Statistics", "Microcontrollers", "Real-Time Systems",
        "Operations Research", "Control Engineering", "Innovation Project", "French as a Foreign Language (B2)",
    }  # fmt: skip
    by_distribution = {c for c, r in rows.items() if r["method"] == "distribution"}
    assert by_distribution == {
        "Signal Processing",
        "Microcontrollers",
        "Operations Research",
        "Control Engineering",
    }
    assert all(rows[c]["distribution"] == "transcript" for c in by_distribution)
    assert rows["Signal Processing"]["converted"] == "27"  # 23 by the linear formula
    assert (
        rows["Probability and Statistics"]["method"],
        rows["Probability and Statistics"]["distribution"],
    ) == ("linear", None)
    assert rows["Innovation Project"]["method"] == "bands"
    assert rows["French as a Foreign Language (B2)"]["status"] == "excluded"
    assert all(r["rule"] for r in rows.values())
    assert "Embedded Systems" not in rows and "'Embedded Systems' (line" in result.stderr
    summary = document["summary"]
    assert (summary["credits"], summary["graded_credits"], summary["weighted_average"]) == (
        36,
        33,
        26.06,
    )
    closing = result.stderr.strip().splitlines()[-1]
    assert (
        closing
        == "note: conversion table 'ing', reference group 'ing-school' is illustrative: NOT PoliMi's grade distribution, which is not public."
    )


def test_example_as_a_table_for_a_person(run: Run) -> None:
    result = run("convert", str(EXAMPLE), "--school", "ing", "--format", "table")
    assert result.exit_code == 0
    assert "distribution (max-overlap)" in result.stdout and "'ing-school'" in result.stdout
    assert "credits 36, graded credits 33, weighted average 26.06" in result.stdout


def test_example_with_the_host_grading_table(run: Run) -> None:
    result = run(
        "--data-dir",
        str(EXAMPLES / "host-tables"),
        "convert",
        str(EXAMPLE),
        "--school",
        "ing",
        "-f",
        "csv",
    )
    assert result.exit_code == 0
    rows = {r["course"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["Probability and Statistics"]["method"] == "distribution"
    assert "(host table univ-paris-example)" in rows["Probability and Statistics"]["rule"]
    assert "grading table 'univ-paris-example' is illustrative" in result.stderr


# --- CSV transcripts may carry a distribution too --------------------------------------------


def test_csv_distribution_column(run: Run, tmp_path: Path) -> None:
    worked = " ".join(
        f"{g}:{n * 20}"
        for g, n in zip(range(20, 9, -1), (0, 1, 2, 4, 7, 10, 14, 17, 18, 15, 12), strict=True)
    )
    path = write(
        tmp_path / "t.csv",
        f"course;credits;grade;scale;distribution\nA;6;14;fr-20;{worked}\nB;6;14;fr-20;\nC;6;14;fr-20;14 is good\n",
    )
    result = run("convert", str(path), "--school", "ing", "-f", "json")
    a, b, c = json.loads(result.stdout)["results"]
    assert (a["method"], a["converted"], a["distribution"]) == ("distribution", "27", "transcript")
    assert (b["method"], b["converted"]) == ("linear", "23")
    assert c["status"] == "error" and c["error"] == "distribution: '14' is not grade:count"
    assert result.exit_code == 1


def test_tables_show_the_distribution_method_and_its_groups(run: Run) -> None:
    result = run("tables", "ing")
    assert (
        "distribution (ECTS grading tables), policy max-overlap, at least 30 passing grades"
        in result.stdout
    )
    assert (
        "reference group ing-school (illustrative): 2000 passing grades, the school"
        in result.stdout
    )


def test_a_national_host_table_serves_single_grades_too(run: Run, tmp_path: Path) -> None:
    (tmp_path / "grading_tables").mkdir()
    write(
        tmp_path / "grading_tables" / "france.yaml",
        "kind: grading_table\nschema_version: 1\nid: france\nname: France, all fields\nscale: fr-20\n"
        "provenance: {source: test, date: 2026-11-26, status: derived}\n"
        'groups:\n  - counts: {"16": 10, "14": 20, "12": 40, "10": 30}\n',
    )
    result = run(
        "--data-dir",
        str(tmp_path),
        "convert",
        "-g",
        "14",
        "--scale",
        "fr-20",
        "--school",
        "ing",
        "-f",
        "json",
    )
    (row,) = json.loads(result.stdout)["results"]
    assert (row["method"], row["distribution"], row["converted"]) == (
        "distribution",
        "host table france",
        "28",
    )
    assert "grading table 'france' is derived" in result.stderr


def test_a_broken_host_table_is_named_when_it_is_needed(run: Run, tmp_path: Path) -> None:
    (tmp_path / "grading_tables").mkdir()
    write(
        tmp_path / "grading_tables" / "bad.yaml",
        "kind: grading_table\nschema_version: 1\nid: bad\ncolour: red\n",
    )
    result = run(
        "--data-dir", str(tmp_path), "convert", "-g", "14", "--scale", "fr-20", "--school", "ing"
    )
    assert result.exit_code == 2
    assert (
        "grading_tables/bad.yaml:1:1: Field required (groups) (and 4 more problem(s))"
        in result.stderr
    )


# --- report-level grading schemes decide the scale (issue 10, item 8) ---------------------------

HUNDRED = (
    '<gradingScheme localId="0-100"><description xml:lang="en">A number of the scale from 0.0 '
    "to 100.0, where 100.0 is the best</description></gradingScheme>"
)
ZAL = (
    '<gradingScheme localId="ZAL"><description xml:lang="en">Pass/Fail (non-graded pass)'
    "</description></gradingScheme>"
)


def test_a_0_100_scheme_is_never_read_as_ects_letters() -> None:
    (only,) = read(
        elmo(report(course("C", "45.1", scheme="0-100"), country="PL", schemes=HUNDRED))
    ).courses
    assert only.scale is None
    assert "grading scheme '0-100' (A number of the scale from 0.0 to 100.0" in (only.problem or "")
    assert "is a 0–100 scale that no scale of the data in PL matches" in (only.problem or "")
    assert "elmo_schemes" in (only.problem or "") and "--scale" in (only.problem or "")


def test_a_0_100_scheme_of_a_uk_issuer_is_the_uk_percentage() -> None:
    (only,) = read(
        elmo(report(course("C", "65", scheme="0-100"), country="GB", schemes=HUNDRED))
    ).courses
    assert (only.scale, only.problem) == ("uk-pct", None)


def test_a_pass_fail_scheme_makes_the_course_pass_fail() -> None:
    (only,) = read(
        elmo(report(course("C", "ZAL", scheme="ZAL"), country="PL", schemes=ZAL))
    ).courses
    assert (only.status, only.problem) == ("pass-fail", None)


def test_an_issuer_mapping_in_a_data_dir_pins_a_scheme(run: Run, tmp_path: Path) -> None:
    (tmp_path / "scales").mkdir()
    write(
        tmp_path / "scales" / "pins.yaml",
        "kind: scales\nschema_version: 1\n"
        "provenance: {source: the issuer's transcript legend, date: 2026-11-30, status: derived}\n"
        "scales:\n"
        "  - {type: numeric, id: pl-100, name: 'Poland, 0–100 (one issuer)', countries: [PL],\n"
        "     best: 100, worst: 0, pass: 51,\n"
        "     elmo_schemes: [{issuer: host.example, local_id: '0-100'}]}\n",
    )
    path = write(
        tmp_path / "t.xml",
        elmo(report(course("C", "45.1", scheme="0-100") + course("D", "75", scheme="0-100"),
                    country="PL", schemes=HUNDRED)),
    )  # fmt: skip
    result = run("--data-dir", str(tmp_path), "convert", str(path), "--school", "ing", "-f", "json")
    out = json.loads(result.stdout)["results"]
    assert [r["scale"] for r in out] == ["pl-100", "pl-100"]
    assert "failing grade on pl-100" in out[0]["error"] and out[1]["converted"] == "24"
