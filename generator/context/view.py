"""The public and internal views of the content, as plain data for templates and JSON.

The public view is the only thing the site may see. It is built by leaving out every field
marked internal in the model, internal case studies and draft articles, and by replacing
anonymized customers' names, so that internal material cannot reach the site by accident.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from generator.context.formatting import Formatter
from generator.expr.plan import RoiPlan, plan_roi
from generator.model import Content
from generator.model.base import is_internal
from generator.model.proof import Metric

#: ``{{ offers.dispatch.price.label }}`` in article bodies.
REFERENCE = re.compile(r"\{\{(.*?)\}\}")
REFERENCE_PATH = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$")


def public_content(content: Content) -> Content:
    """Return the content as the public may see it, still as the model: the one place the rules live.

    Internal fields are emptied (their defaults, or nothing), internal case studies and draft
    articles are left out, anonymized stories carry their stand-in name and no quoted name,
    and proof points no longer cite a story the public cannot see. Prospect-facing files read
    their faces from this, so an internal field cannot reach them by accident.
    """
    hidden = {s.id for s in content.case_studies if s.publication == "internal"}
    redacted: Content = _redact(content)
    studies = []
    for study in redacted.case_studies:
        if study.id in hidden:
            continue
        if study.publication == "anonymized":
            quote = study.quote.model_copy(update={"name": ""}) if study.quote else None
            # An anonymized story shows no logo or photo either: a logo names the customer as surely as text.
            study = study.model_copy(update={"customer": study.anonymized_as or "", "quote": quote, "logo": None, "photo": None})
        studies.append(study)
    points = [
        p.model_copy(update={"case_study": None}) if p.case_study in hidden else p for p in redacted.positioning.proof_points
    ]
    positioning = redacted.positioning.model_copy(update={"proof_points": points})
    return redacted.model_copy(
        update={
            "case_studies": studies,
            "positioning": positioning,
            "articles": [a for a in redacted.articles if not a.draft],
        }
    )


def _redact(value: Any) -> Any:
    """Return a model tree with every internal field set back to its default (or nothing)."""
    if isinstance(value, BaseModel):
        update = {}
        for name, info in type(value).model_fields.items():
            current = getattr(value, name)
            if is_internal(info):
                update[name] = None if info.is_required() else info.get_default(call_default_factory=True)
            else:
                redacted = _redact(current)
                if redacted is not current:
                    update[name] = redacted
        return value.model_copy(update=update) if update else value
    if isinstance(value, list):
        items = [_redact(v) for v in value]
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    return value


def public_view(content: Content) -> dict[str, Any]:
    """Return everything the public site may show, with display labels added."""
    return _view(content, public=True, plans=_plans(content))


def internal_view(content: Content) -> dict[str, Any]:
    """Return all content, internal fields included, with display labels added."""
    return _view(content, public=False, plans=_plans(content))


def build_views(content: Content, plans: Mapping[str, RoiPlan]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the public and internal views, reusing ROI plans computed once by the caller."""
    return _view(content, True, plans), _view(content, False, plans)


class Views:
    """The ROI plans and both views of one content, each made once, when first asked for.

    The check (article references, site links) and the build read the same views: loading
    content keeps this with it, so a build does not make them again.
    """

    def __init__(self, content: Content) -> None:
        self.content = content
        self.plans = _plans(content)
        #: Resolved Markdown, one string object per distinct text: both views hold every
        #: article body, and they usually resolve to the same text.
        self._texts: dict[str, str] = {}

    @functools.cached_property
    def public(self) -> dict[str, Any]:
        return _view(self.content, True, self.plans, self._texts)

    @functools.cached_property
    def internal(self) -> dict[str, Any]:
        return _view(self.content, False, self.plans, self._texts)


def _plans(content: Content) -> dict[str, RoiPlan]:
    return {o.id: plan_roi(o.roi, o.price)[0] for o in content.offers if o.roi is not None}


def _view(content: Content, public: bool, plans: Mapping[str, RoiPlan], texts: dict[str, str] | None = None) -> dict[str, Any]:
    view: dict[str, Any] = _dump(content, public)
    fmt = Formatter(content.company)
    for offer, data in zip(content.offers, view["offers"], strict=True):
        data["price"]["label"] = fmt.price(offer.price)
        data["price"]["amount_label"] = fmt.money(offer.price.amount) if offer.price.amount is not None else None
        if offer.roi is not None and data.get("roi") is not None:
            plan = plans[offer.id]
            example = plan.evaluate() if not plan.errors else {}
            for item, out in zip(offer.roi.inputs, data["roi"]["inputs"], strict=True):
                out["default_label"] = fmt.value(item.default, item.format, item.unit)
            for output, out in zip(offer.roi.outputs, data["roi"]["outputs"], strict=True):
                out["example"] = example.get(output.id)
                out["example_label"] = fmt.value(example.get(output.id), output.format, output.unit)

    studies = []
    hidden = {c.id for c in content.case_studies if c.publication == "internal"}
    for study, data in zip(content.case_studies, view["case_studies"], strict=True):
        if public and study.id in hidden:
            continue
        for metric, out in zip(study.results, data["results"], strict=True):
            out.update(_metric_labels(metric, fmt))
        data["headline_metric"] = data["results"][study.results.index(study.headline_metric)]
        if public and study.publication == "anonymized":
            data["customer"] = study.anonymized_as
            if data.get("quote"):
                del data["quote"]["name"]
            data.pop("logo", None)
            data.pop("photo", None)
        if public:
            data.pop("anonymized_as", None)
        studies.append(data)
    view["case_studies"] = studies
    if public:
        for point in view["positioning"]["proof_points"]:
            if point.get("case_study") in hidden:
                point["case_study"] = None

    articles = []
    ids = IdIndex()
    for article, data in zip(content.articles, view["articles"], strict=True):
        if public and article.draft:
            continue
        body = resolve_references(article.body, view, ids)[0]
        data["body"] = texts.setdefault(body, body) if texts is not None else body
        articles.append(data)
    view["articles"] = articles
    for page, data in zip(content.pages, view["pages"], strict=True):
        data["body"] = resolve_references(page.body, view)[0]
    return view


