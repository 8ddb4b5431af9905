"""Bundles: one PSA product that stands for several vendor products.

"Managed Security Bundle" billed at one price may cover EDR and email security, each bought
separately from its vendor. A person defines the bundle once; every run then compares the
bundle's billed seats with each component's vendor seats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from recon.errors import Conflict, NotFound, UsageError
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


class BundlesMixin(StoreBase):
    """Defining, listing and removing bundles."""

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
