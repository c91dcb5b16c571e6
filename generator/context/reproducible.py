"""One fixed moment per build, so the same content gives byte-identical outputs."""

from __future__ import annotations

import datetime as dt
import os

from generator.model import Content


def content_date(content: Content) -> dt.date:
    """Return the newest published date in the content: a reproducible stand-in for 'today'."""
    # Only what is published: an internal story or a draft must not shape a public byte.
    dates = [a.date for a in content.articles if not a.draft]
    dates += [s.date for s in content.case_studies if s.date and s.publication != "internal"]
    return max(dates, default=dt.date(2000, 1, 1))


def build_moment(content: Content) -> dt.datetime:
    """Return SOURCE_DATE_EPOCH when set, else midnight UTC of the content's newest date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.combine(content_date(content), dt.time(), tzinfo=dt.UTC)
