"""One family answer covers every pair its question names (a real SQLite file)."""

from __future__ import annotations

from decimal import Decimal

from recon.model import FamilyQuestion
from recon.store import Store

COMPANY = "Atwood Brothers Dental"
MAIN, TAMPA = "Atwood Brothers Dental Grp", "Atwood Brothers Dental Grp (Tampa)"


def test_a_yes_to_a_company_bought_as_two_tenants_records_each_tenant(store: Store) -> None:
    asked = FamilyQuestion(
        MAIN, COMPANY, (MAIN, TAMPA), (COMPANY,), (), Decimal("10.00"), "", tenants=True
    )
    store.note_family_questions([asked])
    store.answer_family(MAIN, COMPANY, same=True, by="U0PERSON01")
    for tenant in (MAIN, TAMPA):
        answer = store.family_answer(tenant, COMPANY)
        assert answer is not None and answer.same


def test_a_question_noted_before_pairs_were_kept_still_covers_every_company(
    store: Store,
) -> None:
    # Noted by an earlier version: the other companies only, under "also".
    old = {"vendor": COMPANY, "psa": MAIN, "question": "?", "money": "1.00", "also": [TAMPA]}
    store._put_meta("family_questions", [old])
    store.answer_family(COMPANY, MAIN, same=False, by="U0PERSON01")
    for company in (MAIN, TAMPA):
        answer = store.family_answer(COMPANY, company)
        assert answer is not None and not answer.same
