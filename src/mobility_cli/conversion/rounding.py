"""Declared rounding: a table says how a computed grade becomes a registrable one."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from mobility_cli.compiled.common import Rounding

_MODES = {
    "half-up": ROUND_HALF_UP,
    "half-even": ROUND_HALF_EVEN,
    "floor": ROUND_FLOOR,
    "ceil": ROUND_CEILING,
}
UNROUNDED_DECIMALS = 2


def round_value(value: Decimal, mode: Rounding, decimals: int = 0) -> Decimal:
    """Round ``value`` to ``decimals`` places by ``mode``; ``none`` keeps two decimals (half-up)."""
    if mode == "none":
        return value.quantize(Decimal(1).scaleb(-UNROUNDED_DECIMALS), rounding=ROUND_HALF_UP)
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=_MODES[mode])
