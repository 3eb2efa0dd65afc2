"""``mobility scales`` and ``mobility tables``: catalogue listings and a conversion curve."""

from __future__ import annotations

import sys
from decimal import Decimal

from rich.text import Text

from mobility_cli.catalog import TABLES_DIR, Catalog
from mobility_cli.compiled.scale import NumericScale, OrdinalScale, Scale
from mobility_cli.compiled.table import BandsMethod, ConversionTable, Method
from mobility_cli.conversion.engine import DESCRIPTIONS, Converter, find_programme
from mobility_cli.conversion.grades import GradeError
from mobility_cli.output import console, render_table
from mobility_cli.text import format_number

MAX_CURVE_POINTS = 41
BAR_WIDTH = 36


def _range(scale: Scale) -> str:
    if isinstance(scale, OrdinalScale):
        return " ".join(g.label for g in scale.grades)
    return f"{format_number(scale.best)} (best) … {format_number(scale.worst)}"


def list_scales(scales: dict[str, Scale]) -> None:
    rows = [
        [
            s.id,
            s.name,
            " ".join(s.countries),
            _range(s),
            format_number(s.pass_) if isinstance(s.pass_, Decimal) else s.pass_,
        ]
        for s in sorted(scales.values(), key=lambda s: s.id)
    ]
    render_table(
        sys.stdout,
        f"{len(rows)} grading scales",
        ["id", "name", "countries", "grades", "pass"],
        rows,
    )


def show_scale(scale: Scale) -> None:
    out = console(sys.stdout)
    out.print(Text(f"{scale.id} — {scale.name}", style="bold"))
    out.print(Text(f"countries: {' '.join(scale.countries) or '—'}"))
    if isinstance(scale, OrdinalScale):
        rows = [
            [
                g.label,
                format_number(g.value) if g.value is not None else "",
                ", ".join(g.aliases),
                "yes" if i <= scale.rank_of_pass() else "no",
            ]
            for i, g in enumerate(scale.grades)
        ]
        render_table(
            sys.stdout, "labels, best first", ["label", "value", "aliases", "passing"], rows
        )
    else:
        direction = "higher is better" if scale.higher_is_better else "lower is better"
        out.print(
            Text(
                f"best {format_number(scale.best)}, worst {format_number(scale.worst)}, "
                f"lowest pass {format_number(scale.pass_)} ({direction})"
            )
        )
        if scale.values:
            out.print(Text("allowed grades: " + ", ".join(format_number(v) for v in scale.values)))
        elif scale.step:
            out.print(Text(f"step: {format_number(scale.step)}"))
        if scale.honours:
            out.print(
                Text(
                    f"honours: {scale.honours.label} (= {format_number(scale.honours.value)}); "
                    f"also written: {', '.join(scale.honours.aliases)}"
                )
            )
        for word, number in scale.aliases.items():
            out.print(Text(f"'{word}' = {format_number(number)}"))
    if scale.notes:
        out.print(Text(f"notes: {scale.notes}", style="dim"))


def list_tables(catalog: Catalog) -> None:
    rows = []
    for ident in catalog.ids(TABLES_DIR):
        table = catalog.table(ident)
        rows.append(
            [
                table.id,
                table.school,
                table.name,
                table.provenance.status,
                ", ".join(p.id for p in table.programmes),
            ]
        )
    render_table(
        sys.stdout, "conversion tables", ["id", "school", "name", "status", "programmes"], rows
    )


def describe_method(method: Method) -> str:
    """The method in one line, by the description its own module registers."""
    return DESCRIPTIONS[method.method](method)


def _band_rows(method: BandsMethod) -> list[list[str]]:
    from mobility_cli.conversion.bands import describe_source

    return [
        [describe_source(b), b.to if isinstance(b.to, str) else f"{b.to[0]}–{b.to[1]}", b.note]
        for b in method.bands
    ]


