"""Bundles: one PSA product that stands for several vendor products.

"Managed Security Bundle" billed at one price may cover EDR and email security, each bought
separately from its vendor. A person defines the bundle once; every run then compares the
bundle's billed seats with each component's vendor seats.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from recon.errors import Conflict, NotFound, UsageError
from recon.model import MappingQuestion
from recon.store._base import StoreBase
from recon.store._clients import required, text_key
from recon.store._codec import from_json, to_json
from recon.store._decisions import clean_text, log_decision, who
from recon.store._people import Action
from recon.store._time import from_db, to_db


@dataclass(frozen=True, slots=True)
class Bundle:
    """A PSA product and the products it stands for.

    Attributes:
        name: the PSA product name as written.
        components: catalogue product ids or product names.
        created_by: who defined it.
        created_at: when (UTC).
    """

    name: str
    components: tuple[str, ...]
    created_by: str
    created_at: datetime


#: The ``meta`` row holding the latest saved run's bundle questions (a PSA line billing two
#: products): text key -> the text and the products it names, so an answer can be checked.
_ASKED = "bundle_questions"


class BundlesMixin(StoreBase):
    """Defining, listing and removing bundles."""

    def note_bundle_questions(self, questions: Iterable[MappingQuestion]) -> None:
        """Remember the bundle questions of the run just saved (replacing the last run's).

        An answer to one (``recon bundle define`` or the Slack button) must then name only
        products the question offers: a catalogue id or name the line does not name, or a
        product of another client's, is refused and nothing is stored.
        """
        asked = {
            text_key(q.psa_product): {
                "name": q.psa_product,
                "offered": [[c.answer, c.vendor_product] for c in q.bundle],
            }
            for q in questions
            if q.bundle
        }
        self._put_meta(_ASKED, asked)

    def bundle_question(self, name: str) -> tuple[tuple[str, str], ...] | None:
        """The products the latest saved run's bundle question on ``name`` offers, as
        (answer, vendor name) pairs; None when no open question is about it."""
        asked = self._meta(_ASKED)
        found = asked.get(text_key(name)) if isinstance(asked, dict) else None
        if not found:
            return None
        return tuple((str(a), str(v)) for a, v in found["offered"])

    def define_bundle(
        self, name: str, components: Sequence[str], *, by: str, reason: str | None = None
    ) -> Bundle:
        """Say a PSA product stands for several products (redefining it replaces the list).

        Args:
            name: the PSA product name, as the PSA writes it.
            components: catalogue product ids (``huntress-managed-edr``) or product names;
                at least two, no repeats.
            by: who decides.
            reason: why, for the audit log.

        Raises:
            UsageError: a blank name, fewer than two components, or a repeated one.
            Conflict: the bundle already has exactly these components.
        """
        bundle = required(name, "the bundle's PSA product name")
        parts = tuple(required(c, "a bundle component") for c in components)
        if len(parts) < 2:
            raise UsageError(
                f"bundle {bundle!r} needs at least two components; for one, use "
                "`recon alias product` instead"
            )
        repeated = sorted({c for c in parts if sum(text_key(o) == text_key(c) for o in parts) > 1})
        if repeated:
            raise UsageError(f"bundle {bundle!r} lists {', '.join(map(repr, repeated))} twice")
        parts = _offered_only(bundle, parts, self.bundle_question(bundle))
        by = who(by)
        with self._write() as db:
            now = self._now()
            old = db.conn.execute(
                "SELECT components FROM bundles WHERE bundle_key = ?", (text_key(bundle),)
            ).fetchone()
            before = None if old is None else from_json(old[0])
            if before is not None and tuple(before) == parts:
                raise Conflict(f"bundle {bundle!r} already has exactly these components")
            db.conn.execute(
                "INSERT OR REPLACE INTO bundles (bundle_key, name, components, created_by, "
                "created_at) VALUES (?, ?, ?, ?, ?)",
                (text_key(bundle), bundle, to_json(list(parts)), by, to_db(now)),
            )
            log_decision(
                db,
                at=now,
                by=by,
                action=Action.DEFINE_BUNDLE,
                subject=f"bundle {bundle!r}",
                before=None if before is None else {"components": before},
                after={"components": list(parts)},
                reason=clean_text(reason),
            )
        return Bundle(bundle, parts, by, now)

    def remove_bundle(self, name: str, *, by: str, reason: str | None = None) -> None:
        """Forget a bundle; its PSA lines are unmapped again from the next run.

        Raises:
            NotFound: no bundle has this name.
        """
        bundle = required(name, "the bundle's PSA product name")
        by = who(by)
        with self._write() as db:
            now = self._now()
            old = db.conn.execute(
                "SELECT name, components FROM bundles WHERE bundle_key = ?", (text_key(bundle),)
            ).fetchone()
            if old is None:
                raise NotFound(f"no bundle is named {bundle!r}; see `recon bundle list`")
            db.conn.execute("DELETE FROM bundles WHERE bundle_key = ?", (text_key(bundle),))
            log_decision(
                db,
                at=now,
                by=by,
                action=Action.REMOVE_BUNDLE,
                subject=f"bundle {old[0]!r}",
                before={"components": from_json(old[1])},
                after=None,
                reason=clean_text(reason),
            )

    def bundles(self) -> list[Bundle]:
        """Every bundle, by name."""
        with self._read() as db:
            rows = db.conn.execute(
                "SELECT name, components, created_by, created_at FROM bundles ORDER BY name"
            ).fetchall()
        return [Bundle(n, tuple(from_json(c)), b, from_db(a)) for n, c, b, a in rows]


def _offered_only(
    bundle: str, parts: tuple[str, ...], offered: tuple[tuple[str, str], ...] | None
) -> tuple[str, ...]:
    """The components of an answer to a bundle question, each as the question offers it.

    With no open question on ``bundle`` (a bundle a person defines on their own), the parts
    as given.

    Raises:
        UsageError: a part the question does not offer (a product the line does not name, an
            unknown id, or a product of another client's): nothing is stored.
    """
    if offered is None:
        return parts
    by_key = {text_key(t): answer for answer, name in offered for t in (answer, name)}
    unknown = [p for p in parts if text_key(p) not in by_key]
    if unknown:
        choices = ", ".join(f"{answer!r} ({name})" for answer, name in offered)
        raise UsageError(
            f"{', '.join(map(repr, unknown))} is not a product {bundle!r} names where it is "
            f"billed; the question offers {choices}. Nothing was saved."
        )
    return tuple(by_key[text_key(p)] for p in parts)
