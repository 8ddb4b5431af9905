"""What the bot says about commitment deadlines: by when seats can still be reduced, and the
digest's renewals title. Dates are shown short ("9 Dec"), with the year only when it is not
this year's."""

from __future__ import annotations

from datetime import date, timedelta


def _short_day(day: date, today: date) -> str:
    return f"{day.day} {day:%b}" + ("" if day.year == today.year else f" {day.year}")


def reduce_deadline(
    *,
    seats: str,
    until: date,
    term_end: date | None,
    today: date,
    recovers: str | None,
    saves: str | None,
) -> str:
    """The deadline line of a gap whose vendor seats exceed the billed ones: the two fixes,
    by when, and what each is worth ("reduce before 9 Dec, 5 days left")."""
    before = until + timedelta(days=1)
    left = (until - today).days + 1
    days = f"{left} day{'s' if left != 1 else ''} left" if left > 0 else "too late"
    window = term_end is not None and until < term_end
    if window:
        reduce = f"reduce the vendor by {seats} before {_short_day(before, today)}, {days}"
    else:
        renewal = _short_day(before, today)
        reduce = f"reduce by {seats} at the renewal on {renewal} (set it before then, {days})"
    worth = []
    if recovers:
        worth.append(f"billing recovers {recovers}")
    if saves:
        worth.append(f"reducing saves {saves}" + ("" if window else " over the next term"))
    tail = f" · {', '.join(worth)}" if worth else ""
    return f":hourglass_flowing_sand: *{reduce}*, or bill {seats} more{tail}"


def reduce_before(*, product: str, seats: str, until: date, today: date) -> str:
    """A closing reduction window in a few words, for a client nobody owns ("reduce
    Microsoft 365 E3 by 2 before 7 Dec, 5 days left")."""
    left = (until - today).days + 1
    days = f"{left} day{'s' if left != 1 else ''} left"
    before = _short_day(until + timedelta(days=1), today)
    return f"reduce {product} by {seats} before {before}, {days}"


def renewals_title(count: int, at_stake: str) -> str:
    """The digest's renewals section title."""
    return f"*Renewals in the next 30 days with seats not billed* ({count:,}, {at_stake} at stake)"