def show_table(catalog: Catalog, ident: str, scale_id: str | None, programme: str | None) -> None:
    table = catalog.table(ident)
    chosen = find_programme(table, programme) if programme else None  # even without a curve
    out = console(sys.stdout)
    out.print(Text(f"{table.id} — {table.name}", style="bold"))
    prov = table.provenance
    out.print(
        Text(
            f"status: {prov.status} (as of {prov.date})",
            style="yellow" if prov.status != "official" else "green",
        )
    )
    out.print(Text(f"source: {' '.join(prov.source.split())}"))
    if prov.notes:
        out.print(Text(f"notes: {prov.notes}", style="dim"))
    target = table.target
    out.print(
        Text(
            f"target: {target.scale}, 30L counts {format_number(target.lode_value)} in averages, "
            f"base on 110 rounding {target.base_110_rounding}"
        )
    )
    _print_rules(table)
    if scale_id is not None:
        draw_curve(Converter(table, catalog.scales(), chosen), catalog.scale(scale_id))


def _print_rules(table: ConversionTable) -> None:
    groups = [(f"table {table.id}", table.rules)] + [
        (f"programme {p.id} ({p.name})", p.rules) for p in table.programmes
    ]
    out = console(sys.stdout)
    for where, rules in groups:
        for rule in rules:
            for order, method in enumerate(rule.methods, start=1):
                title = f"{where} — scales {', '.join(rule.scales)} — method {order}: {describe_method(method)}"
                if isinstance(method, BandsMethod):
                    render_table(sys.stdout, title, ["source", "home", "note"], _band_rows(method))
                else:
                    out.print(Text(title))
    for group in table.reference_groups:
        fields = f"ISCED {', '.join(group.isced)}" if group.isced else "any field"
        scope = f"programmes {', '.join(group.programmes)}" if group.programmes else "the school"
        out.print(
            Text(
                f"reference group {group.id} ({group.provenance.status}): {sum(group.counts.values())} "
                f"passing grades, {scope}, {fields}, cycle {group.cycle or 'any'}"
                + (f", years {group.years}" if group.years else ""),
                style="dim",
            )
        )
    for p in table.programmes:
        cap = (
            f", at most {format_number(p.max_credits_per_semester)} credits per semester"
            if p.max_credits_per_semester
            else ""
        )
        out.print(
            Text(
                f"programme {p.id}: {p.name}{cap}" + (f" — {p.note.strip()}" if p.note else ""),
                style="dim",
            )
        )


def curve_points(scale: Scale) -> list[str]:
    """Passing grades of a scale to plot, worst to best, at most ``MAX_CURVE_POINTS``."""
    if isinstance(scale, OrdinalScale):
        return [g.label for g in reversed(scale.grades[: scale.rank_of_pass() + 1])]
    assert isinstance(scale, NumericScale)
    if scale.values:
        values = [v for v in scale.values if scale.is_passing(v)]
    else:
        span = scale.best - scale.pass_
        step = scale.step or Decimal(1)
        count = min(int(abs(span) / step) + 1, MAX_CURVE_POINTS)
        values = [scale.pass_ + span * Decimal(i) / (count - 1) for i in range(count)]
        values = [
            v.quantize(Decimal("0.01"))
            for v in values
            if scale.on_scale(v.quantize(Decimal("0.01")))
        ]
    ordered = sorted(values, reverse=not scale.higher_is_better)
    labels = [format_number(v) for v in ordered]
    if scale.honours is not None:
        labels.append(scale.honours.label)
    return labels


def draw_curve(converter: Converter, scale: Scale) -> None:
    """One bar per source grade, worst to best, its length the home grade (18 … 30L)."""
    out = console(sys.stdout)
    home = converter.home
    low, high = home.pass_, home.best + 1
    out.print(
        Text(
            f"\nconversion curve: {scale.id} → {home.id} (table {converter.table.id})", style="bold"
        )
    )
    width = max(len(p) for p in curve_points(scale))
    for label in curve_points(scale):
        try:
            done = converter.convert(label, scale.id)
        except GradeError as exc:
            out.print(Text(f"{label:>{width}} │ not converted: {exc}"))
            continue
        value = high if done.home.honours else (done.home.value or low)
        filled = 1 + int((value - low) / (high - low) * (BAR_WIDTH - 1))
        out.print(
            Text(f"{label:>{width}} │")
            + Text("█" * filled, style="cyan")
            + Text(f" {done.home.label}")
        )
