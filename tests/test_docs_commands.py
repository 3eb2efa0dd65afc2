"""Every `mobility …` command shown in README.md and docs/*.md runs against the bundled data and
examples and exits 0 or 1 (done, with or without negative findings), never 2 or a traceback.

Commands are read from the shell blocks (```sh, ```console, ```bash) of the documents; a
file name that stands for the reader's own file is replaced by a bundled example. A block is a
walk-through: each command runs in a fresh folder (where ``examples/`` and ``data/`` are the
repository's), after the block's earlier steps that leave files behind (``mkdir -p``, ``-o``,
``>``) have run there.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import Result

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


def documented_commands() -> list[tuple[str, str, list[str]]]:
    """(document, command line, the block's earlier lines) for every `mobility` line of a
    shell block."""
    found = []
    for document in DOCUMENTS:
        for block in SHELL_BLOCK.findall(document.read_text(encoding="utf-8")):
            earlier: list[str] = []
            for line in block.replace("\\\n", " ").splitlines():
                line = line.strip().removeprefix("$ ")
                if line.startswith("mobility "):
                    found.append((document.name, line, list(earlier)))
                earlier.append(line)
    return found


STEPS = documented_commands()
COMMANDS = [(document, line) for document, line, _ in STEPS]


def test_the_documents_show_commands() -> None:
    documents = {name for name, _ in COMMANDS}
    assert {"README.md", "calls.md"} <= documents
    assert len(COMMANDS) >= 20


def _arguments(line: str) -> tuple[list[str], bytes | None, str | None]:
    """The command's arguments, its standard input, and where `>` sends its output."""
    words = shlex.split(line, comments=True)[1:]
    stdin = redirect = None
    if "<" in words:
        at = words.index("<")
        stdin = Path(STANDS_FOR.get(words[at + 1], words[at + 1])).read_bytes()
        del words[at : at + 2]
    if ">" in words:
        at = words.index(">")
        redirect = words[at + 1] if at + 1 < len(words) else None
        del words[at:]
    return [STANDS_FOR.get(word, word) for word in words], stdin, redirect


def _leaves_files(line: str) -> bool:
    words = shlex.split(line, comments=True)
    return line.startswith("mkdir ") or ">" in words or any(w in OUTPUTS for w in words)


def _run_line(run: Run, line: str) -> Result:
    if line.startswith("mkdir "):
        for folder in shlex.split(line)[1:]:
            if not folder.startswith("-"):
                Path(folder).mkdir(parents=True, exist_ok=True)
        return run("--version")
    arguments, stdin, redirect = _arguments(line)
    result = run(*arguments, input=stdin)
    if redirect is not None:
        Path(redirect).write_text(result.stdout, encoding="utf-8")
    return result


@pytest.mark.parametrize(
    ("document", "line", "earlier"), STEPS, ids=[f"{d}: {c}" for d, c, _ in STEPS]
)
def test_documented_command_runs(
    run: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    document: str,
    line: str,
    earlier: list[str],
) -> None:
    for shared in ("examples", "data"):
        (tmp_path / shared).symlink_to(ROOT / shared)
    monkeypatch.chdir(tmp_path)
    for step in earlier:
        if step.startswith("mkdir ") or (step.startswith("mobility ") and _leaves_files(step)):
            assert _run_line(run, step).exit_code in (0, 1), f"{document}: {step}"
    result = _run_line(run, line)
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
