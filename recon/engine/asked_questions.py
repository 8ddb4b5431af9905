"""One mapping question per PSA product a person should decide, and what it holds.

:func:`recon.engine.questions.weigh_unmapped` decides which PSA texts are asked about;
:func:`questions_for` words each question, holds its best candidate's rows where the seats
agree, and compares every other line of the text as that candidate for now (a gap *pending*
the answer, see :mod:`recon.engine.questions`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal

import pandas as pd

from recon.catalog.text import says_service
from recon.engine.columns import member
from recon.engine.groups import EXT_SCALE, SideGroups
from recon.engine.kind_guesses import catalogue_kinds
from recon.engine.office_seats import fold_clients, fold_seats, offices_of
from recon.engine.one_kind import other_kinds
from recon.engine.pending import PENDING_CONFIDENCE, Pending, shows_pending
from recon.engine.question_keys import first_names, summed
from recon.match.clients import shown_key
from recon.match.product_evidence import PC, PSA_KEY, QTY_P, Verdict
from recon.model import QTY_SCALE, G, MappingQuestion, ProductCandidate, pending_on
from recon.money import cents


def _others(
    loose: pd.DataFrame,
    asked: Mapping[str, Verdict],
    at: Mapping[str, Collection[str]],
    seats: Mapping[tuple[str, str], int],
    vendor_seats: Mapping[tuple[str, str], int],
    psa_names: Mapping[str, str],
    same: Mapping[str, str],
) -> dict[tuple[str, str], set[int]]:
    """(client, asked PSA key) -> the seats of the client's other PSA lines nothing compares
    (``loose``: PSA groups), at the few clients of ``at`` (asked PSA key -> clients) where a
    question's vendor seats exceed the billed ones (only those are looked up).

    A line that says it is the MSP's own service ("Network Management - Per Site" 1) bills
    no licence, so it never holds a licence's missing seats: "Adobe PDF Pro" 1 against 2
    Acrobat seats bought is a seat short whatever the MSP bills for its network.

    Nor does a line that is itself asked about a catalogued product of another kind
    (:func:`recon.engine.one_kind.other_kinds`): "Email Security Gateway" 3, asked as Mimecast
    Email Security, is not where 3 SentinelOne Singularity Control seats missing from "EDR -
    Endpoint" went. The seats alone made them alike, and the EDR line's gap was then neither
    asked nor held, but shown as 7 seats bought, not billed (SentinelOne sells Control as an
    endpoint product, sentinelone.com "Singularity Platform packages"; Mimecast its gateway as
    email security, mimecast.com "Email Security, Cloud Gateway").

    A family's offices (``same``) are one client: their other lines are summed too."""
    short = {
        (pc, psa_key)
        for psa_key, verdict in asked.items()
        for pc in at.get(psa_key, ())
        if vendor_seats.get((pc, verdict.candidates[0].vendor_key), 0) > seats.get((pc, psa_key), 0)
    }
    if not short:
        return {}
    wanted = {pc for pc, _ in short}
    wanted |= {office for office, head in same.items() if head in wanted}
    rows = loose.loc[member(loose[G.CLIENT], wanted)]
    by_client: dict[str, list[tuple[str, int]]] = {}
    for (pc, key), qty in fold_seats(summed(rows, [G.CLIENT, G.PRODUCT], G.QTY), same).items():
        by_client.setdefault(pc, []).append((key, qty))
    kinds = catalogue_kinds()

    def elsewhere(key: str, psa_key: str) -> bool:
        """True when ``key`` is asked about a product of another kind than ``psa_key`` is."""
        mine, theirs = asked[psa_key], asked.get(key)
        return theirs is not None and other_kinds(
            mine.candidates[0].vendor_key, theirs.candidates[0].vendor_key, kinds
        )

    return {
        (pc, psa_key): {
            qty
            for key, qty in by_client.get(pc, ())
            if key != psa_key
            and not says_service(str(psa_names.get(key, key)))
            and not elsewhere(key, psa_key)
        }
        for pc, psa_key in short
    }


