"""A question's candidate the text's own unit cost rules out is dropped when another fits.

"Phishing Training" billed at two clients, beside an unbilled Business Basic of the same seats
at one and an unbilled Huntress SAT of the same seats at the other: the seats cannot tell the
two apart, the names hardly. The lines' own cost (an Autotask service's Unit Cost) can: $1.60
fits the SAT's $1.53 and is far from Business Basic's $5.00. Each test fails when its guard
is removed (recon.engine.cost_candidates).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from recon.catalog import TierRelation
from recon.catalog.text import TextMatch
from recon.engine import reconcile
from recon.engine.cost_candidates import cost_reread, cost_ruled
from recon.match.product_evidence import (
    PC,
    PSA_KEY,
    QTY_P,
    QTY_V,
    VENDOR_KEY,
    Support,
    TextScores,
    Verdict,
)
from recon.model import MONEY_SCALE, Col, G, GapKind, LineSet, Side
from tests.recon.conftest import make_lines

BASIC = "Microsoft 365 Business Basic"
SAT = "Huntress Managed SAT"
TEXT = "Phishing Training"


def _costed(rows: list[tuple], costs: list[str]) -> LineSet:
    """PSA lines with their own unit cost, as an Autotask service's Unit Cost."""
    lines = make_lines(Side.PSA, rows)
    frame = lines.lines.copy()
    frame[Col.COST] = pd.array([int(Decimal(c) * MONEY_SCALE) for c in costs], dtype="Int64")
    return dataclasses.replace(lines, lines=frame)


def _run(text_cost: str, *, basic_again: bool = False, basic_cost: str = "5.00"):
    vendor, psa, costs = [], [], []
    for i in range(6):
        client = f"Client {i:02}"
        vendor.append((client, "Microsoft 365 Business Premium", 10 + i, "22"))
        psa.append((client, "M365 Business Premium", 10 + i, "26"))
        costs.append("22.10")
    vendor += [("Client 01", BASIC, 4, basic_cost), ("Client 02", SAT, 2, "1.53")]
    psa += [("Client 01", TEXT, 4, "2.12"), ("Client 02", TEXT, 2, "2.12")]
    costs += [text_cost, text_cost]
    if basic_again:  # the seats point to Business Basic at a second client
        vendor.append(("Client 03", BASIC, 3, "5.00"))
        psa.append(("Client 03", TEXT, 3, "2.12"))
        costs.append(text_cost)
    return reconcile(make_lines(Side.VENDOR, vendor), _costed(psa, costs))


def _asked(result) -> list[str]:
    (question,) = [q for q in result.questions if q.psa_product == TEXT]
    return [c.vendor_product for c in question.candidates]


def test_a_candidate_far_from_the_lines_cost_leaves_the_question_to_the_one_that_fits() -> None:
    result = _run("1.60")
    assert BASIC not in _asked(result) and _asked(result)[0] == SAT
    # Business Basic bought at Client 01 and billed nowhere shows; the text there is the SAT
    # the vendor does not sell there, pending the question.
    kinds = {(g.client, g.product, g.kind, g.rests_on is not None) for g in result.gaps}
    assert ("Client 01", BASIC, GapKind.MISSING_IN_PSA, False) in kinds
    assert ("Client 01", SAT, GapKind.MISSING_IN_VENDOR, True) in kinds


def test_a_cost_that_fits_no_candidate_leaves_the_question_as_it_was() -> None:
    result = _run("3.20")
    assert set(_asked(result)) >= {BASIC, SAT}
    assert not any(g.kind is GapKind.MISSING_IN_PSA for g in result.gaps)


def test_a_far_candidate_the_seats_back_more_is_kept() -> None:
    # Business Basic's seats agree at two clients, the SAT's at one: the cost alone does not
    # outweigh the seats, a person decides.
    assert BASIC in _asked(_run("1.60", basic_again=True))


def test_a_candidate_whose_cost_is_only_a_little_off_is_kept() -> None:
    # $1.60 is 16 % under a $1.90 Business Basic: not its cost, not far enough to rule it out.
    assert BASIC in _asked(_run("1.60", basic_cost="1.90"))


def test_a_candidate_only_the_name_offers_is_left_to_the_person() -> None:
    # No seats back it: it could never be compared beside the question, so its cost is not
    # weighed, and a person still sees it among the answers.
    def support(key: str, agree: int) -> Support:
        return Support(key, TextMatch(30.0, TierRelation.SAME, "similar"), agree, 0, 1, 2, ())

    verdict = Verdict(
        "text", (support("basic", 1), support("sat", 1), support("edr", 0)), None, True
    )
    p_all = pd.DataFrame({G.PRODUCT: ["text"], G.COST: [1_600_000]})
    vendor = pd.DataFrame(
        {
            G.PRODUCT: ["basic", "sat", "edr"],
            G.QTY: [2_000, 2_000, 2_000],
            G.EXT: [2_000 * 5_000_000, 2_000 * 1_530_000, 2_000 * 9_000_000],
        }
    )
    kept = cost_ruled({"text": verdict}, p_all, vendor)["text"].candidates
    assert [c.vendor_key for c in kept] == ["sat", "edr"]


