"""Security: ids stay inside the data directories, nothing in ``src/`` evaluates text or loads
YAML unsafely, every CSV we write is safe to open in Excel, and no input makes us read
without bound. The decisions are written down in docs/robustness.md.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from calls_support import write_call
from conftest import Run
from mobility_cli.catalog import CALLS_DIR, TABLES_DIR, Catalog, bundled_data_dir
from mobility_cli.errors import UnknownIdError
from mobility_cli.io.yamlio import MAX_FILE_BYTES, DocumentError, StrictSafeLoader, read_document
from mobility_cli.numbers import parse_number
from mobility_cli.validation.formats import WRITERS
from support import ROOT

SRC = ROOT / "src" / "mobility_cli"
KA107 = "ka107-2019-2020-s2"
POLIMI = "polimi-2026-2027-first-engineering"

# --- ids used to find files ----------------------------------------------------------------

SNEAKY_IDS = [
    "../secret",
    "../../secret",
    "..\\secret",
    "/etc/passwd",
    "{outside}/secret",  # an absolute path to a valid table
    "conversion_tables/../../secret",
    "C:secret",  # a path on another drive, on Windows
    ".secret",
    "%2e%2e%2fsecret",
    "secret\n",
]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data directory with a valid table and a valid call *beside* its folders: reachable only
    by a path, never by an id."""
    root = tmp_path / "data"
    (root / TABLES_DIR).mkdir(parents=True)
    for folder in (root, tmp_path):
        shutil.copy(bundled_data_dir() / TABLES_DIR / "ing.yaml", folder / "secret.yaml")
        shutil.copy(write_call(folder, "", ident="secret-call"), folder / "secret-call.yaml")
    return root


@pytest.mark.parametrize("ident", SNEAKY_IDS)
def test_a_school_id_is_never_a_path(run: Run, data_dir: Path, ident: str) -> None:
    ident = ident.format(outside=data_dir.parent)
    result = run("--data-dir", str(data_dir), "convert", "--grade", "14", "--scale", "fr-20", "--school", ident)  # fmt: skip
    assert result.exit_code == 2 and "unknown school / conversion table" in result.stderr


@pytest.mark.parametrize("ident", [*SNEAKY_IDS, "../secret-call", "{outside}/secret-call"])
@pytest.mark.parametrize("command", ["check", "calls"])
def test_a_call_id_is_never_a_path(run: Run, data_dir: Path, ident: str, command: str) -> None:
    ident = ident.format(outside=data_dir.parent)
    args = ["--call", ident, "--programme", "x"] if command == "check" else [ident]
    result = run("--data-dir", str(data_dir), command, *args)
    assert result.exit_code == 2 and "unknown call" in result.stderr


@pytest.mark.parametrize("ident", ["secret\0", "", "..", "."])
def test_ids_the_command_line_cannot_even_spell(data_dir: Path, ident: str) -> None:
    catalog = Catalog.from_options(data_dir)
    with pytest.raises(UnknownIdError):
        catalog.table(ident)
    with pytest.raises(UnknownIdError):
        catalog.call(ident)


@pytest.mark.skipif(sys.platform == "win32", reason="':' cannot be in a Windows file name")
def test_an_id_with_a_drive_letter_is_refused_on_every_platform(data_dir: Path) -> None:
    # On POSIX "C:evil.yaml" is a plain file name; on Windows the same id would name a file in
    # the current folder of drive C. One rule for every platform: it is not an id.
    shutil.copy(bundled_data_dir() / TABLES_DIR / "ing.yaml", data_dir / TABLES_DIR / "C:evil.yaml")
    with pytest.raises(UnknownIdError):
        Catalog.from_options(data_dir).table("C:evil")


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges")
def test_a_symbolic_link_inside_a_data_directory_is_followed(data_dir: Path) -> None:
    # Decision: the data directory belongs to whoever passes --data-dir; a link they put there
    # (a table shared between two repositories) is theirs to make. Ids cannot create links.
    (data_dir / TABLES_DIR / "shared.yaml").symlink_to(data_dir.parent / "secret.yaml")
    assert Catalog.from_options(data_dir).table("shared").school == "ING"


# --- no evaluation, no unsafe loading ------------------------------------------------------

FORBIDDEN = {
    "eval": re.compile(r"(?<![\w.])eval\s*\("),
    "exec": re.compile(r"(?<![\w.])exec\s*\("),
    "compile": re.compile(r"(?<![\w.])compile\s*\([^)]*['\"]exec['\"]"),
    "__import__": re.compile(r"__import__\s*\("),
    "pickle": re.compile(r"\b(c?pickle|marshal|shelve)\b"),
    "yaml.load without a safe loader": re.compile(
        r"\byaml\.(load|load_all)\s*\((?![^)]*Loader\s*=\s*(yaml\.)?(C?SafeLoader|StrictSafeLoader|_BaseLoader))"
    ),
    "unsafe yaml": re.compile(r"\b(unsafe_load|unsafe_load_all|full_load|full_load_all|FullLoader|UnsafeLoader|UnsafeConstructor|FullConstructor)\b|\byaml\.(C?Loader)\b"),
    "other XML parsers": re.compile(r"\b(xml\.etree|xml\.dom|xml\.sax|lxml)\b"),
    "shell": re.compile(r"shell\s*=\s*True|\bos\.(system|popen)\s*\("),
}  # fmt: skip