def questions_for(
    asked: Mapping[str, Verdict],
    candidates: Mapping[str, tuple[ProductCandidate, ...]],
    orphan_p: pd.DataFrame,
    loose: pd.DataFrame,
    vendor_rows: pd.DataFrame,
    psa: SideGroups,
    psa_names: Mapping[str, str],
    vendor_names: Mapping[str, str],
    everywhere: pd.DataFrame,
    same: Mapping[str, str] | None = None,
) -> tuple[tuple[MappingQuestion, ...], frozenset[tuple[str, str]], dict[tuple[str, str], Pending]]:
    """One question per asked PSA product, holding its best candidate's rows where the seats
    agree; everywhere else the PSA rows are compared as that candidate for now (pending).

    Args:
        everywhere: the asked products' PSA groups at every client not in review (matched
            or not): beside no vendor line, "yes" implies the vendor does not sell it there.
        same: PSA company -> the company it is compared as (a family's offices): their
            seats are weighed summed, as compared (:mod:`recon.engine.office_seats`).
    """
    if not asked:
        return (), frozenset(), {}
    same = same or {}
    offices = offices_of(same)
    written = first_names(psa.groups, set(asked))
    billed_at: dict[str, set[str]] = {}
    for pc, key in zip(
        everywhere[G.CLIENT].astype(str).tolist(),
        everywhere[G.PRODUCT].astype(str).tolist(),
        strict=True,
    ):
        billed_at.setdefault(key, set()).add(same.get(pc, pc))
    # Every client billing the text is compared as the question's best candidate for now:
    # the gap a "yes" implies shows, resting on the question (a quantity gap where the vendor
    # sells the candidate, whether or not another line bills it; "missing in vendor" where
    # it does not, or where the client is not in the vendor file at all). Where the seats
    # agree no quantity gap arises, and only a price below cost can show.
    at = {
        psa_key: fold_clients(verdict.candidates[0].held, same) | billed_at.get(psa_key, set())
        for psa_key, verdict in asked.items()
    }
    # Every lookup below is at a client some question concerns: only those rows are summed.
    concerned = set().union(*at.values())
    # An office's own rows are summed under its family's first company.
    concerned_raw = concerned | {o for head in concerned for o in offices.get(head, ())}
    # The keys gaps are stored under: two PSA companies sharing a key keep theirs apart.
    client_keys = {
        c.identity: shown_key(c.identity) for c in psa.clients if c.identity in concerned
    }
    # Plain dicts over only the rows a question can hold: one hash lookup per held row. A
    # key can repeat (two vendor tenants or two terms of one PSA client): its rows add up.
    best_keys = {verdict.candidates[0].vendor_key for verdict in asked.values()}
    held_rows = vendor_rows.loc[
        member(vendor_rows[PC], concerned) & member(vendor_rows[G.PRODUCT], best_keys),
        [PC, G.PRODUCT, G.EXT, G.QTY],
    ]
    cost = summed(held_rows[[PC, G.PRODUCT, G.EXT]], [PC, G.PRODUCT], G.EXT)
    vendor_seats = summed(held_rows[[PC, G.PRODUCT, G.QTY]], [PC, G.PRODUCT], G.QTY)
    asked_seats = orphan_p.loc[
        member(orphan_p[PSA_KEY], set(asked)) & member(orphan_p[PC], concerned_raw),
        [PC, PSA_KEY, QTY_P],
    ]
    seats = fold_seats(summed(asked_seats, [PC, PSA_KEY], QTY_P), same)
    others = _others(loose, asked, at, seats, vendor_seats, psa_names, same)
    # A question no seats weighed (an edition-only text) counts the seats it bills anywhere.
    ghost: dict[str, list[int]] = {}
    for key, qty in zip(
        everywhere[G.PRODUCT].astype(str).tolist(),
        everywhere[G.QTY].fillna(0).astype("int64").tolist(),
        strict=True,
    ):
        if not asked[key].candidates[0].held:
            ghost.setdefault(key, []).append(int(qty))
    held: set[tuple[str, str]] = set()
    pending: dict[tuple[str, str], Pending] = {}
    out = []
    for psa_key, verdict in asked.items():
        best = verdict.candidates[0]
        rows = [(pc, best.vendor_key) for pc in best.held]
        money = sum(int(cost.get(row, 0) or 0) for row in rows)
        qty = sum(int(seats.get((pc, psa_key), 0)) for pc in best.held)
        name = str(written.get(psa_key, psa_names[psa_key]))
        vendor_name = vendor_names.get(best.vendor_key, best.vendor_key)
        agree = {
            pc
            for pc in best.held
            if seats.get((pc, psa_key), 0) == vendor_seats.get((pc, best.vendor_key), 0)
        }
        # Unless another unmapped PSA line at that client bills exactly the seats missing
        # ("Frontline F1" 3 + "365 F1" 1 against 4 bought): the difference is most likely
        # there, so the question stays the one statement and holds both lines.
        waits = {
            pc
            for pc in at[psa_key]
            if (vendor_seats.get((pc, best.vendor_key), 0) - seats.get((pc, psa_key), 0))
            in others.get((pc, psa_key), ())
        }
        if not shows_pending(verdict.candidates):
            waits = set(at[psa_key])  # every weighed row held, nothing shown pending
        rests_on = pending_on(name, vendor_name)
        score = min(best.score, 100.0 * PENDING_CONFIDENCE)
        late = best.agree + best.near == 0
        for pc in at[psa_key] - waits:
            for office in offices.get(pc, (pc,)):
                pending[(office, psa_key)] = Pending(best.vendor_key, rests_on, score, late)
        held.update(row for row in rows if row[0] in waits)
        differ = at[psa_key] - waits - agree
        shown = (
            f"; where the seats differ ({len(differ)} client(s)) the gap shows now, pending "
            "the answer"
            if differ
            else ""
        )
        # The question is about the candidate whose seats it holds: that one comes first.
        offered = sorted(
            candidates.get(psa_key, ()), key=lambda c: c.product_key != best.vendor_key
        )
        out.append(
            MappingQuestion(
                psa_product=name,
                product_key=psa_key,
                candidates=tuple(offered),
                clients=len(best.held) or len(at[psa_key]),
                seats=Decimal(qty or sum(ghost.get(psa_key, ()))) / QTY_SCALE,
                money_at_stake=cents(Decimal(money) / EXT_SCALE),
                reason=(
                    f"the vendor file has no {name!r}; at {len(best.held)} client(s) it sits "
                    f"beside an unbilled {vendor_name!r} ({best.why()}){shown}"
                    if best.held
                    else f"the vendor file has no {name!r}, billed at {len(at[psa_key])} "
                    f"client(s): {best.text.how}; where the vendor does not sell it the gap "
                    "shows now, pending the answer"
                ),
                # Undecided until answered: a gap stored there is neither shown nor fixed.
                held=frozenset(
                    (client_keys.get(pc, pc), key) for pc, key in rows if pc in agree | waits
                ),
            )
        )
    out.sort(key=lambda q: (-q.money_at_stake, q.psa_product))
    return tuple(out), frozenset(held), pending