def _ranges_by_strings(vendor: pd.DataFrame, products: set[str]) -> dict[str, tuple[float, float]]:
    """The first version of the vendor cost ranges (a product string per row): the oracle."""
    from recon.engine.columns import member
    from recon.engine.price_readings import SPREAD

    rows = vendor.loc[
        member(vendor[G.PRODUCT], products) & (vendor[G.QTY].to_numpy(dtype="int64") > 0),
        [G.PRODUCT, G.QTY, G.EXT],
    ]
    if rows.empty:
        return {}
    unit = rows[G.EXT].to_numpy(dtype="float64") / rows[G.QTY].to_numpy(dtype="float64")
    frame = pd.DataFrame({G.PRODUCT: rows[G.PRODUCT].astype(str).to_numpy(), "unit": unit})
    frame = frame.loc[frame["unit"] > 0]
    low = frame.groupby(G.PRODUCT)["unit"].quantile(SPREAD[0])
    high = frame.groupby(G.PRODUCT)["unit"].quantile(SPREAD[1])
    return {str(p): (float(low[p]), float(high[p])) for p in low.index}


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", "d"]),
            st.integers(min_value=-1, max_value=40),
            st.integers(min_value=-5, max_value=10**9),
        ),
        max_size=60,
    ),
    st.sets(st.sampled_from(["a", "b", "c", "e"])),
    st.booleans(),
)
def test_vendor_cost_ranges_grouped_on_the_column_equal_ranges_grouped_on_strings(
    rows: list[tuple[str, int, int]], products: set[str], categorical: bool
) -> None:
    from recon.engine.cost_candidates import _vendor_ranges

    names = [r[0] for r in rows]
    vendor = pd.DataFrame(
        {
            G.PRODUCT: pd.Categorical(names, categories=["a", "b", "c", "d", "e"])
            if categorical
            else pd.Series(names, dtype=object),
            G.QTY: [r[1] * 1000 for r in rows],
            G.EXT: [r[1] * r[2] for r in rows],
        }
    )
    assert _vendor_ranges(vendor, products) == _ranges_by_strings(vendor, products)


# The question's own product ruled out by the text's cost: asked about the one that fits.
P1 = "Exchange Online (Plan 1)"
P2 = "Exchange Online (Plan 2)"
HOSTED = "Hosted Email (Exchange Online)"


def _hosted(hosted_cost: str, *, p1_cost: str = "3.21", p1_seats: int = 3):
    """A client buying Plan 1 on 3 seats (billed on one line of 1) and Plan 2 on 2 (billed
    nowhere), beside a generic "Hosted Email" text of 2 at $4.84 costing ``hosted_cost``."""
    vendor, psa, costs = [], [], []
    for i in range(6):
        client = f"Client {i:02}"
        vendor.append((client, "Microsoft 365 Business Premium", 10 + i, "22"))
        psa.append((client, "M365 Business Premium", 10 + i, "26"))
        costs.append("22.10")
    vendor += [("Client 01", P1, p1_seats, p1_cost), ("Client 01", P2, 2, "7.26")]
    psa += [("Client 01", P1, 1, "4.84"), ("Client 01", HOSTED, 2, "4.84")]
    costs += ["3.13", hosted_cost]
    return reconcile(make_lines(Side.VENDOR, vendor), _costed(psa, costs))


def _hosted_asked(result) -> list[str]:
    (question,) = [q for q in result.questions if q.psa_product == HOSTED]
    return [c.vendor_product for c in question.candidates]


def test_a_question_its_texts_cost_rules_out_asks_about_the_product_the_cost_and_seats_fit() -> (
    None
):
    # $3.18 is Plan 1's cost, far from Plan 2's: the text is Plan 1's second line (its 2 make
    # up Plan 1's shortfall exactly), and the Plan 2 nobody bills is "missing in PSA".
    result = _hosted("3.18")
    assert _hosted_asked(result)[0] == P1
    # The person asked is told what decided it.
    (question,) = [q for q in result.questions if q.psa_product == HOSTED]
    assert f"its own unit cost ($3.18) fits it, not {P2!r} ($7.26)" in question.reason
    kinds = {(g.product, g.kind) for g in result.gaps if g.client == "Client 01"}
    assert kinds == {(P2, GapKind.MISSING_IN_PSA)}


