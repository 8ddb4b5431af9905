"""Review prompts: a client pair the engine would not make on its own, put to a person once.

A prompt is decided once: :meth:`ReviewsMixin.decide_review` claims the decision atomically,
so a double click or two people clicking at once act once; the caller then teaches the
matcher (:meth:`recon.Store.add_client_alias` or ``reject_client``) and
undoes the claim if that fails.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from bot.conversation._base import ConversationBase, from_text, to_text
from recon import Conflict, NotFound, format_local


class ReviewStatus(StrEnum):
    """Where a review prompt stands."""

    OPEN = "open"
    CONFIRMED = "confirmed"  # the pair is one client (stored as a confirmed match)
    REJECTED = "rejected"  # never the same client
    ALIASED = "aliased"  # the vendor client is another PSA client, named by the person


@dataclass(frozen=True, slots=True)
class ReviewPrompt:
    """A client pair put to a person: is this vendor client that PSA client?

    Attributes:
        id: increasing id.
        vendor_client: the vendor's name for the client.
        candidates: PSA client names offered, best first.
        money_at_stake: the vendor's monthly cost for the client's seats.
        reason: why the engine would not decide alone.
        status: open until decided.
        decided_by: who decided, once decided.
        decided_at: when.
        psa_client: the PSA client it was decided against.
        created_at: when it was first put.
    """

    id: int
    vendor_client: str
    candidates: tuple[str, ...]
    money_at_stake: Decimal
    reason: str
    status: ReviewStatus
    decided_by: str | None
    decided_at: datetime | None
    psa_client: str | None
    created_at: datetime


class ReviewsMixin(ConversationBase):
    """Put, read, decide and undo review prompts."""

    def put_review(
        self,
        vendor_client: str,
        *,
        candidates: Sequence[str],
        money_at_stake: Decimal,
        reason: str,
    ) -> ReviewPrompt:
        """Put a client pair to a person; an open prompt for the same vendor name is reused."""
        with self._write() as db:
            old = db.conn.execute(
                "SELECT id FROM conversation_reviews WHERE vendor_client = ? AND status = ?",
                (vendor_client, ReviewStatus.OPEN.value),
            ).fetchone()
            values = (json.dumps(list(candidates)), format(money_at_stake, "f"), reason)
            if old is not None:
                review_id = int(old[0])
                db.conn.execute(
                    "UPDATE conversation_reviews SET candidates = ?, money_at_stake = ?, "
                    "reason = ? WHERE id = ?",
                    (*values, review_id),
                )
            else:
                cursor = db.conn.execute(
                    "INSERT INTO conversation_reviews (vendor_client, candidates, "
                    "money_at_stake, reason, status, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (vendor_client, *values, ReviewStatus.OPEN.value, to_text(self._now())),
                )
                review_id = int(cursor.lastrowid or 0)
            return _review(_review_row(db, review_id))

    def review(self, review_id: int) -> ReviewPrompt:
        """One review prompt.

        Raises:
            NotFound: no prompt has this id.
        """
        with self._read() as db:
            return _review(_review_row(db, review_id))

    def decide_review(
        self,
        review_id: int,
        *,
        outcome: ReviewStatus,
        psa_client: str | None,
        by: str,
        zone: ZoneInfo,
    ) -> ReviewPrompt:
        """Claim the decision of an open prompt (only one caller wins).

        Args:
            review_id: the prompt.
            outcome: confirmed, rejected or aliased.
            psa_client: the PSA client it was decided against.
            by: who.
            zone: the time zone of the time in a refusal.

        Raises:
            NotFound: no such prompt.
            Conflict: it was already decided (the message says by whom and when).
        """
        if outcome is ReviewStatus.OPEN:
            raise ValueError("a review is decided as confirmed, rejected or aliased")
        with self._write() as db:
            row = _review_row(db, review_id)
            if row["status"] != ReviewStatus.OPEN:
                when = format_local(from_text(row["decided_at"]), zone)
                raise Conflict(
                    f"{row['vendor_client']!r} was already {row['status']} by "
                    f"{row['decided_by']} at {when}"
                )
            db.conn.execute(
                "UPDATE conversation_reviews SET status = ?, decided_by = ?, decided_at = ?, "
                "psa_client = ? WHERE id = ? AND status = ?",
                (
                    outcome.value,
                    by,
                    to_text(self._now()),
                    psa_client,
                    review_id,
                    ReviewStatus.OPEN.value,
                ),
            )
            return _review(_review_row(db, review_id))

    def undo_review(self, review_id: int) -> None:
        """Open a prompt again (when the decision it claimed could not be carried out)."""
        with self._write() as db:
            db.conn.execute(
                "UPDATE conversation_reviews SET status = ?, decided_by = NULL, "
                "decided_at = NULL, psa_client = NULL WHERE id = ?",
                (ReviewStatus.OPEN.value, review_id),
            )


def _review_row(db: Database, review_id: int) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM conversation_reviews WHERE id = ?", [review_id]))
    if not rows:
        raise NotFound(f"no review prompt with id {review_id}")
    return rows[0]


def _review(row: dict[str, Any]) -> ReviewPrompt:
    return ReviewPrompt(
        id=row["id"],
        vendor_client=row["vendor_client"],
        candidates=tuple(json.loads(row["candidates"])),
        money_at_stake=Decimal(row["money_at_stake"]),
        reason=row["reason"],
        status=ReviewStatus(row["status"]),
        decided_by=row["decided_by"],
        decided_at=None if row["decided_at"] is None else from_text(row["decided_at"]),
        psa_client=row["psa_client"],
        created_at=from_text(row["created_at"]),
    )
