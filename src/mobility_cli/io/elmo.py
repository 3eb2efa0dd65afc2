"""ELMO / EMREX transcripts (XML, schema v1 and v2) → :class:`CourseInput` records.

Every ``learningOpportunityInstance`` with a result becomes a course: its specification's
title, its ECTS credits (``credit`` with scheme ``ects``), ``resultLabel``, ``status``, grading
scheme and ``resultDistribution`` (the host distribution, for the ``distribution`` method).
``hasPart`` trees are flattened so that credits count once: a node whose parts carry credits
is a grouping, not a course; a graded node whose parts carry none is one course. The source
scale comes from the issuer's country and the grading scheme's description (``--scale``
overrides it). Elements we do not use are ignored, as the schema tells clients to do.

Safety: expat parses the bytes, and any DOCTYPE is refused as soon as it starts, so no entity
is ever declared — no external entity (file or network access) and no expanding one (the
"billion laughs"); a reference to an undeclared entity is not well-formed XML. Size and
nesting depth and the number of elements are capped.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import BinaryIO
from xml.parsers import expat

from mobility_cli.compiled.scale import NumericScale, Scale
from mobility_cli.conversion.context import HostDistribution
from mobility_cli.conversion.distribution import ECTS_SCALE
from mobility_cli.conversion.grades import GradeError, parse_grade
from mobility_cli.conversion.transcript import CourseInput
from mobility_cli.errors import InputError
from mobility_cli.io.csv_reader import text_codec
from mobility_cli.numbers import parse_count, parse_number
from mobility_cli.text import normalise_header

ELMO_NAMESPACES = {
    "https://github.com/emrex-eu/elmo-schemas/tree/v1": "v1",
    "https://github.com/emrex-eu/elmo-schemas/tree/v2": "v2",
}
MAX_XML_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 100
MAX_ELEMENTS = 200_000  # a transcript has a few thousand; this bounds memory, not real files
_SEPARATOR = " "  # expat writes a namespaced name as "namespace local"
_XML_LANG = "http://www.w3.org/XML/1998/namespace lang"

# Results printed instead of a grade for a course assessed pass/fail (normalised: no accents).
PASS_WORDS = frozenset(
    {
        "pass", "passed", "p", "approved", "validated", "valide", "acquis", "admis", "bestanden",
        "godkand", "idoneo", "idonea", "superato", "apto", "satisfactory", "completed",
    }
)  # fmt: skip


@dataclass(slots=True)
class Element:
    """A parsed element: namespace, local name, attributes, children and text, with its line."""

    namespace: str
    name: str
    attributes: dict[str, str]
    line: int
    children: list[Element] = field(default_factory=list)
    chunks: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The text, whitespace collapsed as for ``xs:token``."""
        return " ".join("".join(self.chunks).split())

    def all(self, name: str) -> list[Element]:
        """Children with this local name in this element's namespace (extensions are skipped)."""
        return [c for c in self.children if c.name == name and c.namespace == self.namespace]

    def first(self, name: str) -> Element | None:
        found = self.all(name)
        return found[0] if found else None

    def value(self, name: str) -> str | None:
        child = self.first(name)
        return (child.text or None) if child is not None else None


