"""Family answers: is a PSA company billed for a vendor customer's licences?

A run asks where a company with no client of its own fills another client's shortfall
(:mod:`recon.engine.family_questions`). The answer is a decision of its own, not a client
alias: an alias would pair the vendor customer with the member company, and the next run's
match with its paired company would break. "Yes" makes the next run compare the companies
summed as one organisation; "no" compares them apart and the question is never asked again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from recon.errors import Conflict, UsageError
from recon.model import FamilyQuestion
from recon.normalize import client_key
from recon.store._base import StoreBase
from recon.store._clients import required
from recon.store._decisions import clean_text, log_decision, who
from recon.store._people import Action
from recon.store._time import from_db, to_db

#: The ``meta`` row holding the latest saved run's family questions, so an answer can be
#: checked against what was asked.
_ASKED = "family_questions"


@dataclass(frozen=True, slots=True)
class FamilyAnswer:
    """A family question answered.

    Attributes:
        vendor_client: the vendor customer, as written.
        psa_client: the PSA company, as written.
        same: True: billed as one organisation; False: two clients.
        created_by: who answered.
        created_at: when (UTC).
    """

    vendor_client: str
    psa_client: str
    same: bool
    created_by: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AskedFamily:
    """A family question of the latest saved run, as the store keeps it for the answer.

    Attributes:
        vendor_client: the vendor customer the question names.
        psa_client: the PSA company it names.
        question: the question in words.
        money_at_stake: the monthly money it holds, as text.
        also: other PSA companies the answer is about with the vendor customer (a customer
            paired with no company, asked about with every company it may be billed as).
        also_pairs: every other (vendor customer, PSA company) pair the answer is about: the
            companies of ``also``, or the other tenants of a company paired with no customer.
    """

    vendor_client: str
    psa_client: str
    question: str
    money_at_stake: str
    also: tuple[str, ...] = ()
    also_pairs: tuple[tuple[str, str], ...] = ()


class FamiliesMixin(StoreBase):
    """Family questions asked, and people's answers."""

    def note_family_questions(self, questions: Iterable[FamilyQuestion]) -> None:
        """Remember the family questions of the run just saved (replacing the last run's):
        an answer must be about a pair one of them names."""
        asked = [
            {
                "vendor": q.vendor_client,
                "psa": q.psa_client,
                "question": q.text,
                "money": str(q.money_at_stake),
                "also": [psa for _, psa in q.pairs[1:]],
                "also_pairs": [[v, psa] for v, psa in q.pairs[1:]],
            }
            for q in questions
        ]
        self._put_meta(_ASKED, asked)

    def family_questions(self) -> list[AskedFamily]:
        """The latest saved run's family questions, most money first."""
        asked = self._meta(_ASKED)
        return [
            AskedFamily(
                str(a["vendor"]),
                str(a["psa"]),
                str(a["question"]),
                str(a["money"]),
                tuple(str(p) for p in a.get("also", ())),
                _pairs(a),
            )
            for a in (asked if isinstance(asked, list) else [])
        ]

    def answer_family(
        self,
        vendor_client: str,
        psa_client: str,
        *,
        same: bool,
        by: str,
        reason: str | None = None,
    ) -> FamilyAnswer:
        """Answer a family question: is ``psa_client`` billed for ``vendor_client``'s licences?

        Args:
            vendor_client: the vendor customer the question names.
            psa_client: the PSA company it names.
            same: True: one organisation, compared summed from the next run; False: two
                clients, compared apart and never asked about again.
            by: who answers.
            reason: why, for the audit log.

        Raises:
            UsageError: a blank name, or a pair no question of the latest saved run (nor an
                earlier answer) names: nothing is saved.
            Conflict: the PSA company is paired with another vendor customer by an alias, or
                the pair already has this answer (a double click): nothing is saved.
        """
        vendor = required(vendor_client, "the vendor customer")
        psa = required(psa_client, "the PSA company")
        by = who(by)
        v_key, p_key = client_key(vendor), client_key(psa)
        asked = self.family_questions()
        with self._write() as db:
            old = db.conn.execute(
                "SELECT same, created_by, created_at FROM client_families "
                "WHERE vendor_key = ? AND psa_key = ?",
                (v_key, p_key),
            ).fetchone()
            if old is None:
                _check_asked(vendor, psa, asked)
            elif bool(old[0]) is same:
                raise Conflict(
                    f"{psa!r} billed for the licences of {vendor!r} was already answered "
                    f"{_word(same)} by {old[1]} at {from_db(old[2]):%Y-%m-%d %H:%M} UTC; "
                    "nothing changed"
                )
            # A customer paired with no company is asked about with every company it may be
            # billed as (a company with no customer, with every tenant): one answer is about
            # each pair (the next run sums them only all together).
            pairs = [(vendor, psa), *_also(vendor, psa, asked)]
            for customer, company in pairs:
                alias = db.conn.execute(
                    "SELECT vendor_name FROM client_aliases WHERE psa_key = ? AND vendor_key != ?",
                    (client_key(company), client_key(customer)),
                ).fetchone()
                if alias is not None and same:
                    raise Conflict(
                        f"{company!r} is paired with the vendor customer {alias[0]!r} (a client "
                        "alias); a company is billed for one customer's licences. Nothing was "
                        "saved."
                    )
            now = self._now()
            for customer, company in pairs:
                before = db.conn.execute(
                    "SELECT same FROM client_families WHERE vendor_key = ? AND psa_key = ?",
                    (client_key(customer), client_key(company)),
                ).fetchone()
                db.conn.execute(
                    "INSERT OR REPLACE INTO client_families (vendor_key, psa_key, vendor_name, "
                    "psa_name, same, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        client_key(customer),
                        client_key(company),
                        customer,
                        company,
                        int(same),
                        by,
                        to_db(now),
                    ),
                )
                log_decision(
                    db,
                    at=now,
                    by=by,
                    action=Action.FAMILY_JOIN if same else Action.FAMILY_APART,
                    subject=f"family {customer!r} / {company!r}",
                    before=None if before is None else {"same": bool(before[0])},
                    after={"same": same},
                    reason=clean_text(reason),
                )
        return FamilyAnswer(vendor, psa, same, by, now)

    def family_answer(self, vendor_client: str, psa_client: str) -> FamilyAnswer | None:
        """The answer given about (``vendor_client``, ``psa_client``), or None."""
        with self._read() as db:
            row = db.conn.execute(
                "SELECT vendor_name, psa_name, same, created_by, created_at FROM client_families "
                "WHERE vendor_key = ? AND psa_key = ?",
                (client_key(vendor_client), client_key(psa_client)),
            ).fetchone()
        if row is None:
            return None
        v, p, same, by, at = row
        return FamilyAnswer(v, p, bool(same), by, from_db(at))

    def family_answers(self) -> list[FamilyAnswer]:
        """Every answered family question, oldest first."""
        with self._read() as db:
            rows = db.conn.execute(
                "SELECT vendor_name, psa_name, same, created_by, created_at FROM client_families "
                "ORDER BY created_at, rowid"
            ).fetchall()
        return [FamilyAnswer(v, p, bool(s), b, from_db(a)) for v, p, s, b, a in rows]


