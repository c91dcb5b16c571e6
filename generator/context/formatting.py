"""Format money, percentages, plain numbers and dates the same way in every output.

Every rule comes from the company locale's CLDR patterns (babel): where the currency symbol
and the percent sign go, the grouping and decimal symbols, the minus sign. `NumberRules`
hands the same rules to the site's calculator JavaScript, and the workbook's number formats
are built from the same patterns, so "41.200 €" reads the same on the page, after an edit in
the calculator, and in the spreadsheet.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_symbol

from generator.model.company import Company
from generator.model.offers import Price

UNITS = {"month": "per month", "quarter": "per quarter", "year": "per year", "one-time": "one-time", "project": "per project"}


_NUMBER = re.compile(r"[#0,.]+")


@dataclass(frozen=True)
class NumberRules:
    """A locale's symbols and affixes, as babel applies them, for code that formats on its own."""

    decimal: str
    group: str
    #: The integer part of the locale's number pattern: "#,##0", or "#,##,##0" in en_IN.
    integer: str
    #: Digits per group, the first (rightmost) and the rest: (3, 3), or (3, 2) in en_IN.
    grouping: tuple[int, int]
    #: (positive prefix, positive suffix, negative prefix, negative suffix) per kind of value.
    money: tuple[str, str, str, str]
    percent: tuple[str, str, str, str]
    number: tuple[str, str, str, str]

    def as_json(self) -> dict[str, Any]:
        return {
            "decimal": self.decimal,
            "group": self.group,
            "grouping": list(self.grouping),
            "money": list(self.money),
            "percent": list(self.percent),
            "number": list(self.number),
        }


def _affixes(formatted_one: str, formatted_minus_one: str) -> tuple[str, str, str, str]:
    """Split babel's "1 €" and "-1 €" around the digit into prefixes and suffixes."""
    pos, neg = formatted_one.split("1", 1), formatted_minus_one.split("1", 1)
    return pos[0], pos[1], neg[0], neg[1]


def _whole_pattern(pattern: str) -> str:
    """Return a locale pattern's positive part with its number as "#,##0" (grouping kept)."""
    positive = pattern.split(";")[0]
    number = _NUMBER.search(positive)
    assert number is not None
    integer = number.group(0).split(".")[0]
    return positive.replace(number.group(0), integer, 1)


@cache
def number_rules(currency: str, locale: str) -> NumberRules:
    """Return the rules babel formats numbers, money and percentages by, for one locale."""
    loc = Locale.parse(locale)
    money_pattern = _whole_pattern(loc.currency_formats["standard"].pattern)
    percent_pattern = _whole_pattern(loc.percent_formats[None].pattern)
    decimal_pattern = _whole_pattern(loc.decimal_formats[None].pattern)
    integer = _NUMBER.search(decimal_pattern).group(0)  # type: ignore[union-attr]
    grouping = loc.decimal_formats[None].grouping

    def money(v: int) -> str:
        return format_currency(v, currency, format=money_pattern, locale=loc, currency_digits=False)

    def percent(v: int) -> str:
        return format_percent(v / 100, format=percent_pattern, locale=loc)

    def number(v: int) -> str:
        return format_decimal(v, format=integer, locale=loc)

    return NumberRules(
        decimal=format_decimal(1.5, format="0.0", locale=loc)[1:-1],
        group=format_decimal(1000, format="#,##0", locale=loc)[1:-3],
        integer=integer,
        grouping=(int(grouping[0]), int(grouping[1])),
        money=_affixes(money(1), money(-1)),
        percent=_affixes(percent(1), percent(-1)),
        number=_affixes(number(1), number(-1)),
    )


def money_digits(value: float) -> int:
    """Return the decimals an amount shows: none from 100 up or for whole amounts, else cents."""
    return 0 if abs(value) >= 100 or value == int(value) else 2


def number_digits(value: float) -> int:
    """Return the most decimals a plain number or percentage shows (trailing zeros dropped)."""
    return 0 if abs(value) >= 100 or value == int(value) else (1 if abs(value) >= 10 else 2)


class Formatter:
    """Formats values for one company's currency and locale."""

    def __init__(self, company: Company) -> None:
        self.currency = company.currency
        self.locale = company.locale
        self.rules = number_rules(company.currency, company.locale)
        self.symbol = get_currency_symbol(company.currency, locale=company.locale)

    def _format(self, value: float, digits: int, fixed: bool, affixes: tuple[str, str, str, str]) -> str:
        """Return ``value`` rounded half away from zero (as Excel and the calculator round) to
        ``digits`` decimals, shown with all of them if ``fixed`` else without trailing zeros,
        grouped and wrapped in the locale's affixes for its kind."""
        rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
        pattern = self.rules.integer + ("." + ("0" if fixed else "#") * digits if digits else "")
        text = format_decimal(abs(rounded), format=pattern, locale=self.locale)
        return (affixes[2] + text + affixes[3]) if rounded < 0 else (affixes[0] + text + affixes[1])

    def number(self, value: float, digits: int | None = None) -> str:
        return self._format(value, number_digits(value) if digits is None else digits, False, self.rules.number)

    def money(self, value: float) -> str:
        return self._format(value, money_digits(value), True, self.rules.money)

    def percent(self, value: float) -> str:
        """Return a value already in percent (35 for 35%) with the locale's percent sign: '35%', '35 %'."""
        return self._format(value, number_digits(value), False, self.rules.percent)

    def date(self, value: dt.date) -> str:
        """Return a date as the locale writes it in running text: 'Mar 4, 2025', '04.03.2025'."""
        return format_date(value, format="medium", locale=self.locale)

    def value(self, value: float | None, fmt: str, unit: str | None = None) -> str:
        """Return a value as shown to people: '$1,200', '35 %', '12 hours per week'."""
        if value is None:
            return "n/a"
        if fmt == "currency":
            text = self.money(value)
        elif fmt == "percent":
            text = self.percent(value)
        else:
            text = self.number(value)
        return f"{text} {unit}" if unit else text

    def price(self, price: Price) -> str:
        """Return the price as a label: '$89 per month per technician' or 'Price on request'."""
        if price.on_request or price.amount is None or price.per is None:
            return "Price on request"
        parts = [self.money(price.amount), UNITS[price.per]]
        if price.qualifier:
            parts.append(price.qualifier)
        return " ".join(parts)

    def change(self, before: float, after: float) -> str:
        """Return the relative change from before to after, e.g. '−73%' or '+40%'."""
        if before == 0:
            return "new"
        percent = (after - before) / abs(before) * 100
        sign = "+" if percent > 0 else "\u2212" if percent < 0 else ""
        return sign + self.percent(round(abs(percent)))
