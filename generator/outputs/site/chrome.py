"""What every page of the site carries besides its body: the call to action and the footer.

Data only, from the public view: the page templates read `call_to_action`, and the theme's
header and footer (``overrides/main.html``) read `site_chrome` from the engine's ``extra``.
"""

from __future__ import annotations

from typing import Any

#: Networks whose icon Material ships, by the lowercased name a marketer writes.
SOCIAL_ICONS = {
    "bluesky": "fontawesome/brands/bluesky",
    "facebook": "fontawesome/brands/facebook",
    "github": "fontawesome/brands/github",
    "instagram": "fontawesome/brands/instagram",
    "linkedin": "fontawesome/brands/linkedin",
    "mastodon": "fontawesome/brands/mastodon",
    "threads": "fontawesome/brands/threads",
    "tiktok": "fontawesome/brands/tiktok",
    "twitter": "fontawesome/brands/x-twitter",
    "x": "fontawesome/brands/x-twitter",
    "youtube": "fontawesome/brands/youtube",
}
#: Where a call to action without a url lands when the business has a contact form.
CONTACT_FORM = "/contact/#contact-form"


def call_to_action(company: dict[str, Any]) -> dict[str, str]:
    """Return the call to action's label, short label and target.

    The target is the marketer's own choice (``cta.url``), else their booking page, else the
    contact page's form, else an email: never a dead end.
    """
    cta, contact = company["cta"], company["contact"]
    url = cta.get("url") or contact.get("booking_url")
    if not url:
        url = CONTACT_FORM if contact.get("form_action") else f"mailto:{contact['email']}"
    return {"label": cta["label"], "short_label": cta.get("short_label") or cta["label"], "url": url}


def site_chrome(view: dict[str, Any], nav: list[dict[str, str]], year: int) -> dict[str, Any]:
    """Return the header call to action and the footer for the theme, from the public view.

    Site paths are made relative to the site root (``contact/``), so the engine's ``url``
    filter can make them relative to each page and the site works under any base path.
    """
    company = view["company"]
    contact = company["contact"]
    cta = call_to_action(company)
    phone = contact.get("phone")
    legal = [{"label": link["label"], "url": _site_relative(link["url"])} for link in company.get("legal_links", [])]
    # The marketer's pages placed in the footer, unless a legal link already names them.
    named = {link["url"].strip("/") for link in legal}
    own = [
        {"title": page.get("nav_label") or page["title"], "url": page["id"] + "/"}
        for page in sorted(view.get("pages", []), key=lambda p: (p["order"], p["title"]))
        if page["nav"] == "footer" and page["id"] not in named
    ]
    return {
        "cta": {**cta, "url": _site_relative(cta["url"])},
        "name": company["name"],
        "tagline": company["tagline"],
        "email": contact["email"],
        "phone": phone,
        "phone_url": "tel:" + "".join(ch for ch in phone if ch.isdigit() or ch == "+") if phone else None,
        "address": contact.get("address"),
        "social": [
            {"name": s["name"], "url": s["url"], "icon": SOCIAL_ICONS.get(s["name"].strip().lower())}
            for s in company.get("social", [])
        ],
        "sections": [
            {"title": title, "url": _site_relative("/" + path.removesuffix("index.md"))}
            for entry in nav
            for title, path in entry.items()
            if path != "index.md"
        ]
        + own,
        "legal": legal,
        # "Crewboard, Inc." already ends its sentence.
        "copyright": f"© {year} {(company.get('legal_name') or company['name']).rstrip('.')}. All rights reserved.",
        "made_with": bool(company.get("made_with")),
        # The page's language, from the locale: en_GB becomes en-GB.
        "lang": company["locale"].replace("_", "-"),
    }


def _site_relative(url: str) -> str:
    """Return ``/contact/`` as ``contact/`` and the home page as ``.``; leave other URLs alone."""
    if url.startswith("/") and not url.startswith("//"):
        return url.lstrip("/") or "."
    return url
