"""Excel number formats that carry each value's unit once: "$28", "40%", "20 technicians".

Money and percentages follow the company locale's patterns (babel), as the site does: "$1,200"
for en_US, "1.200 €" and "35 %" for de_DE. A format code always writes "," and "." for
grouping and decimals; a locale tag in front of it ("[$-407]" for de_DE) tells the spreadsheet
program to show them as the company's locale does, so LibreOffice shows "1.200 €" wherever it
runs. (en_US and en_GB need no tag.)
"""

from __future__ import annotations

import locale as pylocale
import math
import re

from babel import Locale
from babel.numbers import get_currency_symbol

from generator.context.formatting import number_rules
from generator.model.base import NumberFormat
from generator.model.offers import RoiInput, RoiOutput

_NUMBER = re.compile(r"[#0,.]+")


def quoted(text: str) -> str:
    """Return literal text for a number format code: quoted, with quotes themselves escaped."""
    return '"' + text.replace('"', '"\\""') + '"' if text else ""


#: Windows locale ids (LCIDs) by locale name, the first id of each name: de_DE -> 0x407.
_LCIDS: dict[str, int] = {}
for _lcid, _name in sorted(pylocale.windows_locale.items()):
    _LCIDS.setdefault(_name, _lcid)


def locale_tag(currency: str, locale: str) -> str:
    """Return the format-code prefix that shows separators as ``locale`` does: "[$-407]" for de_DE,
    or "" where the locale writes "1,234.5" as format codes do (en_US, en_GB) or has no id."""
    rules = number_rules(currency, locale)
    lcid = _LCIDS.get(locale)
    return f"[$-{lcid:X}]" if lcid and (rules.decimal, rules.group) != (".", ",") else ""


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
        self.tag = locale_tag(currency, locale)
        rules = number_rules(currency, locale)
        #: Text before and after a percentage, as the locale writes it: "", "%" or "", "\u00a0%".
        self.percent = rules.percent[0], rules.percent[1]

    def money(self, digits: int, unit: str | None = None) -> str:
        """Return the format of an amount of money with ``digits`` decimals."""
        number = "#,##0" + ("." + "0" * digits if digits else "")
        body = _NUMBER.sub(number, self.pattern, count=1)
        parts = [
            quoted(part) if part and part != number else part
            for part in re.split(f"({re.escape(number)})", body.replace("¤", self.symbol))
        ]
        positive = "".join(parts) + (quoted(" " + unit) if unit else "")
        return f"{self.tag}{positive};-{positive}"

    def value(self, fmt: NumberFormat, digits: int | None, unit: str | None = None) -> str:
        """Return the format of a value; ``digits`` None shows what was typed (General)."""
        if fmt == "currency":
            return self.money(2 if digits is None else digits, unit)
        number = "General" if digits is None else "#,##0" + ("." + "0" * digits if digits else "")
        prefix, suffix = self.percent if fmt == "percent" else ("", "")
        suffix += " " + unit if unit else ""
        return self.tag + quoted(prefix) + number + quoted(suffix)

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
