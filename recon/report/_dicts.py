"""A result as JSON-ready dicts: money as two-decimal strings, seat counts as numbers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from itertools import groupby, repeat
from operator import attrgetter, is_not
from typing import Any, NamedTuple

from recon.model import (
    CurrencyPair,
    FamilyQuestion,
    FileSummary,
    Gap,
    MakerQuestion,
    MappingQuestion,
    NotRecurring,
    NotRecurringColumns,
    ProductCandidate,
    ProductMerge,
    ReconResult,
    ReviewItem,
    UnmappedProduct,
)
from recon.report._fields import (
    _KEYS,
    _LABELLED_KEYS,
    _NEW,
    _RANKED_KEYS,
    GapLabel,
    _values,
    money_text,
    qty_value,
)
from recon.report._not_recurring import totals as not_recurring_totals
from recon.wording import as_written


class ListMarks(NamedTuple):
    """What :func:`result_to_dict` puts in place of the long lists, for
    :func:`recon.report.write_json` to write them a chunk at a time."""

    gaps: str
    not_recurring: str
    matches: str


def gap_to_dict(gap: Gap, rank: int | None = None) -> dict[str, Any]:
    """One gap as a JSON-ready dict (money as 2-decimal strings): :data:`GAP_FIELDS`."""
    if rank is None:
        return dict(zip(_KEYS, _values(gap), strict=True))
    return dict(zip(_RANKED_KEYS, [rank, *_values(gap)], strict=True))


def _review_to_dict(item: ReviewItem) -> dict[str, Any]:
    names = [item.vendor_client, *(c.psa_client for c in item.candidates)]
    return {
        "vendor_client": item.vendor_client,
        "reason": as_written(item.reason, names),
        "money_at_stake": money_text(item.money_at_stake),
        "candidates": [
            {"psa_client": c.psa_client, "score": c.score, "note": c.note} for c in item.candidates
        ],
    }


def _product_candidate_to_dict(item: ProductCandidate) -> dict[str, Any]:
    return {
        "vendor_product": item.vendor_product,
        "score": item.score,
        "why": item.why,
        "answer": item.answer,
        "clients": item.clients,
    }


def _unmapped_to_dict(item: UnmappedProduct) -> dict[str, Any]:
    out = {
        "psa_product": item.psa_product,
        "clients": item.clients,
        "seats": qty_value(item.seats),
        "monthly_billed": money_text(item.monthly_billed),
        "candidates": [_product_candidate_to_dict(c) for c in item.candidates],
    }
    if item.note:
        out["note"] = item.note
    return out


def _merge_to_dict(item: ProductMerge) -> dict[str, Any]:
    return {
        "vendor_product": item.second_name,
        "read_as": item.product,
        "product_key": item.product_key,
        "clients": item.clients,
        "sold_at": item.sold_at,
        "seats": qty_value(item.seats),
        "why": item.why,
        "undo": item.undo,
    }


def _question_to_dict(item: MappingQuestion) -> dict[str, Any]:
    return {
        "psa_product": item.psa_product,
        "clients": item.clients,
        "seats": qty_value(item.seats),
        "money_at_stake": money_text(item.money_at_stake),
        "reason": item.reason,
        "candidates": [_product_candidate_to_dict(c) for c in item.candidates],
        **_bundle_to_dict(item),
    }


def _bundle_to_dict(item: MappingQuestion) -> dict[str, Any]:
    """A bundle question's products and the command that answers it (nothing otherwise)."""
    if not item.bundle:
        return {}
    return {
        "bundle": [{"vendor_product": c.vendor_product, "answer": c.answer} for c in item.bundle],
        "answer_bundle": bundle_command(item),
    }


def bundle_command(item: MappingQuestion) -> str:
    """The CLI line that answers a bundle question: the line bills every product it names."""
    return f"recon bundle define {_quoted(item.psa_product)} " + " ".join(
        _quoted(c.answer) for c in item.bundle
    )


def answer_command(psa_product: str, candidate: ProductCandidate) -> str:
    """The CLI line that answers a mapping question with this candidate."""
    return f"recon alias product {_quoted(psa_product)} {_quoted(candidate.answer)}"


