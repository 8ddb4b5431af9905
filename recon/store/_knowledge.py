"""What people taught the matcher: client aliases and rejections, product aliases, ignored
products and column-mapping profiles. :meth:`KnowledgeMixin.knowledge` hands it all to the
engine before matching.

Client names are keyed by :func:`recon.normalize.client_key`, product names by a case-folded
form; the names are kept as written. Saving exactly what is already saved raises
:class:`~recon.errors.Conflict` (a double click), except for column maps, which reconcile
re-saves freely.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from recon.errors import Conflict, UsageError
from recon.model import Knowledge, Role
from recon.normalize import client_key
from recon.store._base import StoreBase
from recon.store._clients import required, text_key
from recon.store._codec import from_json, to_json
from recon.store._decisions import clean_text, log_decision, read_decisions, who
from recon.store._people import Action, Decision, ProductAnswer
from recon.store._settings import read_settings, zone_of
from recon.store._time import format_local, from_db, to_db


class KnowledgeMixin(StoreBase):
    """Aliases, rejections, ignored products, column maps, and the decision log."""

    def knowledge(self) -> Knowledge:
        """Everything people decided that matching needs, oldest decision first.

        Later entries win when the engine folds two names to one key.
        """
        with self._read() as db:
            q = db.conn.execute
            aliases = q(
                "SELECT vendor_name, psa_name FROM client_aliases ORDER BY created_at, rowid"
            ).fetchall()
            rejections = q(
                "SELECT vendor_name, psa_name FROM client_rejections ORDER BY created_at, rowid"
            ).fetchall()
            products = q(
                "SELECT raw_name, target FROM product_aliases ORDER BY created_at, rowid"
            ).fetchall()
            product_rejections = q(
                "SELECT raw_name, target FROM product_rejections ORDER BY created_at, rowid"
            ).fetchall()
            ignored = q("SELECT name FROM ignored_products ORDER BY created_at, rowid").fetchall()
            maps = q("SELECT format_name, mapping FROM column_maps ORDER BY format_name").fetchall()
            bundles = q("SELECT name, components FROM bundles ORDER BY name").fetchall()
            families = q(
                "SELECT vendor_name, psa_name, same FROM client_families ORDER BY created_at, rowid"
            ).fetchall()
            makers = q(
                "SELECT source, maker, bought FROM maker_answers ORDER BY created_at, rowid"
            ).fetchall()
        return Knowledge(
            client_aliases=tuple((v, p) for v, p in aliases),
            client_rejections=tuple((v, p) for v, p in rejections),
            product_aliases=tuple((r, t) for r, t in products),
            product_rejections=tuple((r, t) for r, t in product_rejections),
            ignored_products=tuple(name for (name,) in ignored),
            column_maps={name: from_json(mapping) for name, mapping in maps},
            bundles=tuple((name, tuple(from_json(parts))) for name, parts in bundles),
            client_families=tuple((v, p, bool(same)) for v, p, same in families),
            maker_answers=tuple((s, m, bool(b)) for s, m, b in makers),
        )

    def add_client_alias(
        self,
        vendor_name: str,
        psa_name: str,
        *,
        by: str,
        reason: str | None = None,
        confirming: bool = False,
    ) -> None:
        """Say a vendor's client name is this PSA client; the next run pairs them exactly.

        Replaces an earlier alias of the same vendor name, and lifts a rejection of the pair.

        Args:
            vendor_name: the client as the vendor writes it.
            psa_name: the client as the PSA writes it.
            by: who.
            reason: why, for the log.
            confirming: the pair is the one a review item proposed, and the person confirms
                it (logged as ``confirm_match`` instead of ``client_alias``); default False.

        Raises:
            UsageError: a name is blank, or both names are already the same client key.
            Conflict: this alias already exists.
        """
        action = Action.CONFIRM_MATCH if confirming else Action.CLIENT_ALIAS
        self._alias(vendor_name, psa_name, by=by, reason=reason, action=action)

    def reject_client(
        self, vendor_name: str, psa_name: str, *, by: str, reason: str | None = None
    ) -> None:
        """Say a vendor client and a PSA client are never the same; never proposed again.

        Removes an alias between the two, if there was one.

        Raises:
            UsageError: a name is blank.
            Conflict: the pair is already rejected.
        """
        vendor = required(vendor_name, "the vendor client name")
        psa = required(psa_name, "the PSA client name")
        by = who(by)
        vk, pk = client_key(vendor), client_key(psa)
        with self._write() as db:
            now = self._now()
            zone = zone_of(read_settings(db))
            old = db.conn.execute(
                "SELECT created_by, created_at FROM client_rejections "
                "WHERE vendor_key = ? AND psa_key = ?",
                (vk, pk),
            ).fetchone()
            if old is not None:
                raise Conflict(
                    f"{vendor!r} and {psa!r} were already rejected as a pair by {old[0]} at "
                    f"{format_local(from_db(old[1]), zone)}"
                )
            alias = db.conn.execute(
                "SELECT psa_name FROM client_aliases WHERE vendor_key = ? AND psa_key = ?",
                (vk, pk),
            ).fetchone()
            if alias is not None:
                db.conn.execute("DELETE FROM client_aliases WHERE vendor_key = ?", (vk,))
            db.conn.execute(
                "INSERT INTO client_rejections (vendor_key, psa_key, vendor_name, psa_name, "
                "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (vk, pk, vendor, psa, by, to_db(now)),
            )
            log_decision(
                db,
                at=now,
                by=by,
                action=Action.REJECT_MATCH,
                subject=f"client {vendor!r}",
                before=None if alias is None else {"alias_of": alias[0]},
                after={"vendor_client": vendor, "psa_client": psa, "rejected": True},
                reason=clean_text(reason),
            )

    def add_product_alias(
        self, raw_name: str, target: str, *, by: str, reason: str | None = None
    ) -> None:
        """Say a product name as written is this catalogue product id or PSA product name.

        Replaces an earlier alias of the same name.

        Raises:
            UsageError: a name is blank, or the alias points at itself.
            Conflict: this alias already exists.
        """
        raw = required(raw_name, "the product name")
        goal = required(target, "the alias target")
        by = who(by)
        if text_key(raw) == text_key(goal):
            raise UsageError(f"{raw!r} can't be an alias of itself")
        with self._write() as db:
            now = self._now()
            old = db.conn.execute(
                "SELECT target, created_by FROM product_aliases WHERE raw_key = ?",
                (text_key(raw),),
            ).fetchone()
            if old is not None and text_key(old[0]) == text_key(goal):
                raise Conflict(
                    f"product {raw!r} is already an alias of {old[0]!r} (set by {old[1]})"
                )
            db.conn.execute(
                "INSERT OR REPLACE INTO product_aliases (raw_key, raw_name, target, created_by, "
                "created_at) VALUES (?, ?, ?, ?, ?)",
                (text_key(raw), raw, goal, by, to_db(now)),
            )
            log_decision(
                db,
                at=now,
                by=by,
                action=Action.PRODUCT_ALIAS,
                subject=f"product {raw!r}",
                before=None if old is None else {"target": old[0]},
                after={"product": raw, "target": goal},
                reason=clean_text(reason),
            )

    def reject_product(
        self, raw_name: str, target: str, *, by: str, reason: str | None = None
    ) -> None:
        """Say a PSA product is not this vendor product: the pair is never proposed again.

        The answer "no" to a mapping question; it also removes an alias between the two.

        Args:
            raw_name: the PSA product as written.
            target: the vendor product it is not (a catalogue id or a product name).
            by: who.
            reason: why, for the log.

        Raises:
            UsageError: a name is blank.
            Conflict: this pair is already rejected.
        """
        raw = required(raw_name, "the product name")
        goal = required(target, "the vendor product")
        by = who(by)
        with self._write() as db:
            now = self._now()
            old = db.conn.execute(
                "SELECT created_by FROM product_rejections WHERE raw_key = ? AND target_key = ?",
                (text_key(raw), text_key(goal)),
            ).fetchone()
            if old is not None:
                raise Conflict(f"product {raw!r} is already not {goal!r} (said by {old[0]})")
            db.conn.execute(
                "INSERT INTO product_rejections (raw_key, raw_name, target_key, target, "
                "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (text_key(raw), raw, text_key(goal), goal, by, to_db(now)),
            )
            alias = db.conn.execute(
                "SELECT target FROM product_aliases WHERE raw_key = ?", (text_key(raw),)
            ).fetchone()
            if alias is not None and text_key(alias[0]) == text_key(goal):
                db.conn.execute("DELETE FROM product_aliases WHERE raw_key = ?", (text_key(raw),))
            log_decision(
                db,
                at=now,
                by=by,
                action=Action.PRODUCT_REJECTION,
                subject=f"product {raw!r}",
                before=None if alias is None else {"target": alias[0]},
                after={"product": raw, "not": goal},
                reason=clean_text(reason),
            )

    def product_answer(self, raw_name: str, target: str) -> ProductAnswer | None:
        """How a mapping question "is ``raw_name`` the vendor's ``target``?" was answered.

        An alias of the name (to ``target``, or to anything else since) is a yes; a rejection
        of exactly this pair is a no; None when neither is stored (still open).
        """
        raw_key = text_key(raw_name)
        with self._read() as db:
            alias = db.conn.execute(
                "SELECT raw_name, target, created_by, created_at FROM product_aliases "
                "WHERE raw_key = ?",
                (raw_key,),
            ).fetchone()
            if alias is not None:
                return ProductAnswer(alias[0], alias[1], True, alias[2], from_db(alias[3]))
            no = db.conn.execute(
                "SELECT raw_name, target, created_by, created_at FROM product_rejections "
                "WHERE raw_key = ? AND target_key = ?",
                (raw_key, text_key(target)),
            ).fetchone()
        return None if no is None else ProductAnswer(no[0], no[1], False, no[2], from_db(no[3]))

    def ignore_product(self, name: str, *, by: str, reason: str | None = None) -> None:
        """Say a PSA product (labour, a bundle) is never compared.

        Raises:
            UsageError: the name is blank.
            Conflict: it is already ignored.
        """
        product = required(name, "the PSA product name")
        by = who(by)
        with self._write() as db:
            now = self._now()
            old = db.conn.execute(
                "SELECT created_by FROM ignored_products WHERE product_key = ?",
                (text_key(product),),
            ).fetchone()
            if old is not None:
                raise Conflict(f"product {product!r} is already ignored (by {old[0]})")
            db.conn.execute(
                "INSERT INTO ignored_products (product_key, name, created_by, created_at) "
                "VALUES (?, ?, ?, ?)",
                (text_key(product), product, by, to_db(now)),
            )
            log_decision(
                db,
                at=now,
                by=by,
                action=Action.IGNORE_PRODUCT,
                subject=f"product {product!r}",
                before=None,
                after={"product": product, "ignored": True},
                reason=clean_text(reason),
            )

    def save_column_map(self, format_name: str, mapping: Mapping[str, str], *, by: str) -> bool:
        """Remember which header plays which role in an export format (``--map``).

        Args:
            format_name: the format (``generic``, ``connectwise``, ...).
            mapping: role (see :class:`recon.model.Role`) -> column header.
            by: who.

        Returns:
            True if saved; False if exactly this mapping was already saved (nothing logged).

        Raises:
            UsageError: blank format name, unknown role, or blank header.
        """
        fmt = required(format_name, "the format name")
        by = who(by)
        roles = {r.value for r in Role}
        clean: dict[str, str] = {}
        for role, header in mapping.items():
            if role not in roles:
                raise UsageError(f"unknown role {role!r}; the roles are {', '.join(sorted(roles))}")
            clean[role] = required(header, f"the column for {role}")
        if not clean:
            raise UsageError("a column map needs at least one role")
        with self._write() as db:
            now = self._now()
            old = db.conn.execute(
                "SELECT mapping FROM column_maps WHERE format_name = ?", (fmt,)
            ).fetchone()
            before: Any = None if old is None else from_json(old[0])
            if before == clean:
                return False
            db.conn.execute(
                "INSERT OR REPLACE INTO column_maps (format_name, mapping, updated_by, updated_at)"
                " VALUES (?, ?, ?, ?)",
                (fmt, to_json(clean), by, to_db(now)),
            )
            log_decision(
                db,
                at=now,
                by=by,
                action=Action.SAVE_COLUMN_MAP,
                subject=f"format {fmt}",
                before=before,
                after=clean,
            )
        return True

    def decisions(
        self, limit: int | None = None, *, gap_id: int | None = None, runs: bool = False
    ) -> list[Decision]:
        """The audit log, newest first.

        Args:
            limit: at most this many (default: all).
            gap_id: only the decisions about this gap.
            runs: include the runs (recorded, held, confirmed, discarded, previewed) with
                who caused them (default: people's decisions and setting changes only).
        """
        with self._read() as db:
            return read_decisions(db, limit=limit, gap_id=gap_id, runs=runs)

    def _alias(
        self, vendor_name: str, psa_name: str, *, by: str, reason: str | None, action: Action
    ) -> None:
        vendor = required(vendor_name, "the vendor client name")
        psa = required(psa_name, "the PSA client name")
        by = who(by)
        vk, pk = client_key(vendor), client_key(psa)
        if vk == pk:
            raise UsageError(
                f"{vendor!r} and {psa!r} are already the same client by name; no alias needed"
            )
        with self._write() as db:
            now = self._now()
            zone = zone_of(read_settings(db))
            old = db.conn.execute(
                "SELECT psa_key, psa_name, created_by, created_at FROM client_aliases "
                "WHERE vendor_key = ?",
                (vk,),
            ).fetchone()
            if old is not None and old[0] == pk:
                raise Conflict(
                    f"{vendor!r} is already an alias of {old[1]!r} (set by {old[2]} at "
                    f"{format_local(from_db(old[3]), zone)})"
                )
            rejected = db.conn.execute(
                "DELETE FROM client_rejections WHERE vendor_key = ? AND psa_key = ?", (vk, pk)
            ).rowcount
            db.conn.execute(
                "INSERT OR REPLACE INTO client_aliases (vendor_key, vendor_name, psa_key, "
                "psa_name, confirmed, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (vk, vendor, pk, psa, int(action is Action.CONFIRM_MATCH), by, to_db(now)),
            )
            before: dict[str, Any] | None = None
            if old is not None or rejected:
                before = {"alias_of": None if old is None else old[1], "rejected": bool(rejected)}
            log_decision(
                db,
                at=now,
                by=by,
                action=action,
                subject=f"client {vendor!r}",
                before=before,
                after={"vendor_client": vendor, "psa_client": psa},
                reason=clean_text(reason),
            )