def test_a_question_whose_product_fits_the_texts_cost_is_left_as_it_was() -> None:
    # $7.20 is Plan 2's cost: the seats beside it and the cost agree, nothing is re-read.
    result = _hosted("7.20")
    assert _hosted_asked(result)[0] == P2
    assert not any(g.product == P2 and g.kind is GapKind.MISSING_IN_PSA for g in result.gaps)


def test_a_cost_no_unbilled_line_or_shortfall_fits_leaves_the_question_as_it_was() -> None:
    # $12.00 is neither plan's cost: no product the seats point to fits, a person decides.
    assert _hosted_asked(_hosted("12.00"))[0] == P2


def test_a_question_its_texts_cost_does_not_rule_out_is_left_as_it_was() -> None:
    # $6.40 fits a $6.30 Plan 1 and is only 12 % under Plan 2's $7.26: the cost does not say
    # the question's product is wrong, so the seats beside it keep the question.
    assert _hosted_asked(_hosted("6.40", p1_cost="6.30"))[0] == P2


def test_a_product_the_cost_fits_but_the_seats_do_not_leaves_the_question_as_it_was() -> None:
    # Plan 1 of 8 billed on a line of 1 is short by 7, not the text's 2: the cost alone
    # never moves a question.
    assert _hosted_asked(_hosted("3.18", p1_seats=8))[0] == P2


def test_two_products_the_cost_fits_with_the_texts_seats_leave_the_question_as_it_was() -> None:
    # Two unbilled lines of the text's 2 seats, both at about its $3.18, names that tell
    # neither: the seats explain neither alone, so the question stays where it was.
    top = Support("far", TextMatch(60.0, TierRelation.SAME, "similar"), 1, 0, 1, 1, ())
    verdicts = {"text": Verdict("text", (top,), None, True)}
    psa_lines = pd.DataFrame({PC: ["c"], PSA_KEY: ["text"], QTY_P: [2_000]})
    unbilled = pd.DataFrame(
        {PC: ["c", "c", "c"], VENDOR_KEY: ["far", "a", "b"], QTY_V: [2_000, 2_000, 2_000]}
    )
    short = pd.DataFrame({PC: [], VENDOR_KEY: [], QTY_V: []})
    p_all = pd.DataFrame({G.PRODUCT: ["text"], G.COST: [3_180_000]})
    vendor = pd.DataFrame(
        {
            G.PRODUCT: ["far", "a", "b"],
            G.QTY: [2_000] * 3,
            G.EXT: [2_000 * 7_260_000, 2_000 * 3_210_000, 2_000 * 3_200_000],
        }
    )
    names = ({"text": "Mail"}, {"far": "Far Product", "a": "Widget", "b": "Gadget"})
    cost_reread(
        verdicts,
        (psa_lines, unbilled, short),
        p_all,
        vendor,
        names,
        brands=frozenset(),
        rejected=frozenset(),
        texts=TextScores(frozenset()),
    )
    assert [c.vendor_key for c in verdicts["text"].candidates] == ["far"]


def test_a_product_whose_name_is_unlike_the_text_is_never_what_the_cost_re_reads_it_as() -> None:
    # "Managed Threat Detection" at $3.24 beside an unbilled Datto of its 2 seats ($2.30) and
    # a Plan 1 short by 2 at $3.21: the seats and the cost fit Plan 1, the name does not
    # (38, under what a person is shown): a coincidence, the question stays where it was.
    vendor, psa, costs = [], [], []
    for i in range(6):
        client = f"Client {i:02}"
        vendor.append((client, "Microsoft 365 Business Premium", 10 + i, "22"))
        psa.append((client, "M365 Business Premium", 10 + i, "26"))
        costs.append("22.10")
    text = "Managed Threat Detection - Annual"
    vendor += [("Client 01", P1, 3, "3.21"), ("Client 01", "Datto SaaS Protection", 2, "2.30")]
    psa += [("Client 01", P1, 1, "4.84"), ("Client 01", text, 2, "4.52")]
    costs += ["3.13", "3.24"]
    result = reconcile(make_lines(Side.VENDOR, vendor), _costed(psa, costs))
    (question,) = [q for q in result.questions if q.psa_product == text]
    assert question.candidates[0].vendor_product != P1
    assert (P1, GapKind.QUANTITY_MISMATCH) in {(g.product, g.kind) for g in result.gaps}


# Two candidates the seats back equally: the one the text's own cost is nearer is asked about.
HUNTRESS = "Huntress Managed EDR"
S1 = "SentinelOne Singularity Control"
EDR_TEXT = "EDR - Endpoint"


