"""Excel number formats that carry each value's unit once: "$28", "40%", "20 technicians".

Money follows the company locale's currency pattern (babel), as the site does: "$1,200" for
en_US, "1.200 €" for de_DE. A format code always uses "," and "." for grouping and decimals;
the spreadsheet program shows them in the reader's own locale.
"""

from __future__ import annotations

import math
import re

from babel import Locale
from babel.numbers import get_currency_symbol

from generator.model.base import NumberFormat
from generator.model.offers import RoiInput, RoiOutput

_NUMBER = re.compile(r"[#0,.]+")


def quoted(text: str) -> str:
    """Return literal text for a number format code: quoted, with quotes themselves escaped."""
    return '"' + text.replace('"', '"\\""') + '"' if text else ""


def _digits_of(value: float) -> int:
    """Return how many decimals ``value`` needs (at most 2): 0.5 -> 1, 0.25 -> 2, 5 -> 0."""
    for digits in range(3):
        if math.isclose(value, round(value, digits), rel_tol=0, abs_tol=1e-9):
            return digits
    return 2


def output_digits(fmt: NumberFormat, value: float | None) -> int:
    """Return the decimals an output shows, judged from its value at the default inputs."""
    if value is None or float(value).is_integer():
        return 0
    if fmt == "currency":
        return 0 if abs(value) >= 100 else 2
    return 0 if abs(value) >= (10 if fmt == "percent" else 100) else 1


class NumberFormats:
    """Number format codes for one company's currency and locale."""

    def __init__(self, currency: str, locale: str) -> None:
        self.symbol = get_currency_symbol(currency, locale=locale)
        pattern = Locale.parse(locale).currency_formats["standard"].pattern
        # Only the positive part: the negative one is the same with a minus in front.
        self.pattern = pattern.split(";")[0]

    def money(self, digits: int, unit: str | None = None) -> str:
        """Return the format of an amount of money with ``digits`` decimals."""
        number = "#,##0" + ("." + "0" * digits if digits else "")
        body = _NUMBER.sub(number, self.pattern, count=1)
        parts = [
            quoted(part) if part and part != number else part
            for part in re.split(f"({re.escape(number)})", body.replace("¤", self.symbol))
        ]
        positive = "".join(parts) + (quoted(" " + unit) if unit else "")
        return f"{positive};-{positive}"

    def value(self, fmt: NumberFormat, digits: int | None, unit: str | None = None) -> str:
        """Return the format of a value; ``digits`` None shows what was typed (General)."""
        if fmt == "currency":
            return self.money(2 if digits is None else digits, unit)
        number = "General" if digits is None else "#,##0" + ("." + "0" * digits if digits else "")
        suffix = ("%" if fmt == "percent" else "") + (" " + unit if unit else "")
        return number + quoted(suffix)

    def input(self, item: RoiInput) -> str:
        """Return the format of an input cell: whole numbers, or as many decimals as the step."""
        if item.whole:
            digits: int | None = 0
        else:
            digits = _digits_of(item.step) if item.step is not None else _digits_of(item.default)
            if digits and item.format != "currency":
                digits = None  # 6 or 6.5 hours, as typed, rather than 6.0
        return self.value(item.format, digits, item.unit)

    def output(self, out: RoiOutput, digits: int) -> str:
        """Return the format of an output cell."""
        return self.value(out.format, digits, out.unit)
