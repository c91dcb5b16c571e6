"""company.yaml: who the business is and how it looks."""

from __future__ import annotations

import difflib
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from generator.model.base import (
    CURRENCY_PATTERN,
    Colour,
    Email,
    FontFamily,
    Model,
    Text,
    Title,
    Url,
    internal,
)


class CallToAction(Model):
    label: Text = Field(description="Button text, e.g. 'Book a 20-minute demo'.")
    short_label: Title | None = Field(
        None, description="Shorter button text for the site header, e.g. 'Book a demo'. Without it, the header shows label."
    )
    url: Url | None = Field(
        None,
        description="Where the button goes: a full URL or a site path. Without it, the button goes to "
        "contact.booking_url, else to the contact form (contact.form_action), else to an email to contact.email.",
    )


class Contact(Model):
    email: Email = Field(description="Public contact address.")
    phone: Text | None = Field(None, description="Public phone number, as it should be shown.")
    address: Text | None = Field(None, description="Postal address shown in the site footer.")
    booking_url: Url | None = Field(
        None, description="A booking page where buyers pick a time themselves (Calendly, HubSpot meetings...)."
    )
    form_action: Url | None = Field(
        None,
        description="A form endpoint (Formspree, HubSpot, Netlify...) that receives the contact page's form "
        "as a POST with name, email, company and message. Without it, the contact page has no form.",
    )


class Link(Model):
    label: Title = Field(description="Link text, e.g. 'Privacy policy'.")
    url: Url = Field(description="Where it goes: a full URL or a site path.")


class SocialLink(Model):
    name: Title = Field(description="The network as buyers know it, e.g. LinkedIn, YouTube, X, Facebook, Instagram, GitHub.")
    url: Url = Field(description="Your profile's full address.")


class Picture(Model):
    file: Text = Field(description="An image (PNG or JPEG) under content/assets/, e.g. assets/hero.jpg.")
    alt: Text = Field(description="What the image shows, for people who cannot see it.")


class Brand(Model):
    primary: Colour = Field(description="Main brand colour (#RRGGBB): headers, buttons, title bars.")
    secondary: Colour = Field(description="Second colour (#RRGGBB): backgrounds, table headers.")
    accent: Colour = Field(description="Accent colour (#RRGGBB): highlights, key numbers, links.")
    heading_font: FontFamily = Field(
        "Lato",
        description="Font family for headings and slide titles. The site serves Lato and Open Sans itself; "
        "for another family it falls back to the system font (`handoff check` warns).",
    )
    body_font: FontFamily = Field("Open Sans", description="Font family for body text (see heading_font).")
    logo: Text | None = Field(
        None,
        description="Logo image (SVG, PNG or JPEG, ideally 3:1 or wider) relative to the content folder. The site "
        "shows an SVG as it is; decks and proposals need PNG or JPEG and use a PNG of the same name beside an SVG "
        "(assets/logo.png for assets/logo.svg), or go without the logo.",
    )
    hero_image: Picture | None = Field(None, description="The picture beside the headline on the home page, with its alt text.")


class Company(Model):
    name: Title = Field(description="Trading name of the business.")
    tagline: Title = Field(description="One line under the name: what you do, for whom.")
    description: Text = Field(description="One or two sentences used as the site's meta description and deck intro.")
    website: Url = Field(description="Canonical address of the public site, e.g. https://example.com/.")
    legal_name: Title | None = Field(
        None, description="Registered name for the copyright line, e.g. 'Crewboard, Inc.'. Without it, name is used."
    )
    cta: CallToAction = Field(description="The primary call to action used on the site and decks.")
    contact: Contact = Field(description="How buyers reach you; shown in the site footer and on decks.")
    social: list[SocialLink] = Field(default=[], description="Your profiles, linked from the site footer.")
    legal_links: list[Link] = Field(
        default=[], description="Privacy policy, terms, imprint...: linked from the site footer beside the copyright."
    )
    made_with: bool = Field(False, description='true to credit "Made with Material for MkDocs" in the site footer.')
    currency: Annotated[str, StringConstraints(pattern=CURRENCY_PATTERN)] = Field(
        "USD", description="ISO 4217 currency of every price and money value."
    )
    locale: Text = Field("en_US", description="Locale used to format numbers, money and dates, e.g. en_US, en_GB, de_DE.")
    brand: Brand = Field(description="Colours, fonts and logo applied to the site, decks and workbooks.")
    next_steps: list[Title] = Field(
        default=[],
        max_length=3,
        description="Up to three steps from interest to value, shown on the decks' Next steps slide, "
        "e.g. 'Book a 20-minute demo'. Without them, the slide shows the call to action.",
    )
    tone_notes: list[Text] = internal("How we sound: words to use and avoid. Shown to writers and reps only.", default=[])

    @field_validator("locale")
    @classmethod
    def _a_known_locale(cls, value: str) -> str:
        """Accept de_DE and de-DE alike; refuse what babel does not know, naming the nearest ones."""
        from babel.localedata import locale_identifiers

        normalised = value.replace("-", "_")
        known = sorted(locale_identifiers())
        if normalised in known:
            return normalised
        close = difflib.get_close_matches(normalised, known, n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(close)}?)" if close else " such as en_US, en_GB, de_DE or fr_FR"
        raise ValueError(f'expected a locale{hint}, got "{value}"')