def _two_edrs(first_cost: str, second_cost: str):
    """Two clients each buying Huntress ($3.22-$3.39) and SentinelOne ($3.77), Huntress billed
    as "MDR - Endpoint Licenses" everywhere (and at five more clients), and an "EDR -
    Endpoint" line whose seats equal SentinelOne's at one client and both at the other."""
    vendor, psa, costs = [], [], []
    for i in range(2, 7):
        client = f"Client {i:02}"
        vendor.append((client, HUNTRESS, 3 + i, "3.22"))
        psa.append((client, "MDR - Endpoint Licenses", 3 + i, "4.08"))
        costs.append("3.24")
    vendor += [
        ("Client 00", HUNTRESS, 9, "3.39"),
        ("Client 00", S1, 8, "3.77"),
        ("Client 01", HUNTRESS, 2, "3.22"),
        ("Client 01", S1, 2, "3.77"),
    ]
    psa += [
        ("Client 00", "MDR - Endpoint Licenses", 9, "4.08"),
        ("Client 00", EDR_TEXT, 8, "6.05"),
        ("Client 01", "MDR - Endpoint Licenses", 2, "4.14"),
        ("Client 01", EDR_TEXT, 2, "6.34"),
    ]
    costs += ["3.24", first_cost, "3.31", second_cost]
    return reconcile(make_lines(Side.VENDOR, vendor), _costed(psa, costs))


def test_seats_backing_two_makers_equally_ask_about_the_one_the_lines_cost_is_nearer() -> None:
    # $3.66 and $3.89 are SentinelOne's cost ($3.77), not Huntress's ($3.22-$3.39): the
    # question is about SentinelOne, Huntress stays among the answers, and neither client
    # shows a gap on either product (Huntress is billed in full on the "MDR" line).
    result = _two_edrs("3.66", "3.89")
    (question,) = [q for q in result.questions if q.psa_product == EDR_TEXT]
    assert [c.vendor_product for c in question.candidates][:2] == [S1, HUNTRESS]
    assert "its own unit cost ($3.66-$3.89) is nearer it than" in question.reason
    assert not [g for g in result.gaps if g.product in (HUNTRESS, S1)]


def test_a_cost_nearer_the_first_candidate_at_one_line_leaves_the_question_as_it_was() -> None:
    # $3.45 is nearer Huntress's $3.39 at the second client (and within a tenth of
    # SentinelOne's $3.77): the cost does not say one maker everywhere.
    result = _two_edrs("3.66", "3.45")
    (question,) = [q for q in result.questions if q.psa_product == EDR_TEXT]
    assert question.candidates[0].vendor_product == HUNTRESS


def _tied(top_agree: int, costs: list[int]) -> list[str]:
    """The candidates of a question on "text" (Huntress first by name) after the costs."""

    def support(key: str, score: float, agree: int) -> Support:
        return Support(key, TextMatch(score, TierRelation.PARTIAL, "similar"), agree, 0, 1, 2, ())

    verdict = Verdict(
        "text", (support("huntress", 76.0, top_agree), support("s1", 67.0, 1)), None, True
    )
    p_all = pd.DataFrame({G.PRODUCT: ["text"] * len(costs), G.COST: costs})
    vendor = pd.DataFrame(
        {
            G.PRODUCT: ["huntress", "huntress", "s1"],
            G.QTY: [2_000, 2_000, 2_000],
            G.EXT: [2_000 * 3_220_000, 2_000 * 3_390_000, 2_000 * 3_770_000],
        }
    )
    ruled = cost_ruled({"text": verdict}, p_all, vendor, {"huntress": "Huntress"})
    return [c.vendor_key for c in ruled["text"].candidates]


def test_a_cost_nearer_the_second_of_two_equally_backed_candidates_puts_it_first() -> None:
    assert _tied(1, [3_660_000, 3_890_000]) == ["s1", "huntress"]


def test_a_candidate_the_seats_back_more_stays_first_whatever_the_cost() -> None:
    assert _tied(2, [3_660_000, 3_890_000]) == ["huntress", "s1"]


def test_a_cost_only_a_little_nearer_the_second_candidate_leaves_the_order_to_the_name() -> None:
    # $3.60 is 4.5 % from SentinelOne's $3.77 and 6.2 % from Huntress's $3.39: nearer, but not
    # by the margin that tells two makers' prices apart (CLEAR, as for an unbilled product).
    assert _tied(1, [3_600_000]) == ["huntress", "s1"]


def test_a_cost_far_from_both_candidates_leaves_the_order_to_the_name() -> None:
    # $4.60 is nearer SentinelOne but 22 % above it: not its cost either.
    assert _tied(1, [4_600_000]) == ["huntress", "s1"]
