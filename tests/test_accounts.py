"""Named accounts (accounts/<id>.yaml): checked like all content, internal in every field."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import DEFAULT_CONTENT, Edits, copy_content

from generator.content.load import load_content
from generator.context.view import internal_view, public_view
from generator.errors import ContentError

BAYLINE = "accounts/bayline-mechanical.yaml"
FILE = f"content/{BAYLINE}"

CASES: dict[str, tuple[Edits, list[str]]] = {
    "discount above the no-approval limit": (
        {BAYLINE: ("discount_percent: 10", "discount_percent: 20")},
        [
            f"{FILE}:40:19: accounts.bayline-mechanical.discount_percent: expected a discount of at most 15% on "
            "Crewboard Dispatch without approval, got 20%; needs approval: Head of Sales approves anything below $58 "
            "per technician; CEO approves price locks longer than 2 years."
        ],
    ),
    "discount below the floor": (
        {BAYLINE: ("discount_percent: 10", "discount_percent: 10"), "offers/dispatch.yaml": ("  floor: 58", "  floor: 63")},
        [
            f"{FILE}:40:19: accounts.bayline-mechanical.discount_percent: expected a price no lower than the floor of "
            "$63 on Crewboard Dispatch, got $62.10 after 10% off; needs approval: Head of Sales approves anything below "
            "$58 per technician; CEO approves price locks longer than 2 years."
        ],
    ),
    "unknown stage, persona, offer and competitor": (
        {
            BAYLINE: [
                ("stage: sql", "stage: hot"),
                ("persona: office-manager", "persona: dispatcher"),
                ("offer: launch-service", "offer: launch"),
                ("competitor: slotsimple", "competitor: fieldpro"),
            ]
        },
        [
            f'{FILE}:14:8: accounts.bayline-mechanical.stage: expected the id of a lead stage, got "hot"; valid ids: cold, warm, mql, sql',
            f'{FILE}:23:14: accounts.bayline-mechanical.contacts[1].persona: expected the id of a persona, got "dispatcher"; valid ids: owner, office-manager, service-manager',
            f'{FILE}:31:12: accounts.bayline-mechanical.offers[1].offer: expected the id of an offer, got "launch"; valid ids: dispatch, launch-service, maintenance-plans',
            f'{FILE}:39:13: accounts.bayline-mechanical.competitor: expected the id of a competitor, got "fieldpro"; valid ids: slotsimple, tradewell',
        ],
    ),
    "a pain no contact's persona has": (
        {BAYLINE: ("  - Re-typing jobs into QuickBooks at the end of the day", "  - Too many spreadsheets")},
        [
            f"{FILE}:27:5: accounts.bayline-mechanical.pains[2]: expected one of the pains of the contacts' personas, got "
            '"Too many spreadsheets"; valid pains: "Cannot see today\'s schedule, revenue or open jobs without calling the office"; '
            '"Paying overtime in peak season while techs sit idle between calls"; "Agreement members lapse because nobody '
            'remembered to schedule their tune-up"; "Has been burned by software that took six months to set up and was never '
            'fully used"; "Phones, text threads and a whiteboard that never agree with each other"; "Re-typing jobs into '
            'QuickBooks at the end of the day"; "Customers calling because nobody told them the tech is running late"; '
            '"Being the only person who knows how the schedule works"'
        ],
    ),
    "ROI inputs outside the model": (
        {BAYLINE: [("    technicians: 34", "    technicians: 340"), ("    office_hourly_cost: 31", "    office_cost: 31")]},
        [
            f"{FILE}:34:18: accounts.bayline-mechanical.roi_inputs.dispatch.technicians: expected technicians within the model's bounds (1 to 200), got 340",
            f'{FILE}:36:5: accounts.bayline-mechanical.roi_inputs.dispatch.office_cost: expected an input of the dispatch ROI model, got "office_cost"; valid inputs: technicians, scheduling_hours_per_day, scheduling_time_saved, office_hourly_cost, extra_jobs_per_tech_per_month, gross_profit_per_job',
        ],
    ),
}


@pytest.mark.parametrize("edits,expected", CASES.values(), ids=list(CASES))
def test_account_errors_are_exact_lines(
    edits: Edits, expected: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    content = copy_content(DEFAULT_CONTENT, tmp_path / "content", edits)
    with pytest.raises(ContentError) as caught:
        load_content(content)
    assert [str(p) for p in caught.value.problems] == expected


def test_accounts_are_internal_in_every_field() -> None:
    content = load_content(DEFAULT_CONTENT).content
    assert "accounts" not in public_view(content)
    names = [a["name"] for a in internal_view(content)["accounts"]]
    assert names == ["Bayline Mechanical", "Northgate Electric & Solar"]
