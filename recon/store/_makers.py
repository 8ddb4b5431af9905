"""Maker answers: is a maker bought from the vendor file's source ("Is Egnyte bought from Pax8?")?

A run asks where the PSA bills a maker the vendor file sells nothing of and the file's source
sells that maker (:mod:`recon.engine.maker_questions`). "Yes" makes the next run compare the
maker's lines as the file's (settled gaps); "no" (bought elsewhere) keeps them out of the
comparison and the question is never asked again. The answer is per source: Egnyte bought
from Pax8 says nothing about Egnyte on another distributor's file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from recon.errors import Conflict, UsageError
from recon.model import MakerQuestion
from recon.store._base import StoreBase
from recon.store._clients import required
from recon.store._decisions import clean_text, log_decision, who
from recon.store._people import Action
from recon.store._time import from_db, to_db

#: The ``meta`` row holding the latest saved run's maker questions, so an answer can be
#: checked against what was asked.
_ASKED = "maker_questions"


@dataclass(frozen=True, slots=True)
class MakerAnswer:
    """A maker question answered.

    Attributes:
        source: where the vendor file comes from ("Pax8").
        maker: the maker, as the question named it.
        bought: True: bought from ``source``; False: bought elsewhere.
        created_by: who answered.
        created_at: when (UTC).
    """

    source: str
    maker: str
    bought: bool
    created_by: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AskedMaker:
    """A maker question of the latest saved run, as the store keeps it for the answer.

    Attributes:
        source: the vendor file's source.
        maker: the maker asked about.
        question: the question in words.
        clients: how many clients bill the maker's products.
        money_at_stake: the monthly money pending it, as text.
    """

    source: str
    maker: str
    question: str
    clients: int
    money_at_stake: str


class MakersMixin(StoreBase):
    """Maker questions asked, and people's answers."""

    def note_maker_questions(self, questions: Iterable[MakerQuestion]) -> None:
        """Remember the maker questions of the run just saved (replacing the last run's):
        an answer must be about a maker one of them names."""
        asked = [
            {
                "source": q.source,
                "maker": q.maker,
                "question": q.text,
                "clients": q.clients,
                "money": str(q.money_at_stake),
            }
            for q in questions
        ]
        self._put_meta(_ASKED, asked)

    def maker_questions(self) -> list[AskedMaker]:
        """The latest saved run's maker questions, most money first."""
        asked = self._meta(_ASKED)
        return [
            AskedMaker(
                str(a["source"]),
                str(a["maker"]),
                str(a["question"]),
                int(a["clients"]),
                str(a["money"]),
            )
            for a in (asked if isinstance(asked, list) else [])
        ]

    def answer_maker(
        self, maker: str, *, bought: bool, by: str, reason: str | None = None
    ) -> MakerAnswer:
        """Answer a maker question: is ``maker`` bought from the source the question names?

        Args:
            maker: the maker a question of the latest saved run names (any case).
            bought: True: bought from the source, its lines compared from the next run;
                False: bought elsewhere, never compared nor asked again.
            by: who answers.
            reason: why, for the audit log.

        Returns:
            The answer saved.

        Raises:
            UsageError: a blank maker, or one no question of the latest saved run names:
                nothing is saved.
            Conflict: the maker already has this answer (a double click): nothing is saved.
        """
        name = required(maker, "the maker")
        by = who(by)
        asked = [a for a in self.maker_questions() if a.maker.casefold() == name.casefold()]
        with self._write() as db:
            if asked:
                source, name = asked[0].source, asked[0].maker
            else:
                # An answer given before may be changed though the run asks no more.
                was = db.conn.execute(
                    "SELECT source, maker FROM maker_answers WHERE maker_key = ? "
                    "ORDER BY created_at DESC, rowid DESC",
                    (name.casefold(),),
                ).fetchone()
                if was is None:
                    raise UsageError(
                        f"no maker question of the latest saved run names {name!r} (unknown "
                        "maker, or the run did not ask); see `recon maker list`. "
                        "Nothing was saved."
                    )
                source, name = str(was[0]), str(was[1])
            old = db.conn.execute(
                "SELECT bought, created_by, created_at FROM maker_answers "
                "WHERE source = ? AND maker_key = ?",
                (source, name.casefold()),
            ).fetchone()
            if old is not None and bool(old[0]) is bought:
                raise Conflict(
                    f"whether {name} is bought from {source} was already answered "
                    f"{_word(bought)} by {old[1]} at {from_db(old[2]):%Y-%m-%d %H:%M} UTC; "
                    "nothing changed"
                )
            now = self._now()
            db.conn.execute(
                "INSERT OR REPLACE INTO maker_answers (source, maker_key, maker, bought, "
                "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (source, name.casefold(), name, int(bought), by, to_db(now)),
            )
            log_decision(
                db,
                at=now,
                by=by,
                action=Action.MAKER_BOUGHT if bought else Action.MAKER_ELSEWHERE,
                subject=f"maker {name!r} from {source!r}",
                before=None if old is None else {"bought": bool(old[0])},
                after={"bought": bought},
                reason=clean_text(reason),
            )
        return MakerAnswer(source, name, bought, by, now)

    def maker_answer(self, maker: str) -> MakerAnswer | None:
        """The latest answer given about ``maker`` (any source), or None."""
        found = [a for a in self.maker_answers() if a.maker.casefold() == maker.casefold()]
        return found[-1] if found else None

    def maker_answers(self) -> list[MakerAnswer]:
        """Every answered maker question, oldest first."""
        with self._read() as db:
            rows = db.conn.execute(
                "SELECT source, maker, bought, created_by, created_at FROM maker_answers "
                "ORDER BY created_at, rowid"
            ).fetchall()
        return [MakerAnswer(s, m, bool(b), by, from_db(at)) for s, m, b, by, at in rows]


def _word(bought: bool) -> str:
    return "yes (bought there)" if bought else "no (bought elsewhere)"