def _pairs(asked: dict[str, object]) -> tuple[tuple[str, str], ...]:
    """The other pairs a noted question is about (questions noted before ``also_pairs``
    name only other companies of the one customer)."""
    pairs = asked.get("also_pairs")
    if isinstance(pairs, list):
        return tuple((str(v), str(p)) for v, p in pairs)
    also = asked.get("also")
    vendor = str(asked["vendor"])
    return tuple((vendor, str(p)) for p in also) if isinstance(also, list) else ()


def _also(vendor: str, psa: str, asked: list[AskedFamily]) -> tuple[tuple[str, str], ...]:
    """The other pairs the question naming (``vendor``, ``psa``) asks about, if any."""
    v_key, p_key = client_key(vendor), client_key(psa)
    for a in asked:
        if client_key(a.vendor_client) == v_key and client_key(a.psa_client) == p_key:
            return a.also_pairs
    return ()


def _word(same: bool) -> str:
    return "yes (one organisation)" if same else "no (two clients)"


def _check_asked(vendor: str, psa: str, asked: list[AskedFamily]) -> None:
    """Refuse an answer about a pair no open question names.

    Raises:
        UsageError: naming what the latest run asks about the company or the customer.
    """
    v_key, p_key = client_key(vendor), client_key(psa)
    if any(
        client_key(a.vendor_client) == v_key and client_key(a.psa_client) == p_key for a in asked
    ):
        return
    about = [
        a
        for a in asked
        if client_key(a.psa_client) == p_key or client_key(a.vendor_client) == v_key
    ]
    if about:
        said = "; ".join(f"{a.question}" for a in about)
        raise UsageError(
            f"no family question asks whether {psa!r} is billed for the licences of {vendor!r}; "
            f"the latest run asks: {said} Nothing was saved."
        )
    raise UsageError(
        f"no family question of the latest saved run names {psa!r} and {vendor!r} (unknown "
        "company or customer, or the run did not ask); see `recon family list`. Nothing was saved."
    )