def _family_to_dict(item: FamilyQuestion) -> dict[str, Any]:
    """A family question, in the questions list beside the mapping questions (``kind``
    tells them apart; a mapping question has none)."""
    return {
        "kind": "family",
        "question": item.text,
        "vendor_client": item.vendor_client,
        "psa_client": item.psa_client,
        "vendor_clients": list(item.vendor_clients),
        "psa_clients": list(item.psa_clients),
        "money_at_stake": money_text(item.money_at_stake),
        "reason": item.reason,
        "lines": [
            {
                "product": line.product,
                "vendor_seats": {name: qty_value(q) for name, q in line.vendor_seats},
                "billed": {name: qty_value(q) for name, q in line.billed},
            }
            for line in item.lines
        ],
        "answer_yes": family_command(item, same=True),
        "answer_no": family_command(item, same=False),
    }


def family_command(item: FamilyQuestion, *, same: bool) -> str:
    """The CLI line that answers a family question yes (one organisation) or no."""
    verb = "join" if same else "apart"
    return f"recon family {verb} {_quoted(item.vendor_client)} {_quoted(item.psa_client)}"


def _maker_to_dict(item: MakerQuestion) -> dict[str, Any]:
    """A maker question, in the questions list beside the others (``kind`` "maker")."""
    return {
        "kind": "maker",
        "question": item.text,
        "maker": item.maker,
        "source": item.source,
        "clients": item.clients,
        "seats": qty_value(item.seats),
        "money_at_stake": money_text(item.money_at_stake),
        "reason": item.reason,
        "lines": [
            {
                "psa_client": line.client,
                "psa_product": line.product,
                "seats": qty_value(line.seats),
                "monthly_impact": money_text(line.monthly),
            }
            for line in item.lines
        ],
        "answer_yes": maker_command(item, bought=True),
        "answer_no": maker_command(item, bought=False),
    }


def maker_command(item: MakerQuestion, *, bought: bool) -> str:
    """The CLI line that answers a maker question: bought from the source, or elsewhere."""
    return f"recon maker {'yes' if bought else 'no'} {_quoted(item.maker)}"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _not_recurring_to_dict(item: NotRecurring) -> dict[str, Any]:
    return {
        "side": item.side._value_,
        "charge": item.charge._value_,
        "client": item.client,
        "product": item.product,
        "lines": item.lines,
        "seats": qty_value(item.seats),
        "amount": money_text(item.amount),
        "currency": item.currency,
    }


def _currency_pair_to_dict(item: CurrencyPair) -> dict[str, Any]:
    return {
        "client": item.client,
        "product": item.product,
        "vendor_currency": item.vendor_currency,
        "psa_currency": item.psa_currency,
        "rate": None if item.rate is None else str(item.rate),
        "prices_compared": item.rate is not None,
    }


def _file_to_dict(item: FileSummary) -> dict[str, Any]:
    return {
        "side": item.side.value,
        "path": item.path,
        "format": item.format_name,
        "format_label": item.format_label,
        "sha256": item.sha256,
        "rows_read": item.rows_read,
        "rows_used": item.rows_used,
        "rows_skipped": dict(item.skipped),
        "columns": dict(item.columns),
        "warnings": list(item.warnings),
    }


def _labelled(gap: Gap, rank: int, labels: Mapping[str, GapLabel] | None) -> dict[str, Any]:
    """A gap's dict, with its stored ``id`` and list ``status`` after the rank when known."""
    if labels is None:
        return dict(zip(_RANKED_KEYS, [rank, *_values(gap)], strict=True))
    # A dry run has no stored gap: every label is the default, so skip building each key.
    label = labels.get(gap.key, _NEW) if labels else _NEW
    return dict(zip(_LABELLED_KEYS, [rank, label.id, label.status, *_values(gap)], strict=True))


