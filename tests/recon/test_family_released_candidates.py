"""A PSA company only a summed family's review item offered is weighed by the family step.

``recon.match.tenant_sites``: a second tenant ("Kern Point Transportation (Legacy Tenant)")
held in review with one candidate ("Kern Transport") is summed into its first tenant, and its
review item goes. The candidate is then a company with no vendor customer: it used to fall
out of every list (neither held, matched nor unmatched), so the family step never saw it and
its lines and its parent's shortfall were two gaps. Here it fills Kern Glen Senior Living's
shortfall exactly: one family question, as for any company with no vendor customer.
"""

from __future__ import annotations

from tests.recon.conftest import reconcile_rows

BP = "Microsoft 365 Business Premium"
BB = "Microsoft 365 Business Basic"
EXO = "Exchange Online (Plan 1)"
OTHERS = ("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Logistics", "Summit Legal")


def test_a_candidate_of_a_summed_tenants_review_is_asked_about_as_a_lone_company() -> None:
    vendor = [
        ("Kern Point Transportation", BP, 10, "22.00"),
        ("Kern Point Transportation (Legacy Tenant)", BP, 4, "22.00"),
        ("Kern Glen Senior Living", BB, 26, "5.23"),
        ("Kern Glen Senior Living", EXO, 51, "4.00"),
    ]
    psa = [
        ("Kern Point Transportation", BP, 14, "26.00"),
        ("Kern Glen Senior Living", EXO, 51, "5.00"),
        ("Kern Transport", BB, 26, "8.19"),
    ]
    for i, client in enumerate(OTHERS):
        vendor.append((client, BP, 10 + i, "22.00"))
        psa.append((client, BP, 10 + i, "26.00"))
    result = reconcile_rows(vendor, psa)
    assert [(q.vendor_client, q.psa_client) for q in result.family_questions] == [
        ("Kern Glen Senior Living", "Kern Transport")
    ]
    # the 26 seats bought and billed under two names: no gap while the question waits
    assert list(result.gaps) == []
    assert result.review == ()
