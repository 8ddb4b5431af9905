"""A result as a text table for people: what was read, the gaps, and what needs a person."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from recon.listing import money_totals
from recon.model import (
    FAMILY_WORDS,
    GAP_RECORD,
    MAKER_WORDS,
    PENDING_WORDS,
    CurrencyPair,
    FamilyQuestion,
    FieldType,
    GapField,
    MakerQuestion,
    MappingQuestion,
    NotRecurring,
    NotRecurringColumns,
    ReconResult,
    TableColumn,
    is_review,
)
from recon.money import format_money, format_qty
from recon.report._dicts import answer_command, bundle_command, family_command, maker_command
from recon.report._fields import GapLabel
from recon.report._not_recurring import ChargeLines, of_charge
from recon.wording import as_written

#: The gap record's fields in the text table, left to right, with how each shows.
_TABLE = sorted(
    ((f, f.table) for f in GAP_RECORD if f.table is not None), key=lambda pair: pair[1].at
)
_NUMBERS = (FieldType.QTY, FieldType.MONEY, FieldType.SCORE)


def _table_cell(field: GapField, column: TableColumn, value: Any, today: date) -> str:
    """One gap field as the text table shows it (see :class:`recon.model.TableColumn`)."""
    kind = field.type
    if value is None:
        return ""
    if kind is FieldType.KIND:
        return str(value.value)
    if kind is FieldType.QTY:
        if column.signed:
            return format_qty(value, signed=True) if value else ""
        return format_qty(value)
    if kind is FieldType.MONEY:
        return format_money(value, signed=column.signed)
    if kind is FieldType.SCORE:
        return f"{value:.2f}"
    if kind is FieldType.DAY:
        return act_by_text(value, today)
    if field.name == "rests_on":  # the question's two names are what a reader scans for
        return _clip(str(value).removeprefix(PENDING_WORDS), column.width or 44)
    return _clip(str(value), column.width) if column.width else str(value)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(headers: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(cells)
        ).rstrip()

    return [line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows]


def _question_lines(q: MappingQuestion) -> list[str]:
    """A mapping question: the PSA product, its best guess and the command that answers it."""
    best = q.candidates[0] if q.candidates else None
    guess = f" is probably {best.vendor_product!r} ({best.score:.0f})" if best else ""
    lines = [
        f"  {q.psa_product!r}{guess}: {q.clients:,} client(s), "
        f"{format_money(q.money_at_stake)}/mo at stake"
    ]
    if best is not None:
        lines.append(f"      {best.why}")
        lines.append(f"      yes: {answer_command(q.psa_product, best)}")
    if q.bundle:
        lines.append(f"      a bundle of all it names: {bundle_command(q)}")
    for c in q.candidates[1:3]:
        lines.append(f"      or {c.vendor_product!r} ({c.score:.0f}): {c.why}")
    return lines


def render_table(
    result: ReconResult,
    *,
    limit: int | None = 50,
    labels: Mapping[str, GapLabel] | None = None,
) -> str:
    """A readable report: what was read, the gaps in list order, review, mapping questions
    and unmapped products.

    Args:
        result: the reconciliation result (gaps in list order: money at stake, client,
            product).
        limit: show at most this many gaps (default 50; None for all). Totals count them all.
        labels: gap key -> its stored id and status; with it, the table's first columns are
            the ID every other command takes and the status (a gap the store doesn't have is
            ``new`` with no id). None: no such columns (no store).
    """
    s = result.summary
    out: list[str] = []
    for f in s.files:
        skipped = sum(f.skipped.values())
        out.append(
            f"{f.side.value:>6}: {f.path} ({f.format_label}): {f.rows_used:,} of "
            f"{f.rows_read:,} rows used" + (f", {skipped:,} skipped" if skipped else "")
        )
    out.append(
        f"Clients: {s.matched_clients:,} matched, {s.review_items:,} to review"
        + (f" ({format_money(s.money_in_review)}/mo at stake)" if s.review_items else "")
        + f", {s.unmatched_vendor_clients:,} only at the vendor, "
        f"{s.unmatched_psa_clients:,} only in the PSA."
    )
    if s.mapping_questions:
        out.append(
            f"Products: {s.mapping_questions:,} mapping question(s) "
            f"({format_money(s.money_in_questions)}/mo at stake until answered), "
            f"{s.unmapped_products:,} unmapped."
        )
    total = len(result.gaps)
    out.append(
        f"Gaps: {total:,}   under-billed {format_money(s.under_billed)}/mo   "
        f"over-billed {format_money(s.over_billed)}/mo"
    )
    if total:
        shown = result.gaps if limit is None else result.gaps[:limit]
        ids: list[list[str]] = [[] for _ in shown]
        if labels is not None:
            unsaved = GapLabel(None, "new")
            ids = [
                [str(label.id) if label.id is not None else "-", label.status]
                for label in (labels.get(g.key, unsaved) for g in shown)
            ]
        today = result.generated_at.date()
        # A column shown only when set (Act by) appears for exports that carry commitments.
        columns = [
            (f, t)
            for f, t in _TABLE
            if not t.when_set or any(getattr(g, f.name) is not None for g in shown)
        ]
        rows = [
            [*ids[i], *(_table_cell(f, t, getattr(g, f.name), today) for f, t in columns)]
            for i, g in enumerate(shown)
        ]
        headers = [t.heading for _, t in columns]
        right = {i for i, (f, _) in enumerate(columns) if f.type in _NUMBERS}
        if labels is not None:
            headers = ["ID", "Status", *headers]
            right = {0} | {i + 2 for i in right}
        out.append("")
        out.extend(_table(headers, rows, right=right))
        if len(shown) < total:
            out.append(f"... and {total - len(shown):,} more (use --format csv or json for all)")
        t = money_totals(result.gaps)
        out.append(
            f"Total: {t.count:,} gap{'s' if t.count != 1 else ''}: under-billed "
            f"{format_money(t.under_billed)}/mo, over-billed {format_money(t.over_billed)}/mo."
        )
        reviewed = sum(1 for g in result.gaps if g.rests_on and is_review(g.rests_on))
        on_family = sum(
            1 for g in result.gaps if g.rests_on and g.rests_on.startswith(FAMILY_WORDS)
        )
        on_maker = sum(1 for g in result.gaps if g.rests_on and g.rests_on.startswith(MAKER_WORDS))
        pending = sum(1 for g in result.gaps if g.rests_on) - reviewed - on_family - on_maker
        if on_maker:
            out.append(
                f"{on_maker:,} gap(s) rest on an unanswered maker question (below; confidence "
                "at most 0.50): a yes keeps them, a no (bought elsewhere) withdraws them."
            )
        if on_family:
            out.append(
                f"{on_family:,} gap(s) rest on an unanswered family question (below; confidence "
                "at most 0.50): a yes keeps them, a no shows each company's own gaps instead."
            )
        if pending:
            out.append(
                f"{pending:,} gap(s) rest on an unanswered mapping question (below; confidence "
                "at most 0.50): a yes keeps them, a no withdraws them."
            )
        if reviewed:
            out.append(
                f"{reviewed:,} gap(s) rest on a client pair held in review (below; confidence "
                "at most 0.50): confirming the pair keeps them, rejecting it withdraws them."
            )
        if labels is not None and any(g.key not in labels for g in shown):
            out.append("Gaps without an ID are not saved (--no-save): no command can act on them.")
    if result.review:
        out.append("")
        out.append(
            "Review: a person decides (recon alias / recon reject); a pair clearly ahead shows "
            "its gaps above, pending"
        )
        for item in result.review:
            options = ", ".join(
                f"{c.psa_client!r} ({c.score:.0f}" + (f"; {c.note})" if c.note else ")")
                for c in item.candidates
            )
            reason = as_written(
                item.reason, [item.vendor_client, *(c.psa_client for c in item.candidates)]
            )
            out.append(
                f"  {item.vendor_client!r} -> {options or 'no candidates'}   "
                f"{format_money(item.money_at_stake)}/mo at stake; {reason}"
            )
    if result.questions:
        out.append("")
        out.append(
            "Mapping questions: one PSA product that is probably a vendor product; where its "
            "seats agree they raise no gap until answered, where they differ the gap is listed "
            "as pending"
        )
        for q in result.questions:
            out.extend(_question_lines(q))
    if result.family_questions:
        out.append("")
        out.append(
            "Family questions: a company with no client of its own whose seats fill another's; "
            "its lines and the shortfall raise no gap until answered"
        )
        for family in result.family_questions:
            out.extend(_family_lines(family))
    if result.maker_questions:
        out.append("")
        out.append(
            "Maker questions: the PSA bills a maker the vendor file sells nothing of, and its "
            "source sells that maker; the lines' gaps are listed as pending"
        )
        for maker in result.maker_questions:
            out.extend(_maker_lines(maker))
    if result.merges:
        out.append("")
        out.append("Vendor products read as one: a second name compared as the product it is")
        for m in result.merges:
            out.append(
                f"  {m.second_name!r} as {m.product!r}: {format_qty(m.seats)} seats, the PSA's "
                f"excess at {m.clients} of {m.sold_at} clients; undo: {m.undo}"
            )
    if result.unmapped:
        out.append("")
        out.append(
            "Unmapped PSA products: no vendor line accounts for them (recon alias / recon ignore)"
        )
        for u in result.unmapped:
            clients = f"{u.clients:,} client" + ("" if u.clients == 1 else "s")
            seats = f"{format_qty(u.seats)} seat" + ("" if u.seats == 1 else "s")
            out.append(
                f"  {u.psa_product!r}: {clients}, {seats}, "
                f"{format_money(u.monthly_billed)}/mo billed" + (f"; {u.note}" if u.note else "")
            )
            for c in u.candidates[:3]:
                out.append(f"      maybe {c.vendor_product!r} ({c.score:.0f}): {c.why}")
    out.extend(_not_recurring_lines(s.not_recurring))
    out.extend(_currency_lines(s.currency_pairs))
    skipped_lines = [
        f"  {f.side.value}: "
        + "; ".join(f"{n:,} {reason}" for reason, n in sorted(f.skipped.items()))
        for f in s.files
        if f.skipped
    ]
    warnings = [f"  {f.side.value}: {w}" for f in s.files for w in f.warnings]
    if skipped_lines:
        out.append("")
        out.append("Rows not used:")
        out.extend(skipped_lines)
    if warnings:
        out.append("")
        out.append("Warnings:")
        out.extend(warnings)
    return "\n".join(out) + "\n"


def act_by_text(day: date | None, today: date) -> str:
    """``2026-12-09 (5d)``: a deadline and the days left; ``2026-11-30 (passed)``; ""."""
    if day is None:
        return ""
    left = (day - today).days
    return f"{day.isoformat()} ({left}d)" if left >= 0 else f"{day.isoformat()} (passed)"


_CHARGE_WORDS = {"trial": "trials", "one_time": "one-time charges", "proration": "prorations"}


def _not_recurring_lines(items: Sequence[NotRecurring]) -> list[str]:
    """Trials, one-time charges and prorations: counted out of the comparison, with money."""
    if not items:
        return []
    out = ["", "Not compared (not recurring seats):"]
    for charge, words in _CHARGE_WORDS.items():
        found = _of_charge(items, charge)
        if found is None:
            continue
        lines, seats, money = found.lines, found.seats, found.money
        out.append(
            f"  {words}: {lines:,} line{'s' if lines != 1 else ''}, {format_qty(seats)} seats, "
            f"{format_money(money)}"
        )
        for e in found.first:
            out.append(
                f"    {e.side.value}: {e.client!r} {e.product!r}: {format_qty(e.seats)} seats, "
                f"{format_money(e.amount)}" + (f" {e.currency}" if e.currency else "")
            )
        if found.count > 5:
            out.append(f"    ... and {found.count - 5:,} more (--format json lists them all)")
    return out


def _of_charge(items: Sequence[NotRecurring], charge: str) -> ChargeLines | None:
    """One charge kind's totals and first five entries: a run's from its columns."""
    if isinstance(items, NotRecurringColumns):
        return of_charge(items, charge, 5)
    mine = [e for e in items if e.charge.value == charge]
    if not mine:
        return None
    return ChargeLines(
        lines=sum(e.lines for e in mine),
        seats=sum((e.seats for e in mine), Decimal(0)),
        money=sum((e.amount for e in mine if e.amount is not None), Decimal(0)),
        count=len(mine),
        first=tuple(mine[:5]),
    )


def _currency_lines(pairs: tuple[CurrencyPair, ...]) -> list[str]:
    """Pairs priced in two currencies: converted at an admin's rate, or not compared."""
    if not pairs:
        return []
    out = ["", "Two currencies (prices compared only at a rate an admin sets: fx_rates):"]
    for pair in pairs[:10]:
        how = f"converted at {pair.rate}" if pair.rate is not None else "prices not compared"
        out.append(
            f"  {pair.client!r} {pair.product!r}: vendor {pair.vendor_currency}, PSA "
            f"{pair.psa_currency}: {how}"
        )
    if len(pairs) > 10:
        out.append(f"  ... and {len(pairs) - 10:,} more")
    return out