def result_to_dict(
    result: ReconResult,
    *,
    extra: Mapping[str, Any] | None = None,
    labels: Mapping[str, GapLabel] | None = None,
    lists: ListMarks | None = None,
) -> dict[str, Any]:
    """The whole result as one JSON-ready document.

    Args:
        result: what :func:`recon.reconcile` returned.
        extra: more top-level keys to include (e.g. ``run`` details from the store).
        labels: gap key -> stored id and status; each gap then carries ``id`` and
            ``status`` (see :func:`render_table`).
        lists: markers to put in place of the gaps, the not-recurring lines and the client
            matches, which :func:`write_json` then writes a chunk at a time.
    """
    s = result.summary
    doc: dict[str, Any] = {
        "generated_at": result.generated_at.isoformat(),
        "summary": {
            "gaps": sum(s.gap_counts.values()),
            "counts_by_kind": dict(s.gap_counts),
            "monthly_impact_by_kind": {k: money_text(v) for k, v in s.gap_totals.items()},
            "under_billed_monthly": money_text(s.under_billed),
            "over_billed_monthly": money_text(s.over_billed),
            "clients": {
                "vendor": s.vendor_clients,
                "psa": s.psa_clients,
                "matched": s.matched_clients,
                "in_review": s.review_items,
                "vendor_only": s.unmatched_vendor_clients,
                "psa_only": s.unmatched_psa_clients,
            },
            "money_in_review_monthly": money_text(s.money_in_review),
            "unmapped_products": s.unmapped_products,
            "mapping_questions": s.mapping_questions,
            "money_in_questions_monthly": money_text(s.money_in_questions),
            "files": [_file_to_dict(f) for f in s.files],
            "not_recurring": lists.not_recurring
            if lists
            else [_not_recurring_to_dict(e) for e in s.not_recurring],
            "not_recurring_totals": _extra_totals(s.not_recurring),
            "currency_pairs": [_currency_pair_to_dict(c) for c in s.currency_pairs],
        },
        "gaps": lists.gaps
        if lists
        else [_labelled(g, i, labels) for i, g in enumerate(result.gaps, start=1)],
        "matches": lists.matches
        if lists
        else [
            {
                "vendor_client": m.vendor_client,
                "psa_client": m.psa_client,
                "method": m.method.value,
                "score": m.score,
            }
            for m in result.matches
        ],
        "review": [_review_to_dict(r) for r in result.review],
        "questions": [
            *(_question_to_dict(q) for q in result.questions),
            *(_family_to_dict(q) for q in result.family_questions),
            *(_maker_to_dict(q) for q in result.maker_questions),
        ],
        "unmapped": [_unmapped_to_dict(u) for u in result.unmapped],
    }
    if result.merges:  # absent where no vendor name was merged: such a run's JSON is as before
        doc["merges"] = [_merge_to_dict(m) for m in result.merges]
    if extra:
        doc.update(extra)
    return doc


#: One getter per field: five C passes over the entries cost less than a tuple per entry
#: transposed back into columns.
_TOTALS_READ = tuple(map(attrgetter, ("charge", "lines", "seats", "amount", "currency")))
_VALUE = attrgetter("_value_")


def _extra_totals(items: Sequence[NotRecurring]) -> dict[str, dict[str, Any]]:
    """Per charge kind: lines, seats and money (money per currency when there are several).

    Summed a run at a time: a distributor's month lists 170,000 entries in a few runs of one
    charge kind and currency, and each run is one C ``sum`` over a slice, continuing the
    total so far (the same additions, in the same order, as adding entry by entry).
    """
    if not items:
        return {}
    if isinstance(items, NotRecurringColumns):  # a run's: integer sums over its columns
        return not_recurring_totals(items, qty_value, money_text)
    charges, lines, seats, amounts, currencies = (list(map(get, items)) for get in _TOTALS_READ)
    runs = zip(map(_VALUE, charges), currencies, map(is_not, amounts, repeat(None)), strict=True)
    out: dict[str, dict[str, Any]] = {}
    start = 0
    for (name, currency, priced), run in groupby(runs):
        end = start + len(list(run))
        entry = out.setdefault(name, {"lines": 0, "seats": Decimal(0), "amount": {}})
        entry["lines"] = sum(lines[start:end], entry["lines"])
        entry["seats"] = sum(seats[start:end], entry["seats"])
        if priced:
            money = entry["amount"]
            code = currency or ""
            money[code] = sum(amounts[start:end], money.get(code, Decimal(0)))
        start = end
    for entry in out.values():
        entry["seats"] = qty_value(entry["seats"])
        entry["amount"] = {k: money_text(v) for k, v in entry["amount"].items()}
    return out
