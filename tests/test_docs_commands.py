"""Every `mobility …` command shown in README.md and docs/*.md runs against the bundled data and
examples and exits 0 or 1 (done, with or without negative findings), never 2 or a traceback.

Commands are read from the shell blocks (```sh, ```console, ```bash) of the documents; a
file name that stands for the reader's own file is replaced by a bundled example, and an
output file goes to a temporary folder.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from conftest import Run
from support import ROOT

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHELL_BLOCK = re.compile(r"```(?:sh|console|bash|shell)\n(.*?)```", re.DOTALL)
STANDS_FOR = {
    # the reader's own files → the bundled examples that show the same thing
    "my-transcript.csv": "examples/tum-de5.csv",
    "applicants.csv": "examples/applicants.csv",
    "export.csv": "examples/applicants.csv",
    "my-tables/": "data/",
    "conversion_tables/": "data/conversion_tables/",
}
OUTPUTS = ("-o", "--output")


def documented_commands() -> list[tuple[str, str]]:
    """(document, command line) for every `mobility` line of a shell block."""
    found = []
    for document in DOCUMENTS:
        for block in SHELL_BLOCK.findall(document.read_text(encoding="utf-8")):
            for line in block.replace("\\\n", " ").splitlines():
                line = line.strip().removeprefix("$ ")
                if line.startswith("mobility "):
                    found.append((document.name, line))
    return found


COMMANDS = documented_commands()


def test_the_documents_show_commands() -> None:
    documents = {name for name, _ in COMMANDS}
    assert {"README.md", "calls.md"} <= documents
    assert len(COMMANDS) >= 20


def _arguments(line: str, tmp_path: Path) -> tuple[list[str], bytes | None]:
    words = shlex.split(line, comments=True)[1:]
    stdin = None
    if "<" in words:
        at = words.index("<")
        stdin = (ROOT / STANDS_FOR.get(words[at + 1], words[at + 1])).read_bytes()
        del words[at : at + 2]
    if ">" in words:  # the shell writes standard output to the file: the test reads it
        del words[words.index(">") :]
    arguments = []
    for previous, word in zip(["", *words], words, strict=False):
        if previous in OUTPUTS:
            arguments.append(str(tmp_path / Path(word).name))
        else:
            arguments.append(STANDS_FOR.get(word, word))
    return arguments, stdin


@pytest.mark.parametrize(("document", "line"), COMMANDS, ids=[f"{d}: {c}" for d, c in COMMANDS])
def test_documented_command_runs(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, document: str, line: str
) -> None:
    monkeypatch.chdir(ROOT)
    arguments, stdin = _arguments(line, tmp_path)
    result = run(*arguments, input=stdin)
    assert result.exit_code in (0, 1), f"{document}: {line}\n{result.stderr}"
    assert "Error:" not in result.stderr, result.stderr


def test_the_readme_single_applicant_example_is_eligible_without_a_score(run: Run) -> None:
    line = next(c for _, c in COMMANDS if '--programme "Ingegneria Fisica" --level LM' in c)
    result = run(*shlex.split(line)[1:])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "eligible"
    assert "no score:" in result.stdout


def test_the_field_table_of_the_calls_docs_follows_the_field_definitions() -> None:
    from mobility_cli.eligibility.fields import FIELDS

    text = (ROOT / "docs" / "calls.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip(" `"): line for line in text.splitlines() if line.startswith("| `")
    }
    for field in FIELDS:
        row = rows[field.name]
        assert field.option.removeprefix("--") in text
        assert field.italian.casefold() in row.casefold(), (field.name, row)
