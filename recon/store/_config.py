"""Reading and changing settings (threshold, billing channel, time zone, grace and
escalation days); every change is a logged decision."""

from __future__ import annotations

from decimal import Decimal

from recon.errors import Conflict
from recon.store._base import StoreBase
from recon.store._clients import resolve_client
from recon.store._decisions import log_decision, who
from recon.store._people import Action, Settings
from recon.store._settings import (
    DEFAULT_WORD,
    THRESHOLD,
    canonical_value,
    check_key,
    read_settings,
    setting_value,
)
from recon.store._time import to_db


class SettingsMixin(StoreBase):
    """Settings."""

    def settings(self) -> Settings:
        """Every setting, defaults filled in."""
        with self._read() as db:
            return read_settings(db)

    def setting(self, key: str) -> Decimal | str | int | None:
        """One setting's value: ``threshold`` (Decimal), ``billing_channel`` (str or None),
        ``timezone`` (str), ``grace_days`` and ``escalation_days`` (int).

        Raises:
            UsageError: unknown key.
        """
        return setting_value(self.settings(), key)

    def threshold_for(self, client_key: str) -> Decimal:
        """The alert threshold of a client: its own override, else the global one."""
        settings = self.settings()
        return settings.threshold_overrides.get(client_key, settings.threshold)

    def set_setting(
        self, key: str, value: str, *, by: str, client: str | None = None
    ) -> Decimal | str | int | None:
        """Change a setting; ``"default"`` puts it back to its default.

        Args:
            key: one of ``threshold``, ``billing_channel``, ``timezone``, ``grace_days``,
                ``escalation_days``.
            value: the new value as typed (checked: an amount with at most 2 decimals, a
                Slack channel id or ``#name``, an IANA zone, 0-365 / 1-365 days).
            by: who.
            client: set the threshold for this client only (a name or part of one).

        Returns:
            The value now in force (for ``client``: that client's threshold).

        Raises:
            UsageError: unknown key, invalid value, or a per-client value for another key.
            NotFound: no client matches ``client``.
            Ambiguous: several clients match ``client``.
            Conflict: the setting already has this value.
        """
        by = who(by)
        check_key(key, per_client=client is not None)
        reset = value.strip().casefold() == DEFAULT_WORD
        text = None if reset else canonical_value(key, value)
        with self._write() as db:
            scope = "" if client is None else resolve_client(db, client)
            old = db.conn.execute(
                "SELECT value FROM settings WHERE key = ? AND scope = ?", (key, scope)
            ).fetchone()
            before = None if old is None else old[0]
            if before == text:
                shown = "its default" if text is None else repr(text)
                where = f" for client {scope!r}" if scope else ""
                raise Conflict(f"{key}{where} is already {shown}")
            now = self._now()
            if text is None:
                db.conn.execute("DELETE FROM settings WHERE key = ? AND scope = ?", (key, scope))
            else:
                db.conn.execute(
                    "INSERT OR REPLACE INTO settings (key, scope, value, updated_by, updated_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (key, scope, text, by, to_db(now)),
                )
            log_decision(
                db,
                at=now,
                by=by,
                action=Action.SET_SETTING,
                subject=f"setting {key}" + (f" for client {scope!r}" if scope else ""),
                before={"value": before},
                after={"value": text},
            )
            settings = read_settings(db)
        if scope and key == THRESHOLD:
            return settings.threshold_overrides.get(scope, settings.threshold)
        return setting_value(settings, key)
