"""A PSA text naming email security is not the mailbox beside it.

"Email Security Gateway (Annual)" 4 at a client buying Exchange Online Plan 1 (billed in
full) and no email security: the text carries every word of the catalogue kind "Email
security", so it names that kind, not "Email" (the mailbox kind of Exchange Online). Read as
"Email" it was alike the Exchange line, and the 4 seats the MSP bills at a cost of its own
were shown nowhere; read as email security, nothing at the client is alike it, every vendor
line is billed in full, and it is billed, not bought (recon.catalog.text.kind_words_named,
recon.engine.unread_lines)."""

from __future__ import annotations

from decimal import Decimal

from recon.catalog.text import kind_named
from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_costed_lines, make_lines

CLIENT = "Anchor Harbor Bakery"
GATEWAY = "Email Security Gateway (Annual)"


def test_an_email_security_text_names_email_security_not_the_mailbox() -> None:
    assert kind_named(GATEWAY, "cat:ms-exchange-online-p1", "Exchange Online (Plan 1)") == ""
    assert kind_named("Email Hosting", "cat:ms-exchange-online-p1", "Exchange Online (Plan 1)")


def test_an_email_security_line_beside_a_mailbox_is_billed_not_bought() -> None:
    vendor = make_lines(
        Side.VENDOR,
        [
            (CLIENT, "Exchange Online (Plan 1)", 8, "4.31"),
            (CLIENT, "Microsoft 365 Business Basic", 6, "4.82"),
            ("Bolt Dental", "Proofpoint Essentials Business", 7, "3.52"),
            ("Harbor Legal", "Microsoft 365 Business Premium", 5, "20.00"),
        ],
    )
    psa = make_costed_lines(
        Side.PSA,
        [
            (CLIENT, "Exchange Online P1 (Monthly)", 8, "5.34", "4.46"),
            (CLIENT, "M365 BB", 6, "9.39", "4.87"),
            # The MSP pays 3.43 a seat for it: bought per seat, from someone.
            (CLIENT, GATEWAY, 4, "5.74", "3.43"),
            ("Bolt Dental", "Proofpoint Essentials Business", 7, "4.25", "3.52"),
            ("Harbor Legal", "Microsoft 365 Business Premium", 5, "25.00", "20.00"),
        ],
    )
    result = reconcile(vendor, psa)
    gaps = [(g.kind, g.psa_product, g.psa_qty) for g in result.gaps if g.psa_client == CLIENT]
    assert gaps == [(GapKind.MISSING_IN_VENDOR, GATEWAY, Decimal(4))]
