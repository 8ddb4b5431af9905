"""The two guards of :func:`recon.engine.kind_makers.guess_yields` that no reconcile run on
small files reaches (a guessed text is already a kind word there, and a rival text changes the
weighing upstream), held on the function itself: each test fails when its guard is removed."""

from __future__ import annotations

import numpy as np
import pandas as pd

from recon.engine.kind_guesses import catalogue_kinds
from recon.engine.kind_makers import guess_yields
from recon.engine.pending import Pending
from recon.engine.question_keys import TARGET
from recon.match.product_evidence import PC
from recon.model import G

IRONSCALES = "cat:ironscales-email-security"
PROOFPOINT = "cat:proofpoint-essentials-business"
ASKED = "phishing protection licenses"


def _yields(
    guessed: str, extra: tuple[tuple[str, str, int], ...] = ()
) -> dict[tuple[str, str], Pending]:
    """Acme buys one IRONSCALES and one Proofpoint seat; ``guessed`` (1 seat) is read as
    IRONSCALES by a guess, and 3 "Phishing Protection Licenses" are asked as IRONSCALES."""
    rows = [("acme", guessed, IRONSCALES, 1000), ("acme", ASKED, IRONSCALES, 3000)]
    rows += [("acme", text, target, qty) for text, target, qty in extra]
    p_all = pd.DataFrame(rows, columns=[G.CLIENT, G.PRODUCT, TARGET, G.QTY])
    mine = pd.DataFrame(
        [("acme", IRONSCALES, 1000), ("acme", PROOFPOINT, 1000)], columns=[PC, G.PRODUCT, G.QTY]
    )
    texts = {t: t.title() for t in p_all[G.PRODUCT]}
    products = {IRONSCALES: "IRONSCALES Email Security", PROOFPOINT: "Proofpoint Essentials"}
    claims = {("acme", ASKED): Pending(vendor_key=IRONSCALES, rests_on="", score=0.0)}
    guessed_rows = np.array([True] + [False] * (len(rows) - 1))
    return guess_yields(p_all, guessed_rows, claims, mine, (texts, products), catalogue_kinds())


def test_a_guessed_text_naming_the_kind_yields_to_the_other_maker() -> None:
    assert _yields("email security")[("acme", "email security")].vendor_key == PROOFPOINT


def test_a_guessed_text_that_does_not_name_the_kind_keeps_its_guess() -> None:
    # Guard: the text names the kind ("Email Security"); "Inbox Shield" does not.
    assert _yields("inbox shield") == {}


def test_another_unread_text_of_the_kind_leaves_the_guess_alone() -> None:
    # Guard: a rival text of the kind at the client may be the one billing Proofpoint.
    assert _yields("email security", (("email security plus", "", 1000),)) == {}