class _Refused(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line, self.column = line, column


def parse_xml(data: bytes, name: str) -> Element:
    """Parse XML safely into :class:`Element` s; :class:`InputError` with the position if not."""
    parser = expat.ParserCreate(namespace_separator=_SEPARATOR)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    stack: list[Element] = []
    roots: list[Element] = []
    count = 0

    def refuse(what: str) -> _Refused:
        return _Refused(what, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    def doctype(name: str, *_: object) -> None:
        if name.rpartition(":")[2] != "elmo":  # an HTML page saved instead of the transcript
            raise refuse(f"not a transcript: a <!DOCTYPE {name}> document")
        raise refuse("a DOCTYPE declaration is not allowed (ELMO files declare no entities)")

    def entity(*_: object) -> None:
        raise refuse("entity declarations are not allowed")

    def external(*_: object) -> int:
        raise refuse("external entities are not allowed")

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal count
        count += 1
        if len(stack) >= MAX_DEPTH:
            raise refuse(f"elements nested more than {MAX_DEPTH} deep")
        if count > MAX_ELEMENTS:
            raise refuse(f"more than {MAX_ELEMENTS:,} elements: not a transcript")
        namespace, _, local = tag.rpartition(_SEPARATOR)
        element = Element(namespace, local, attributes, parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(element)
        stack.append(element)

    def end(_tag: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        if stack:
            stack[-1].chunks.append(data)

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise InputError(f"{name}:{exc.line}:{exc.column}: {exc}") from None
    except expat.ExpatError as exc:
        reason = expat.ErrorString(exc.code)
        raise InputError(
            f"{name}:{exc.lineno}:{exc.offset + 1}: not well-formed XML ({reason})"
        ) from None
    except ValueError:  # expat's refusal of a multi-byte encoding it was left to decode
        raise InputError(f"{name}:1: an encoding that does not match the file's bytes") from None
    return roots[0]


def looks_like_xml(name: str, head: bytes) -> bool:
    """An ``.xml`` name, or content whose first character (after a BOM and blanks) is ``<``."""
    if name.casefold().endswith(".xml"):
        return True
    boms = (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    )
    for bom, codec in boms:
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, errors="ignore").lstrip().startswith("<")
    return head.lstrip().startswith(b"<")


def _in_language(elements: list[Element], language: str = "en") -> str | None:
    """The text in ``language`` if there is one, else the first non-empty text."""
    texts = [(e.attributes.get(_XML_LANG, ""), e.text) for e in elements if e.text]
    preferred = [t for lang, t in texts if lang.casefold().startswith(language)]
    found = preferred or [t for _, t in texts]
    return found[0] if found else None


def _numbers(text: str) -> set[Decimal]:
    return {Decimal(n.replace(",", ".")) for n in re.findall(r"\d+(?:[.,]\d+)?", text)}


def _fit(scale: Scale, description: str) -> int:
    """How well a grading scheme's free-text description fits a scale (0: says nothing)."""
    if not description:
        return 0
    words = normalise_header(description).split()
    score = 10 if scale.id == ECTS_SCALE and "ects" in words else 0
    if isinstance(scale, NumericScale):
        numbers = _numbers(description)
        return score + sum(v in numbers for v in {scale.best, scale.worst, scale.pass_})
    tokens = set(re.split(r"[\s,;/()–-]+", description))
    return score + sum(g.label in tokens for g in scale.grades)


def _parses(scale: Scale, label: str) -> bool:
    try:
        parse_grade(scale, label)
    except GradeError:
        return False
    return True


def pick_scale(
    scales: Mapping[str, Scale], country: str | None, description: str, label: str
) -> tuple[str | None, str | None]:
    """The source scale of a result: (scale id, None), or (None, why not).

    Candidates are the scales of the issuer's country (or, without one, the scales the grading
    scheme's description fits) and the ECTS letters; the one on which the result is a grade
    wins, then the one the description fits best, then a national scale.
    """
    national = [s for s in scales.values() if country and country in s.countries]
    pool = national or [s for s in scales.values() if _fit(s, description) >= 2]
    ects = scales.get(ECTS_SCALE)
    if ects is not None and ects not in pool:
        pool.append(ects)

    def rank(scale: Scale) -> tuple[bool, int, bool]:
        return (_parses(scale, label), _fit(scale, description), scale in national)

    ranked = sorted(pool, key=rank, reverse=True)
    scheme = f"grading scheme '{description}'" if description else "no grading scheme description"
    where = f"issuer country {country}" if country else "no issuer country"
    if not ranked or rank(ranked[0]) == (False, 0, False):
        return None, f"cannot tell the grading scale ({where}, {scheme}): pass --scale"
    tied = [s.id for s in ranked if rank(s) == rank(ranked[0])]
    if len(tied) > 1 and rank(ranked[0])[0]:
        return (
            None,
            f"the grading scale could be {' or '.join(tied)} ({where}, {scheme}): pass --scale",
        )
    return ranked[0].id, None


PIN_HINT = (
    "pin it with a scale whose elmo_schemes name the issuer and the scheme, in a --data-dir "
    "(docs/elmo.md), or pass --scale"
)
_RANGE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(?:-|–|—|\.\.|to|bis|a|à|tot)\s*(\d+(?:[.,]\d+)?)", re.IGNORECASE
)


def _bounds(scale: Scale) -> tuple[Decimal, Decimal] | None:
    if isinstance(scale, NumericScale):
        low, high = sorted((scale.best, scale.worst))
        return low, high
    return None


def _named(scale: Scale, description: str) -> bool:
    """The description names the scale: its id, or its country as the scale's name gives it
    ('Germany: 1.0 best …' names de-5, 'Germany, 1.0–5.0')."""
    words = f" {normalise_header(description)} "
    country = normalise_header(scale.name.split(",")[0])
    return f" {normalise_header(scale.id)} " in words or f" {country} " in words


def scheme_scale(
    scales: Mapping[str, Scale],
    report: _Report,
    scheme_id: str,
    description: str,
) -> tuple[str | None, str | None] | None:
    """The scale a report-level grading scheme decides: (scale id, None) or (None, why not).

    None when the scheme says nothing decisive (no pin, no range such as 0–100 or 1–5, no
    pass/fail wording, no named scale): the result's scale is then picked as before.
    """
    pinned = [
        s.id
        for s in scales.values()
        for pin in s.elmo_schemes
        if pin.local_id == scheme_id and pin.issuer in (report.host, report.issuer)
    ]
    if pinned:
        return pinned[0], None
    text = f"{scheme_id} {description}"
    if "pass fail" in normalise_header(text) or "non graded" in normalise_header(text):
        return None, None  # a pass/fail scheme: no scale, the course is pass/fail
    shown = f"grading scheme '{scheme_id}'" + (f" ({description[:80]})" if description else "")
    shown += f" of {report.issuer}"
    match = _RANGE.search(text)
    if match is not None:
        ends = tuple(sorted(Decimal(n.replace(",", ".")) for n in match.groups()))
        pool = [s for s in scales.values() if _bounds(s) == ends]
        what = f"a {match.group(1)}–{match.group(2)} scale"
    else:
        pool = [s for s in scales.values() if _named(s, description)]
        what = "a named scale"
        if not pool:
            return None
    if report.country:
        pool = [s for s in pool if report.country in s.countries] or (pool if match is None else [])
    ranked = sorted(
        pool, key=lambda s: (_named(s, description), _fit(s, description)), reverse=True
    )
    if not ranked:
        where = f" in {report.country}" if report.country else ""
        return None, f"{shown} is {what} that no scale of the data{where} matches: {PIN_HINT}"
    best = [
        s.id
        for s in ranked
        if (_named(s, description), _fit(s, description))
        == (_named(ranked[0], description), _fit(ranked[0], description))
    ]
    if len(best) > 1:
        return None, f"the grading scale could be {' or '.join(best)} ({shown}): {PIN_HINT}"
    return best[0], None


@dataclass(frozen=True)
class _Report:
    """What a report says about all its courses."""

    country: str | None
    host: str | None
    issuer: str
    schemes: dict[str, str]


def _report(report: Element) -> _Report:
    issuer = report.first("issuer")
    if issuer is None:
        return _Report(None, None, "an unnamed issuer", _schemes(report))
    country = (issuer.value("country") or "").upper() or None
    identifiers = {
        i.attributes.get("type", "").casefold(): i.text for i in issuer.all("identifier") if i.text
    }
    title = _in_language(issuer.all("title"))
    preferred = [identifiers[k] for k in ("schac", "erasmus", "pic") if k in identifiers]
    found = preferred or list(identifiers.values())
    host = found[0] if found else title
    return _Report(country, host, title or host or "an unnamed issuer", _schemes(report))


def _schemes(report: Element) -> dict[str, str]:
    return {
        scheme.attributes.get("localId", ""): _in_language(scheme.all("description")) or ""
        for scheme in report.all("gradingScheme")
    }


def _title(los: Element) -> str:
    title = _in_language(los.all("title"))
    local = [i.text for i in los.all("identifier") if i.text]
    return title or (local[0] if local else f"(untitled, line {los.line})")


def _instance(los: Element, notes: list[str] | None = None) -> Element | None:
    """The attempt that counts: of several instances (a failed exam, then a passed re-sit),
    the last one not failed, else the last one; a note says which was used."""
    specifies = los.first("specifies")
    attempts = specifies.all("learningOpportunityInstance") if specifies is not None else []
    if not attempts:
        return None
    chosen = ([a for a in attempts if a.value("status") != "failed"] or attempts)[-1]
    if len(attempts) > 1 and notes is not None:
        notes.append(
            f"'{_title(los)}' (line {los.line}) has {len(attempts)} attempts: the one at line "
            f"{chosen.line} ({chosen.value('status') or 'no status'}) is converted"
        )
    return chosen


def _ects_credit(loi: Element) -> Element | None:
    return next(
        (c for c in loi.all("credit") if (c.value("scheme") or "").casefold() == "ects"), None
    )


def _flatten(los: Element, notes: list[str]) -> list[tuple[Element, Element]]:
    """(specification, instance) pairs that are courses, in document order, credits counted once."""
    parts = [
        pair
        for has_part in los.all("hasPart")
        for child in has_part.all("learningOpportunitySpecification")
        for pair in _flatten(child, notes)
    ]
    loi = _instance(los, notes)
    if loi is None:
        return parts
    title, label, credit = _title(los), loi.value("resultLabel"), _ects_credit(loi)
    if loi.value("status") == "in-progress" and not label:
        notes.append(f"'{title}' (line {loi.line}) is in progress: not listed")
        return parts
    if not parts:
        return [(los, loi)]
    if any(_ects_credit(part) is not None for _, part in parts) or (
        label is None and credit is None
    ):
        if label is not None or credit is not None:
            notes.append(
                f"'{title}' (line {loi.line}) groups {len(parts)} course(s) that carry their own "
                "credits: they are converted one by one, and its own result and credits are not "
                "counted again"
            )
        return parts
    notes.append(
        f"the {len(parts)} part(s) of '{title}' (line {loi.line}) carry no credits: "
        "it is converted as one course"
    )
    return [(los, loi)]


def _credits(loi: Element) -> tuple[Decimal | None, str | None]:
    credit = _ects_credit(loi)
    if credit is None:
        return None, None
    text = credit.value("value")
    if text is None:
        return None, "the ECTS credit has no value"
    try:
        return parse_number(text), None
    except ValueError as exc:
        return None, f"credits: {exc}"


def _distribution(loi: Element) -> tuple[HostDistribution | None, str | None]:
    element = loi.first("resultDistribution")
    if element is None:
        return None, None
    categories: list[tuple[str, int]] = []
    for category in element.all("category"):
        label = " ".join(category.attributes.get("label", "").split())
        count = category.attributes.get("count", "").strip()
        if not label:
            return None, f"resultDistribution (line {category.line}): a category without a label"
        try:
            categories.append((label, parse_count(count)))
        except ValueError as exc:
            return None, f"resultDistribution: category '{label}': count {exc}"
    return HostDistribution(tuple(categories)), None


def _course(
    los: Element,
    loi: Element,
    report: _Report,
    scales: Mapping[str, Scale],
    scale: str | None,
    picks: dict[str, str],
) -> CourseInput:
    label = loi.value("resultLabel") or ""
    scheme_id = loi.value("gradingSchemeLocalId") or ""
    description = report.schemes.get(scheme_id, "")
    credits, problem = _credits(loi)
    distribution, wrong = _distribution(loi)
    problem = problem or wrong
    decided = None
    if not scale and scheme_id in report.schemes:
        decided = scheme_scale(scales, report, scheme_id, description)
    chosen, unknown = (
        (scale, None)
        if scale
        else decided or pick_scale(scales, report.country, description, label)
    )
    known = scales.get(chosen) if chosen is not None else None
    graded = known is not None and label != "" and _parses(known, label)
    if graded and scale is None:
        named = f"grading scheme '{scheme_id}'" if scheme_id else "results without a grading scheme"
        shown = f"{named} ({description.rstrip('.')})" if description else named
        picks[f"{shown} of {report.issuer}"] = str(chosen)
    says_pass_fail = decided == (None, None) or "pass fail" in normalise_header(description)
    status = loi.value("status")
    if (
        status != "failed"
        and not graded
        and (says_pass_fail or normalise_header(label) in PASS_WORDS)
    ):
        status = "pass-fail"
    elif status != "failed":
        problem = problem or unknown
    return CourseInput(
        row=loi.line,
        course=_title(los),
        grade=label,
        credits=credits,
        scale=chosen if scale is None and status != "pass-fail" else None,
        status=status,
        problem=problem,
        distribution=distribution,
        isced=los.value("iscedCode"),
        host=report.host,
    )


@dataclass(frozen=True)
class ElmoTranscript:
    """The courses of an ELMO file, and notes for the user on how it was read."""

    version: str
    courses: list[CourseInput]
    notes: list[str]


_DECLARATION = re.compile(
    rb"""\A(\xef\xbb\xbf)?\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']{1,40})["']"""
)
_EXPAT_CODECS = frozenset({"utf-8", "utf-16", "utf-16-le", "utf-16-be", "iso8859-1", "ascii"})


def _readable_encoding(data: bytes, name: str) -> bytes:
    """The XML as expat can read it: a declared encoding expat does not know (Shift_JIS, GBK,
    Big5, Windows-1250 …) is decoded here and handed over as UTF-8, line for line; a codec that
    is not how files are written (``hex``, ``rot13``, UTF-7) is refused in one line."""
    declared = _DECLARATION.match(data)
    if declared is None:
        return data
    label = declared.group(2).decode("ascii", errors="replace")
    codec = text_codec(label)
    if codec is None:
        raise InputError(f"{name}:1: encoding '{label}' is not a text encoding mobility can read")
    if declared.group(1) and codec != "utf-8":
        raise InputError(f"{name}:1: a UTF-8 byte-order mark, but the file declares {label}")
    if codec in _EXPAT_CODECS:
        return data
    start, end = declared.span(2)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{name}:{line}: cannot decode as {label}, which it declares") from None
    if text[start:end] != label:  # not a superset of ASCII: its own declaration reads otherwise
        raise InputError(f"{name}:1: cannot decode as {label}, which it declares")
    return (text[:start] + "UTF-8" + text[end:]).encode("utf-8")


def _elmo_root(data: bytes, name: str) -> tuple[Element, str]:
    if not data.strip():
        raise InputError(f"{name}: empty file")
    root = parse_xml(_readable_encoding(data, name), name)
    expected = " or ".join(ELMO_NAMESPACES)
    if root.name != "elmo":
        raise InputError(
            f"{name}:{root.line}: not an ELMO file: the root element is <{root.name}>, not <elmo>"
        )
    if root.namespace not in ELMO_NAMESPACES:
        namespace = f"namespace '{root.namespace}'" if root.namespace else "no namespace"
        raise InputError(f"{name}:{root.line}: <elmo> has {namespace}; ELMO files use {expected}")
    return root, ELMO_NAMESPACES[root.namespace]


def read_elmo(
    stream: BinaryIO, name: str, scales: Mapping[str, Scale], scale: str | None = None
) -> ElmoTranscript:
    """Read an ELMO file; :class:`InputError` when it is not safe, well-formed ELMO XML.

    ``scale`` (``--scale``) applies to every result instead of the scale picked per grading
    scheme. Problems of one course (no credits, a broken distribution) are left in its
    ``problem`` so that course becomes an error and the others are still converted.
    """
    data = stream.read(MAX_XML_BYTES + 1)
    if len(data) > MAX_XML_BYTES:
        raise InputError(f"{name}: larger than {MAX_XML_BYTES // (1024 * 1024)} MB: not read")
    root, version = _elmo_root(data, name)
    reports = root.all("report")
    if not reports:
        raise InputError(f"{name}: an ELMO file without a <report>: no results to read")
    notes: list[str] = []
    courses: list[CourseInput] = []
    picks: dict[str, str] = {}
    issuers = []
    for element in reports:
        report = _report(element)
        issuers.append(report.issuer + (f" ({report.country})" if report.country else ""))
        for los in element.all("learningOpportunitySpecification"):
            pairs = _flatten(los, notes)
            courses.extend(_course(spec, loi, report, scales, scale, picks) for spec, loi in pairs)
    header = (
        f"{name}: ELMO {version} transcript from {', '.join(issuers)}, {len(courses)} course(s)"
    )
    if len({c.row for c in courses}) < len(courses):  # a minified file: courses share lines
        courses = [dataclasses.replace(c, row=n) for n, c in enumerate(courses, start=1)]
        header += " (several on one line: rows are the courses' order in the file)"
    scale_notes = [f"{scheme} read as {chosen}" for scheme, chosen in picks.items()]
    return ElmoTranscript(version, courses, [header, *scale_notes, *notes])
