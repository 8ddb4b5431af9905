"""Why a vendor client matched a PSA client, or didn't: keys, candidates, guards, evidence;
and, for its gaps with a commitment, what to do and by when.

The explanation runs the same matcher the engine runs, so what it says is what a run does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from rapidfuzz import fuzz, process

from recon.match import ClientName, match_clients, word_differences
from recon.match.evidence import learn
from recon.model import MAKER_WORDS, GapKind, Knowledge, MatchSettings, is_review
from recon.normalize import client_key
from recon.wording import written_forms

_SHOWN = 5


@dataclass(frozen=True, slots=True)
class CandidateView:
    """One PSA client as the matcher saw it for the explained vendor name."""

    psa_client: str
    key: str
    score: float
    differences: tuple[str, ...]  # the words that differ, as each name writes them
    rejected: bool
    paired_with: str | None = None  # another vendor client took it (pairing is one-to-one)


@dataclass(frozen=True, slots=True)
class ClientExplanation:
    """Everything that decided one vendor name's fate.

    Attributes:
        vendor_client: the name explained.
        key: its normalised key.
        compared_as: the key after learned equivalents and noise (what fuzzy scoring sees).
        outcome: ``matched``, ``review`` or ``unmatched``.
        psa_client: the PSA client it matched, if any.
        method: how it matched (exact, alias, learned, fuzzy, id), if it did.
        reason: why it is in review or unmatched, or the match's note.
        candidates: the closest PSA clients with their scores and word differences.
        alias: the PSA name a stored alias points this vendor name to, if any.
        evidence: the learned facts that bear on this name and its best candidate.
        settings: the thresholds in force.
        exact_run: True when every vendor client took part, exactly as in a run.
    """

    vendor_client: str
    key: str
    compared_as: str
    outcome: str
    psa_client: str | None
    method: str | None
    reason: str
    candidates: tuple[CandidateView, ...]
    alias: str | None
    evidence: tuple[str, ...]
    settings: MatchSettings
    exact_run: bool = False


def explain_client(
    vendor_name: str,
    psa_names: Sequence[str],
    *,
    vendor_names: Sequence[str] = (),
    knowledge: Knowledge | None = None,
    settings: MatchSettings | None = None,
) -> ClientExplanation:
    """Explain how the engine pairs one vendor client name against a list of PSA clients.

    Args:
        vendor_name: the vendor's spelling of the client.
        psa_names: the PSA clients it could pair with (the last run's, or a PSA export's).
        vendor_names: every vendor client of the export, to reproduce a run exactly (PSA
            clients are paired one-to-one, so another name can take a candidate first).
            Default: the name alone.
        knowledge: stored aliases and rejections, and so the learned evidence.
        settings: thresholds (default: :class:`MatchSettings`).

    Returns:
        The decision and everything behind it.
    """
    knowledge = knowledge or Knowledge()
    settings = settings or MatchSettings()
    evidence = learn(knowledge)
    key = client_key(vendor_name)
    psa = list(
        {client_key(n): ClientName(client_key(n), n, client_key(n)) for n in psa_names}.values()
    )
    everyone = {client_key(n): n for n in vendor_names}
    everyone[key] = vendor_name
    vendors = [ClientName(k, n, k, "", Decimal(0)) for k, n in everyone.items()]
    result = match_clients(vendors, psa, knowledge=knowledge, settings=settings)
    taken_by = {m.psa_key: m.vendor_client for m in result.matches if m.vendor_key != key}

    rejected = {client_key(p) for v, p in knowledge.client_rejections if client_key(v) == key}
    alias = next((p for v, p in reversed(knowledge.client_aliases) if client_key(v) == key), None)
    compared_as = evidence.rewrite(key)
    candidates: list[CandidateView] = []
    if psa:
        choices = [evidence.rewrite(p.key) for p in psa]
        real_words = {word for choice in choices for word in choice.split()}
        for _, score, index in process.extract(
            compared_as, choices, scorer=fuzz.token_sort_ratio, limit=_SHOWN
        ):
            p = psa[index]
            differences = word_differences(compared_as, choices[index], real_words)
            own = set(compared_as.split())
            vendor_forms, psa_forms = written_forms([vendor_name]), written_forms([p.name])
            written = (
                *(vendor_forms.get(w, w) for w in differences if w in own),
                *(psa_forms.get(w, w) for w in differences if w not in own),
            )
            candidates.append(
                CandidateView(
                    p.name,
                    p.key,
                    round(float(score), 1),
                    written,
                    p.key in rejected,
                    taken_by.get(p.key),
                )
            )
    facts = tuple(evidence.used_for(key, candidates[0].key)) if candidates else ()
    mine = [m for m in result.matches if m.vendor_key == key]
    review = [r for r in result.review if r.vendor_key == key]
    if mine:
        outcome, psa_client, method, reason = (
            "matched",
            mine[0].psa_client,
            mine[0].method.value,
            mine[0].note,
        )
    elif review:
        outcome, psa_client, method, reason = "review", None, None, review[0].reason
    else:
        reason = result.notes.get(key, "no PSA client close enough")
        outcome, psa_client, method = "unmatched", None, None
    return ClientExplanation(
        vendor_client=vendor_name,
        key=key,
        compared_as=compared_as,
        outcome=outcome,
        psa_client=psa_client,
        method=method,
        reason=reason,
        candidates=tuple(candidates),
        alias=alias,
        evidence=facts,
        settings=settings,
        exact_run=bool(vendor_names),
    )


def render_explanation(explanation: ClientExplanation) -> str:
    """The explanation as a few lines of text for a terminal."""
    e = explanation
    s = e.settings
    lines = [f"{e.vendor_client!r}"]
    compared = f", compared as {e.compared_as!r}" if e.compared_as != e.key else ""
    lines.append(f"  key: {e.key!r}{compared}")
    if e.alias:
        lines.append(f"  alias set by a person: -> {e.alias!r}")
    if e.outcome == "matched":
        note = f" ({e.reason})" if e.reason else ""
        lines.append(f"  matched {e.psa_client!r} by {e.method}{note}")
    else:
        lines.append(f"  {e.outcome}: {e.reason}")
    lines.append(
        f"  rules: accept at {s.accept_score:.0f}+ with a {s.min_margin:.0f}-point margin when the "
        "names differ only in ways that could mean no other client, or shared (product, seats) "
        f"lines settle it; review from {s.review_score:.0f}"
    )
    if e.candidates:
        lines.append("  closest PSA clients:")
        for c in e.candidates:
            notes = []
            if c.differences:
                notes.append("differs by " + ", ".join(repr(w) for w in c.differences))
            if c.rejected:
                notes.append("rejected by a person")
            if c.paired_with:
                notes.append(f"already paired with the vendor's {c.paired_with!r}")
            detail = f"  ({'; '.join(notes)})" if notes else ""
            lines.append(f"    {c.score:5.1f}  {c.psa_client!r}{detail}")
    else:
        lines.append("  no PSA clients to compare with")
    if e.evidence:
        lines.append("  evidence from past decisions: " + "; ".join(e.evidence))
    if not e.exact_run:
        lines.append(
            "  (approximate: without both exports, PSA clients that other vendor names take "
            "first, and clients held in review, are unknown; pass --vendor and --psa)"
        )
    return "\n".join(lines) + "\n"


class Deadlined(Protocol):
    """What :func:`render_deadlines` reads of a gap (a :class:`~recon.model.Gap` or a stored
    one)."""

    @property
    def product(self) -> str: ...
    @property
    def kind(self) -> GapKind: ...
    @property
    def seat_delta(self) -> Decimal: ...
    @property
    def term(self) -> str | None: ...
    @property
    def term_end(self) -> dt.date | None: ...
    @property
    def reduce_possible_until(self) -> dt.date | None: ...
    @property
    def bill_recovers(self) -> Decimal | None: ...
    @property
    def reduce_saves(self) -> Decimal | None: ...


def render_deadlines(gaps: Iterable[Deadlined], *, today: dt.date) -> str:
    """What to do about a client's over-bought seats, and by when, soonest first.

    Args:
        gaps: the client's gaps (those without a reduction deadline are left out).
        today: the day the days left are counted from.

    Returns:
        A few lines of text, or "" when no gap has a deadline.
    """
    from recon.money import format_money  # noqa: PLC0415 - keeps explain's imports light

    due = sorted(
        (g for g in gaps if g.reduce_possible_until is not None and g.seat_delta > 0),
        key=lambda g: (g.reduce_possible_until, g.product),
    )
    if not due:
        return ""
    lines = ["  what to do, by when (vendor seats not billed):"]
    for gap in due:
        until = gap.reduce_possible_until
        assert until is not None
        left = (until - today).days
        window = gap.term_end is not None and until < gap.term_end
        how = "in the cancellation window" if window else "at renewal"
        term = f", {gap.term} term" if gap.term else ""
        ends = f" ending {gap.term_end.isoformat()}" if gap.term_end else ""
        lines.append(
            f"    {gap.product}{term}{ends}: bill {gap.seat_delta} more "
            f"(recovers {format_money(gap.bill_recovers)}), or reduce by {gap.seat_delta} "
            f"{how} until {until.isoformat()} ({left} day{'s' if left != 1 else ''} left; "
            f"saves {format_money(gap.reduce_saves)})"
        )
    return "\n".join(lines) + "\n"


class Pending(Protocol):
    """What :func:`render_pending` reads of a gap (a :class:`~recon.model.Gap` or a stored one)."""

    @property
    def product(self) -> str: ...
    @property
    def kind(self) -> GapKind: ...
    @property
    def seat_delta(self) -> Decimal: ...
    @property
    def monthly_impact(self) -> Decimal: ...
    @property
    def rests_on(self) -> str | None: ...


_PENDING_WORDS = {
    GapKind.MISSING_IN_VENDOR: "billed, not bought, ",
    GapKind.MISSING_IN_PSA: "bought, not billed, ",
    GapKind.PRICE_BELOW_COST: "billed below cost, ",
}


def render_pending(gaps: Iterable[Pending]) -> str:
    """The client's gaps that rest on an unanswered mapping question, one line each.

    Args:
        gaps: the client's gaps (those with no ``rests_on`` are left out).

    Returns:
        A few lines of text, or "" when no gap is pending.
    """
    from recon.money import format_money  # noqa: PLC0415 - keeps explain's imports light

    pending = sorted((g for g in gaps if g.rests_on), key=lambda g: g.product)
    if not pending:
        return ""
    what = (
        "the question they rest on is"
        if any(
            is_review(str(g.rests_on)) or str(g.rests_on).startswith(MAKER_WORDS) for g in pending
        )
        else "the mapping question is"
    )
    lines = [f"  pending gaps (true only if {what} answered yes):"]
    for gap in pending:
        # A quantity gap says its seats; the other kinds a "yes" implies say what they are.
        kind_words = _PENDING_WORDS.get(gap.kind, "")
        seats = "" if gap.kind is GapKind.PRICE_BELOW_COST else f"seats {gap.seat_delta:+}, "
        lines.append(
            f"    {gap.product}: {kind_words}{seats}{format_money(gap.monthly_impact)}/mo; "
            f"rests on {gap.rests_on}"
        )
    return "\n".join(lines) + "\n"
