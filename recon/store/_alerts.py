"""What was said to whom: the alert log, and each gap's last alert (its "mark").

The alert policy (:mod:`recon.alerts`) only repeats itself when a gap grows, reopens or
escalates, so it needs to know what it last said; that is kept here, one row per gap per
alert, so the history of who was told what stays auditable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from recon.store._base import StoreBase
from recon.store._codec import dec_text, to_json
from recon.store._time import from_db, to_db


@dataclass(frozen=True, slots=True)
class AlertMark:
    """What was last said about a gap.

    Attributes:
        gap_id: the gap.
        at: when it was last alerted.
        seat_delta: its seat difference then.
        escalated: an escalation was sent since the gap last (re)opened.
        deadline: the latest seat-reduction deadline its owner was reminded of (None: none).
    """

    gap_id: int
    at: datetime
    seat_delta: Decimal
    escalated: bool = False
    deadline: date | None = None


@dataclass(frozen=True, slots=True)
class SentAlert:
    """One gap told to someone: what the bot records after sending."""

    gap_id: int
    reason: str
    seat_delta: Decimal
    monthly_impact: Decimal
    recipients: Sequence[str]
    deadline: date | None = None  # the reduction deadline a reminder was about


class AlertsMixin(StoreBase):
    """The alert log."""

    def record_alerts(self, sent: Iterable[SentAlert]) -> int:
        """Remember that these gaps were alerted now (one transaction).

        Returns:
            How many rows were written.
        """
        rows = list(sent)
        if not rows:
            return 0
        with self._write() as db:
            at = to_db(self._now())
            db.conn.executemany(
                "INSERT INTO alerts (gap_id, at, reason, seat_delta, monthly_impact, recipients, "
                "deadline) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        a.gap_id,
                        at,
                        a.reason,
                        dec_text(a.seat_delta),
                        dec_text(a.monthly_impact),
                        to_json(list(a.recipients)),
                        None if a.deadline is None else a.deadline.isoformat(),
                    )
                    for a in rows
                ],
            )
        return len(rows)

    def alert_marks(self) -> dict[int, AlertMark]:
        """Per gap, its last alert, and whether it was escalated since it last (re)opened."""
        with self._read() as db:
            rows = db.conn.execute(
                """
                SELECT a.gap_id, max(a.at), (
                    SELECT seat_delta FROM alerts b WHERE b.gap_id = a.gap_id
                    ORDER BY b.at DESC, b.id DESC LIMIT 1
                ), max(CASE WHEN a.reason = 'escalated' AND a.at >= g.status_changed_at
                       THEN 1 ELSE 0 END), max(a.deadline)
                FROM alerts a JOIN gaps g ON g.id = a.gap_id
                GROUP BY a.gap_id
                """
            ).fetchall()
        return {
            gap_id: AlertMark(
                gap_id,
                from_db(at),
                Decimal(delta),
                bool(escalated),
                None if deadline is None else date.fromisoformat(deadline),
            )
            for gap_id, at, delta, escalated, deadline in rows
        }
