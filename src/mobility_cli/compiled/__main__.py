"""``python -m mobility_cli.compiled [DATA_DIR]``: build the compiled index shipped with the
bundled data (``compiled.json``), or check it with ``--check`` (exit 1 when it is stale).

Every data file is read, validated and compiled exactly as a command would on a cache miss.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mobility_cli.catalog import DATA_FOLDERS, YAML_SUFFIXES, bundled_data_dir
from mobility_cli.compiled.codec import KINDS
from mobility_cli.compiled.store import SHIPPED_INDEX, Index, Source, entry_key
from mobility_cli.errors import MobilityError
from mobility_cli.models.loading import compile_file

KIND_OF_FOLDER = dict(
    zip(
        DATA_FOLDERS,
        ("scales", "conversion_table", "call", "grading_table", "programmes"),
        strict=True,
    )
)


def shipped_index(root: Path) -> Index:
    """The index of every data file under ``root``, as it ships (no modification times)."""
    index = Index(None)
    for folder, kind in KIND_OF_FOLDER.items():
        for path in sorted((root / folder).glob("*")):
            if path.suffix in YAML_SUFFIXES:
                _, text = compile_file(path, KINDS[kind])
                index.put(entry_key(path), Source.of(path), text)
    return index


def main(argv: list[str]) -> int:
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    root = Path(args[0]) if args else bundled_data_dir()
    target = root / SHIPPED_INDEX
    try:
        text = shipped_index(root).text()
    except MobilityError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    if check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{target} is stale: run python -m mobility_cli.compiled", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target} ({len(text.encode()):,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
