"""Write Handoff's default proposal template: a Word document with Jinja tags for docxtpl.

Run ``python -m generator.outputs.collateral.proposal_template`` to regenerate
``generator/outputs/collateral/templates/proposal.docx`` after changing this file. A marketer who
wants their own look copies that file to ``enablement/proposal.docx`` (``handoff templates
enablement/proposal.docx``) and edits it in Word, keeping the tags; the tags and the
variables they may use are listed in the README.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Inches, Pt
from docx.table import Table

from generator.outputs.collateral.package import normalise

#: A fixed date for the template's own properties, so regenerating it changes no byte.
TEMPLATE_MOMENT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _widths(table: Table, inches: list[float]) -> None:
    """Fix column widths, so Word, LibreOffice and Google Docs lay the table out alike."""
    table.autofit = False
    for column, width in zip(table.columns, inches, strict=True):
        column.width = Inches(width)  # the grid, which LibreOffice reads
    for row in table.rows:
        for cell, width in zip(row.cells, inches, strict=True):
            cell.width = Inches(width)


def make_template() -> bytes:
    """Return the default proposal template as .docx bytes."""
    doc = Document()
    doc.core_properties.title = "Proposal"
    doc.core_properties.author = ""
    for section in doc.sections:
        section.left_margin = section.right_margin = Pt(64)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)

    def para(
        text: str,
        style: str | None = None,
        bold: bool = False,
        size: float | None = None,
        align: WD_ALIGN_PARAGRAPH | None = None,
    ) -> None:
        p = doc.add_paragraph(style=style)
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if align is not None:
            p.alignment = align

    # Cover
    para("{%p if company_logo %}")
    para("{{ company_logo }}")
    para("{%p else %}")
    para("{{ company.name }}", bold=True, size=14)
    para("{%p endif %}")
    doc.add_paragraph()
    para("Proposal for {{ account.name }}", style="Title")
    para("{{ headline }}", size=13)
    doc.add_paragraph()
    para("{{ account_logo }}")
    cover = doc.add_table(rows=5, cols=2)
    _widths(cover, [1.6, 4.6])
    for row, (label, value) in enumerate(
        [
            ("Prepared for", "{{ contact.name }}{% if contact.role %}, {{ contact.role }}{% endif %}"),
            (
                "Prepared by",
                "{{ rep.name }}{% if rep.title %}, {{ rep.title }}{% endif %}{% if rep.email %} · {{ rep.email }}{% endif %}",
            ),
            ("Date", "{{ date }}"),
            ("Proposal number", "{{ number }}"),
            ("Valid until", "{{ valid_until }}"),
        ]
    ):
        cover.cell(row, 0).paragraphs[0].add_run(label).bold = True
        cover.cell(row, 1).text = value
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # 1 Executive summary
    doc.add_heading("Executive summary", level=1)
    para("{{ summary }}")
    para("What you told us gets in the way today:")
    para("{%p for pain in pains %}")
    para("{{ pain }}", style="List Bullet")
    para("{%p endfor %}")
    para("{{ promise }}")

    # 2 Proposed solution
    doc.add_heading("Proposed solution", level=1)
    para("{%p for offer in offers %}")
    doc.add_heading("{{ offer.name }}", level=2)
    para("{{ offer.summary }}")
    para("What is included:", bold=True)
    para("{%p for item in offer.inclusions %}")
    para("{{ item }}", style="List Bullet")
    para("{%p endfor %}")
    para("What changes for you:", bold=True)
    para("{%p for item in offer.outcomes %}")
    para("{{ item }}", style="List Bullet")
    para("{%p endfor %}")
    para("{%p endfor %}")

    # 3 Expected outcomes
    doc.add_heading("Expected outcomes", level=1)
    para("{%p if outcomes %}")
    para("{{ outcomes_intro }}")
    table = doc.add_table(rows=4, cols=2)
    table.style = "Light List Accent 1"
    _widths(table, [4.0, 2.2])
    table.cell(0, 0).text = "Result"
    table.cell(0, 1).text = "In your numbers"
    # docxtpl replaces a row holding {%tr ... %} with the tag itself: loops take rows of their own.
    table.cell(1, 0).text = "{%tr for row in outcomes %}"
    table.cell(2, 0).text = "{{ row.label }}"
    table.cell(2, 1).text = "{{ row.value }}"
    table.cell(3, 0).text = "{%tr endfor %}"
    para("{{ assumptions }}", size=9)
    para("{%p else %}")
    para("{{ outcomes_missing }}")
    para("{%p endif %}")

    # 4 Proof
    doc.add_heading("Customers like you", level=1)
    para("{%p for study in proof %}")
    doc.add_heading("{{ study.title }}", level=2)
    para("{{ study.who }}", bold=True)
    para("{{ study.summary }}")
    para("{{ study.result }}")
    para("{%p if study.quote %}")
    para("“{{ study.quote }}” — {{ study.quote_by }}", size=10)
    para("{%p endif %}")
    para("{%p endfor %}")
    para("{{ proof_rule }}", size=9)

    # 5 Investment
    doc.add_heading("Investment", level=1)
    prices = doc.add_table(rows=5, cols=5)
    prices.style = "Light List Accent 1"
    prices.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(prices, [2.5, 1.1, 0.8, 0.8, 1.2])
    for col, head in enumerate(["Item", "Unit price", "Quantity", "Discount", "Total"]):
        prices.cell(0, col).text = head
    prices.cell(1, 0).text = "{%tr for line in lines %}"
    for col, key in enumerate(["name", "unit_price", "quantity", "discount", "total"]):
        prices.cell(2, col).text = "{{ line." + key + " }}"
    prices.cell(3, 0).text = "{%tr endfor %}"
    prices.cell(4, 0).text = "{{ total_label }}"
    prices.cell(4, 4).text = "{{ total }}"
    para("{{ pricing_note }}", size=9)
    para("Prices are valid until {{ valid_until }}.", size=9)

    # 6 Timeline and next steps
    doc.add_heading("Timeline and next steps", level=1)
    para("{%p for step in timeline %}")
    para("{{ step.when }}: {{ step.what }}", style="List Number")
    para("{%p endfor %}")

    # 7 Terms
    doc.add_heading("Terms", level=1)
    para("{%p for term in terms %}")
    para("{{ term }}", style="List Bullet")
    para("{%p endfor %}")

    # 8 Acceptance
    doc.add_heading("Acceptance", level=1)
    para("{{ acceptance }}")
    sign = doc.add_table(rows=4, cols=2)
    for row, label in enumerate(["Signature", "Name", "Title", "Date"]):
        sign.cell(row, 0).text = f"{label}: ______________________"
        sign.cell(row, 1).text = f"{label}: ______________________"
    para("For {{ account.name }}                                        For {{ company.name }}", size=9)

    out = io.BytesIO()
    doc.save(out)
    return normalise(out.getvalue(), TEMPLATE_MOMENT)


if __name__ == "__main__":
    target = Path(__file__).resolve().parent / "templates" / "proposal.docx"
    target.write_bytes(make_template())
    print(f"wrote {target}")
