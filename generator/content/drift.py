"""Drift lint: numbers typed into prose that should be quoted from the content.

An article that says "$69 a technician" is right until the price changes; one that says
``{{ offers.dispatch.price.amount_label }}`` stays right. This finds, in article bodies and
Markdown fields, literal prices, percentages and metrics equal to a content value (and
names the exact reference to paste), and money amounts near our prices that match no current
value (most likely a price that has since changed). Findings are warnings: they fail a
build only under ``--strict``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.context.view import REFERENCE

#: A money amount: a currency symbol, then digits with separators, e.g. "$1,200" or "€ 89.50".
#: The symbol comes first and the look back (no letter or point before it) after it: a
#: pattern that starts with a look back is tried at every character, five times slower.
MONEY = re.compile(r"([$€£])(?<![\w.][$€£])\s?(\d{1,3}(?:[,.]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)(?![\d])")
#: A percentage, e.g. "40%", "−73 %" or "15.5%".
PERCENT = re.compile(r"(?=[−+\-\d])(?<![\w.])([−+-]?\d+(?:\.\d+)?)\s?%")


@dataclass(frozen=True)
class Finding:
    offset: int
    message: str


def _amount(digits: str) -> float:
    """Return the value of "1,200", "1.200" (a thousands point) or "89.50"."""
    if re.fullmatch(r"\d{1,3}([,.]\d{3})+", digits):
        return float(re.sub(r"[,.]", "", digits))
    return float(digits.replace(",", "."))


def _number(label: str) -> float | None:
    match = re.search(r"\d[\d,.]*", label)
    return _amount(match.group()) if match else None


@dataclass(frozen=True)
class Quotable:
    """What prose may quote: (kind, value) -> reference path; our prices; every money amount the content holds."""

    exact: dict[tuple[str, float], str]
    prices: list[float]
    known: set[float]


def references(view: dict[str, Any]) -> Quotable:
    """Return what prose may quote, read once from the public view for every text a check lints."""
    exact: dict[tuple[str, float], str] = {}
    prices: list[float] = []
    known: set[float] = set()

    def add(kind: str, label: Any, path: str) -> None:
        if isinstance(label, str) and (value := _number(label)) is not None:
            exact.setdefault((kind, value), path)
            if kind == "money":
                known.add(value)

    for offer in view.get("offers", []):
        base = f"offers.{offer['id']}"
        price = offer["price"]
        if price.get("amount") is not None:
            prices.append(float(price["amount"]))
            known.add(float(price["amount"]))
            add("money", price.get("amount_label"), f"{base}.price.amount_label")
        for text in (price.get("note") or "", offer.get("summary") or ""):
            known.update(_amount(m.group(2)) for m in MONEY.finditer(text))
        roi = offer.get("roi") or {}
        for item in roi.get("inputs", []):
            kind = {"currency": "money", "percent": "percent"}.get(item.get("format", ""))
            if kind:
                add(kind, item.get("default_label"), f"{base}.roi.inputs.{item['id']}.default_label")
        for item in roi.get("outputs", []):
            kind = {"currency": "money", "percent": "percent"}.get(item.get("format", ""))
            if kind:
                add(kind, item.get("example_label"), f"{base}.roi.outputs.{item['id']}.example_label")
    for study in view.get("case_studies", []):
        metric = study.get("headline_metric") or {}
        base = f"case_studies.{study['id']}.headline_metric"
        kind = {"currency": "money", "percent": "percent"}.get(metric.get("format", ""))
        for key in ("before_label", "after_label"):
            if kind:
                add(kind, metric.get(key), f"{base}.{key}")
        add("percent", metric.get("change_label"), f"{base}.change_label")
    return Quotable(exact, prices, known)


def lint(text: str, quotable: Quotable, symbol: str) -> Iterator[Finding]:
    """Yield each literal in ``text`` that should be a reference, or that looks like a stale price."""
    exact, prices, known = quotable.exact, quotable.prices, quotable.known
    # Quoted values are what we want; blank them out (keeping offsets) before looking.
    scan = REFERENCE.sub(lambda m: " " * len(m.group(0)), text) if "{{" in text else text
    for m in MONEY.finditer(scan) if symbol in scan else ():
        if m.group(1) != symbol:
            continue
        value = _amount(m.group(2))
        literal = m.group(0)
        path = exact.get(("money", value))
        if path:
            yield Finding(m.start(), f'expected a reference, got the literal "{literal}": paste {{{{ {path} }}}}')
        elif value not in known and any(0.75 * p <= value <= 1.33 * p for p in prices):
            current = ", ".join(f"{symbol}{p:,.0f}" for p in sorted(set(prices)))
            yield Finding(
                m.start(),
                f'"{literal}" looks like one of our prices but matches no current value ({current}); '
                "if it is a price of ours, quote it with {{ offers.<id>.price.amount_label }}",
            )
    for m in PERCENT.finditer(scan) if "%" in scan else ():
        value = abs(float(m.group(1).replace("−", "-")))
        path = exact.get(("percent", value))
        if path:
            yield Finding(m.start(), f'expected a reference, got the literal "{m.group(0)}": paste {{{{ {path} }}}}')