def _family_lines(item: FamilyQuestion) -> list[str]:
    """One family question: the question, its lines, and the two answers."""
    out = [f"  {item.text}   {format_money(item.money_at_stake)}/mo at stake; {item.reason}"]
    for line in item.lines:
        bought = ", ".join(f"{n} {format_qty(q)}" for n, q in line.vendor_seats)
        billed = ", ".join(f"{n} {format_qty(q)}" for n, q in line.billed)
        out.append(f"    {line.product}: bought {bought}; billed {billed}")
    out.append(f"    yes: {family_command(item, same=True)}")
    out.append(f"    no:  {family_command(item, same=False)}")
    return out


def _maker_lines(item: MakerQuestion) -> list[str]:
    """One maker question: the question, its lines, and the two answers."""
    out = [
        f"  {item.text}   {item.clients:,} client(s), {format_qty(item.seats)} seats, "
        f"{format_money(item.money_at_stake)}/mo at stake; {item.reason}"
    ]
    for line in item.lines[:10]:
        out.append(
            f"    {line.client}: {line.product} x {format_qty(line.seats)} "
            f"({format_money(line.monthly)}/mo)"
        )
    if len(item.lines) > 10:
        out.append(f"    ... and {len(item.lines) - 10:,} more")
    out.append(f"    yes: {maker_command(item, bought=True)}")
    out.append(f"    no:  {maker_command(item, bought=False)}")
    return out
