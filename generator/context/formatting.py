"""Format money, percentages and plain numbers the same way in every output."""

from __future__ import annotations

from babel.numbers import format_currency, format_decimal

from generator.model.company import Company
from generator.model.offers import Price

UNITS = {"month": "per month", "quarter": "per quarter", "year": "per year", "one-time": "one-time", "project": "per project"}


class Formatter:
    """Formats values for one company's currency and locale."""

    def __init__(self, company: Company) -> None:
        self.currency = company.currency
        self.locale = company.locale

    def number(self, value: float, digits: int | None = None) -> str:
        if digits is None:
            digits = 0 if abs(value) >= 100 or value == int(value) else (1 if abs(value) >= 10 else 2)
        pattern = "#,##0" + ("." + "#" * digits if digits else "")
        return format_decimal(round(value, digits), format=pattern, locale=self.locale)

    def money(self, value: float) -> str:
        whole = abs(value) >= 100 or value == int(value)
        pattern = "¤#,##0" if whole else "¤#,##0.00"
        return format_currency(
            round(value, 0 if whole else 2), self.currency, format=pattern, locale=self.locale, currency_digits=False
        )

    def value(self, value: float | None, fmt: str, unit: str | None = None) -> str:
        """Return a value as shown to people: '$1,200', '35 %', '12 hours per week'."""
        if value is None:
            return "n/a"
        if fmt == "currency":
            text = self.money(value)
        elif fmt == "percent":
            text = f"{self.number(value)}%"
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
        return f"{sign}{self.number(abs(percent), 0)}%"