def _metric_labels(metric: Metric, fmt: Formatter) -> dict[str, str]:
    return {
        "before_label": fmt.value(metric.before, metric.format, metric.unit),
        "after_label": fmt.value(metric.after, metric.format, metric.unit),
        "change_label": fmt.change(metric.before, metric.after),
    }


def _dump(value: Any, public: bool) -> Any:
    if isinstance(value, BaseModel):
        out: dict[str, Any] = {}
        for name, info in type(value).model_fields.items():
            if public and is_internal(info):
                continue
            out[name] = _dump(getattr(value, name), public)
        return out
    if isinstance(value, list):
        return [_dump(v, public) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v, public) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class ReferenceError_:
    """A reference in Markdown that does not resolve: where it starts and why."""

    offset: int
    message: str


class IdIndex:
    """Items of the view's lists by id, each list indexed once, when first looked into.

    Reference resolution looks items up by id; scanning the list every time made resolving
    every article's references grow as N². An index is only valid while the lists it has
    seen are not changed: make one per pass over a view (it holds the lists it indexed).
    """

    def __init__(self) -> None:
        self._lists: dict[int, tuple[list[Any], dict[str, Any]]] = {}
        #: What each reference resolved to in this pass, as text or as the error: a thousand
        #: articles quote the same few prices, and each quote was a walk and a format.
        self.resolved: dict[str, str | LookupError] = {}

    def get(self, items: list[Any], item_id: str) -> Any | None:
        """Return the first dict in ``items`` whose id is ``item_id``, or None."""
        known = self._lists.get(id(items))
        if known is None or known[0] is not items:
            by_id: dict[str, Any] = {}
            for item in items:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    by_id.setdefault(str(item["id"]), item)
            known = self._lists[id(items)] = (items, by_id)
        return known[1].get(item_id)


def resolve_references(text: str, view: dict[str, Any], ids: IdIndex | None = None) -> tuple[str, list[ReferenceError_]]:
    """Replace ``{{ path }}`` references with values from ``view``; return text and errors.

    ``ids`` indexes the view's lists by id; pass one index to many calls over the same view.
    """
    errors: list[ReferenceError_] = []
    ids = ids if ids is not None else IdIndex()

    def replace(match: re.Match[str]) -> str:
        path = match.group(1).strip()
        value = ids.resolved.get(path)
        if value is None:
            try:
                # The body is Markdown, so a value is text in it, never markup.
                value = html.escape(_format_reference(lookup(view, path, ids)), quote=False)
            except LookupError as e:
                value = e
            ids.resolved[path] = value
        if isinstance(value, LookupError):
            errors.append(ReferenceError_(match.start(), str(value.args[0])))
            return match.group(0)
        return value

    return REFERENCE.sub(replace, text), errors


def lookup(view: dict[str, Any], path: str, ids: IdIndex | None = None) -> Any:
    """Return the value at a dotted path, addressing list items by id; raise LookupError.

    ``ids`` finds list items by id without a scan; pass one to many lookups in the same view.
    """
    ids = ids if ids is not None else IdIndex()
    if not REFERENCE_PATH.match(path):
        raise LookupError(f'expected a reference like {{{{ offers.<id>.price.label }}}}, got "{{{{ {path} }}}}"')
    node: Any = view
    walked: list[str] = []
    for part in path.split("."):
        if isinstance(node, dict) and part in node and node[part] is not None:
            node = node[part]
        elif isinstance(node, list) and (item := ids.get(node, part)) is not None:
            node = item
        else:
            where = ".".join(walked) or "the content"
            raise LookupError(
                f'expected a public value, got the unknown reference "{path}" '
                f'("{part}" is not one of {_choices(node)} in {where})'
            )
        walked.append(part)
    if isinstance(node, (dict, list)):
        raise LookupError(f'expected a reference to a single value, got "{path}", which holds {_choices(node)}')
    return node


def _choices(node: Any) -> str:
    if isinstance(node, dict):
        keys = [k for k, v in node.items() if v is not None]
    elif isinstance(node, list):
        keys = [str(i.get("id")) for i in node if isinstance(i, dict) and "id" in i]
    else:
        return "nothing (it is a single value)"
    return ", ".join(keys) if keys else "nothing"


def _format_reference(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
