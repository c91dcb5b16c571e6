"""Turn an offer's ROI model into a checked, ordered plan that every back end can run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter

from generator.expr.evaluate import evaluate_model
from generator.expr.parse import Expr, ExprError, names_in, parse
from generator.model.offers import Price, RoiModel

#: Names every expression may use besides the inputs and outputs, taken from the offer.
CONSTANTS = ("price", "annual_price")


@dataclass(frozen=True)
class PlanError:
    """One problem in an ROI model: which output (or input), what, and where in the text."""

    kind: str  # "inputs" or "outputs"
    index: int
    field: str  # "id" or "expression"
    message: str
    offset: int = 0


@dataclass
class RoiPlan:
    """An ROI model ready to evaluate or compile: constants, inputs, outputs in dependency order."""

    model: RoiModel
    constants: dict[str, float]
    order: list[tuple[str, Expr]] = field(default_factory=list)
    exprs: dict[str, Expr] = field(default_factory=dict)
    #: What is wrong with the model; a plan with errors is never evaluated.
    errors: list[PlanError] = field(default_factory=list)

    def defaults(self) -> dict[str, float]:
        return {i.id: i.default for i in self.model.inputs}

    def evaluate(self, inputs: Mapping[str, float] | None = None) -> dict[str, float | None]:
        """Return every input, constant and output for the given inputs (defaults otherwise)."""
        values: dict[str, float] = {**self.constants, **self.defaults(), **(inputs or {})}
        return evaluate_model(self.order, values)


def plan_roi(roi: RoiModel, price: Price) -> tuple[RoiPlan, list[PlanError]]:
    """Parse and order an ROI model's outputs; return the plan and every problem found."""
    constants: dict[str, float] = {}
    if price.amount is not None and price.annual is not None:
        constants = {"price": price.amount, "annual_price": price.annual}
    plan = RoiPlan(roi, constants)
    errors: list[PlanError] = []

    seen: dict[str, str] = {}
    names = [("inputs", i, item.id) for i, item in enumerate(roi.inputs)]
    names += [("outputs", i, item.id) for i, item in enumerate(roi.outputs)]
    for kind, index, name in names:
        if name in CONSTANTS:
            errors.append(PlanError(kind, index, "id", f'expected a name other than "{name}", which is the offer\'s price'))
        elif name in seen:
            errors.append(
                PlanError(kind, index, "id", f'expected a unique name, got "{name}" again (already one of the {seen[name]})')
            )
        seen.setdefault(name, kind)

    known = {i.id for i in roi.inputs} | {o.id for o in roi.outputs} | set(constants)
    valid = ", ".join(sorted(known))
    for index, output in enumerate(roi.outputs):
        try:
            expr = parse(output.expression)
        except ExprError as e:
            errors.append(PlanError("outputs", index, "expression", e.message, e.offset))
            continue
        for ref in names_in(expr):
            if ref.name not in known:
                hint = " (the price is on request, so price and annual_price are not available)" if ref.name in CONSTANTS else ""
                errors.append(
                    PlanError(
                        "outputs",
                        index,
                        "expression",
                        f'expected a known name, got "{ref.name}"{hint}; valid names: {valid}',
                        ref.offset,
                    )
                )
        plan.exprs.setdefault(output.id, expr)

    if not errors:
        order, cycle = _dependency_order(plan.exprs)
        if cycle:
            index = next(i for i, o in enumerate(roi.outputs) if o.id == cycle[0])
            errors.append(
                PlanError(
                    "outputs",
                    index,
                    "expression",
                    "expected outputs that do not depend on themselves, got the cycle " + " -> ".join(cycle),
                )
            )
        plan.order = [(name, plan.exprs[name]) for name in order]
    plan.errors = errors
    return plan, errors


def _dependency_order(exprs: dict[str, Expr]) -> tuple[list[str], list[str]]:
    """Return outputs ordered so each comes after what it uses, or a cycle if there is one."""
    graph = {name: [ref.name for ref in names_in(expr) if ref.name in exprs] for name, expr in exprs.items()}
    try:
        return list(TopologicalSorter(graph).static_order()), []
    except CycleError as e:
        # graphlib names the cycle from its end; say it in the order the outputs use each other.
        cycle = list(reversed(e.args[1]))
        return [], cycle