def forbidden_in(text: str) -> list[str]:
    return [name for name, pattern in FORBIDDEN.items() if pattern.search(text)]


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("value = eval(text)", ["eval"]),
        ("exec (code)", ["exec"]),
        ("import pickle", ["pickle"]),
        ("data = yaml.load(stream)", ["yaml.load without a safe loader"]),
        ("data = yaml.load(s, Loader=yaml.FullLoader)", ["yaml.load without a safe loader", "unsafe yaml"]),
        ("yaml.unsafe_load(s)", ["unsafe yaml"]),
        ("yaml.load(s, Loader=yaml.Loader)", ["yaml.load without a safe loader", "unsafe yaml"]),
        ("from xml.etree import ElementTree", ["other XML parsers"]),
        ("subprocess.run(cmd, shell=True)", ["shell"]),
        ("data = yaml.load(s, Loader=yaml.CSafeLoader)", []),
        ("ast.literal_eval(x); self.evaluate(y); model.exec_(z)", []),
    ],
)  # fmt: skip
def test_the_source_scan_finds_what_it_looks_for(line: str, found: list[str]) -> None:
    assert forbidden_in(line) == found


def test_no_evaluation_and_no_unsafe_yaml_loader_in_the_source() -> None:
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 50
    found = {
        str(path.relative_to(SRC)): names
        for path in files
        if (names := forbidden_in(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_one_yaml_loader_is_a_safe_one() -> None:
    constructor = yaml.constructor
    assert issubclass(StrictSafeLoader, constructor.SafeConstructor)
    assert not issubclass(StrictSafeLoader, constructor.FullConstructor)


def test_a_python_tag_runs_nothing(run: Run, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(
        f'kind: scales\nschema_version: 1\nx: !!python/object/apply:os.system ["touch {marker}"]\n',
        encoding="utf-8",
    )
    result = run("validate", str(path))
    assert result.exit_code == 1 and "could not determine a constructor" in result.stdout
    assert not marker.exists()


# --- no unbounded reads ----------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_yaml_file_that_never_ends_is_refused_at_the_cap() -> None:
    # A pipe or a device has no size to check (`mobility validate <(curl …)`): the reader
    # stops at the cap instead of reading without end.
    with pytest.raises(DocumentError, match=f"over the {MAX_FILE_BYTES}-byte cap"):
        read_document(Path("/dev/zero"))


# --- formula injection: every CSV we write -------------------------------------------------

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EVIL = '=HYPERLINK("http://evil.example","click")'


def assert_safe_for_excel(text: str, delimiter: str, evil: str) -> None:
    """No cell starts a formula (numbers such as -3 aside), and the evil cell is still there."""
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]
    assert "'" + evil in cells
    for cell in cells:
        if cell.startswith(TRIGGERS):
            parse_number(cell)  # raises unless it is a plain number


def test_convert_csv_is_safe(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(f'course,credits,grade,scale\n"{EVIL.replace(chr(34), chr(34) * 2)}",6,14,fr-20\n@SUM(1),6,-3,dk-7\n', encoding="utf-8")  # fmt: skip
    result = run("convert", str(path), "--school", "ing", "-f", "csv")
    assert_safe_for_excel(result.stdout, ",", EVIL)
    # a Danish -3 stays a number
    assert "'@SUM(1)" in result.stdout and ",-3,dk-7," in result.stdout


def test_convert_of_single_grades_csv_is_safe(run: Run) -> None:
    result = run("convert", "--grade", EVIL, "--grade", "-3", "--scale", "dk-7", "--school", "ing", "-f", "csv")  # fmt: skip
    assert_safe_for_excel(result.stdout, ",", EVIL)


def test_convert_elmo_csv_is_safe(run: Run) -> None:
    path = ROOT / "tests" / "data" / "bad" / "elmo-bad-values.xml"
    result = run("convert", str(path), "--school", "ing", "-f", "csv")
    assert_safe_for_excel(result.stdout, ",", '=HYPERLINK("http://evil.example","click")')


APPLICANTS = (
    "id;programme;level;year;months_abroad;credits;average;previous_exchanges;years_enrolled\n"
)


@pytest.mark.parametrize("command", ["check", "rank"])
def test_check_and_rank_csv_are_safe(run: Run, tmp_path: Path, command: str) -> None:
    path = tmp_path / "applicants.csv"
    rows = [f'"{EVIL.replace(chr(34), chr(34) * 2)}";Ingegneria Fisica;LM;2;0;90;27;0;2', "+39 02;@Fisica;LM;2;0;90;27;0;2"]  # fmt: skip
    path.write_text(APPLICANTS + "\n".join(rows) + "\n", encoding="utf-8")
    result = run(command, "--call", POLIMI, str(path), "-f", "csv")
    assert_safe_for_excel(result.stdout, ";", EVIL)
    if command == "check":
        assert "'+39 02" in result.stdout


def test_check_of_one_applicant_csv_is_safe(run: Run) -> None:
    result = run("check", "--call", KA107, "--id", EVIL, "--programme", "Ingegneria Fisica", "--level", "LM", "--year", "2", "--months-abroad", "0", "-f", "csv")  # fmt: skip
    assert_safe_for_excel(result.stdout, ",", EVIL)


def test_calls_csv_is_safe(run: Run, tmp_path: Path) -> None:
    write_call(tmp_path, "", ident="evil-call")
    path = tmp_path / CALLS_DIR / "evil-call.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("A call written for a test", f"'{EVIL}'"), encoding="utf-8")  # fmt: skip
    result = run("--data-dir", str(tmp_path), "calls", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert_safe_for_excel(result.stdout, ",", EVIL)


def test_validate_writes_no_csv() -> None:
    assert "csv" not in WRITERS  # if it ever does, it must go through io.csv_writer.write_csv


def test_every_csv_writer_goes_through_the_guard() -> None:
    writers = {
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if re.search(r"\bcsv\.(writer|DictWriter)\s*\(", path.read_text(encoding="utf-8"))
    }
    assert writers == {"io/csv_writer.py"}  # where write_csv applies guard_cell to every cell
