"""What the store hands back about people: decisions, owners and settings.

Frozen records with exact values; ``as_json()`` gives a JSON-ready dict like
:mod:`recon.store._records`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from recon.store._codec import json_money, json_time


class Action(StrEnum):
    """The kinds of entry kept in the audit log: decisions, setting changes, and every run
    (recorded, held, confirmed, discarded, or only previewed), each with who caused it."""

    CONFIRM_MATCH = "confirm_match"
    REJECT_MATCH = "reject_match"
    CLIENT_ALIAS = "client_alias"
    PRODUCT_ALIAS = "product_alias"
    PRODUCT_REJECTION = "product_rejection"
    IGNORE_PRODUCT = "ignore_product"
    RESOLVE = "resolve"
    ACCEPT = "accept"
    SNOOZE = "snooze"
    REOPEN = "reopen"
    SET_OWNER = "set_owner"
    SET_SETTING = "set_setting"
    SAVE_COLUMN_MAP = "save_column_map"
    DEFINE_BUNDLE = "define_bundle"
    REMOVE_BUNDLE = "remove_bundle"
    FAMILY_JOIN = "family_join"  # a family question answered yes: one organisation
    FAMILY_APART = "family_apart"  # answered no: two clients
    MAKER_BOUGHT = "maker_bought"  # a maker question answered yes: bought from the source
    MAKER_ELSEWHERE = "maker_elsewhere"  # answered no: bought elsewhere
    MARK_EXPECTED = "mark_expected"
    RECORD_RUN = "record_run"  # a run applied to the gaps (by whoever caused it)
    HOLD_RUN = "hold_run"  # a run the plausibility guard held
    CONFIRM_RUN = "confirm_run"  # an admin applied a held run
    DISCARD_RUN = "discard_run"  # an admin dropped a held run
    PREVIEW_RUN = "preview_run"  # someone without the right to save a run got a preview
    FIX_IN_PSA = "fix_in_psa"  # a gap fixed by writing to the PSA (recon fix, Slack button)


class OwnerSource(StrEnum):
    """Where an owner came from."""

    PERSON = "person"  # the CLI, Slack or an owners file
    PSA = "psa"  # the PSA's account manager for the client


@dataclass(frozen=True, slots=True)
class Owner:
    """Who looks after a client's billing.

    Attributes:
        client_key: the normalised client identity.
        client: the client's name as a run last wrote it (as given, until a run shows it).
        slack_user: the account manager's Slack user id (``U0123ABCD``); None while only
            their e-mail is known.
        email: the account manager's e-mail, for ``users.lookupByEmail``; optional.
        billing_owner: a second Slack user id for escalation; optional.
        updated_by: who set it last.
        updated_at: when.
        given_as: the client's name as the person (or the PSA) gave it.
        matched_run_id: the run that first showed the client; None while it waits for one.
        source: ``person`` (CLI, Slack, an owners file) or ``psa`` (the PSA's account
            manager, taken because nobody gave one).
    """

    client_key: str
    client: str
    slack_user: str | None
    email: str | None
    billing_owner: str | None
    updated_by: str
    updated_at: datetime
    given_as: str = ""
    matched_run_id: int | None = None
    source: OwnerSource = OwnerSource.PERSON

    @property
    def pending(self) -> bool:
        """True while no run has shown the client (the owner waits to be matched)."""
        return self.matched_run_id is None

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict of this owner."""
        return {
            "client_key": self.client_key,
            "client": self.client,
            "given_as": self.given_as or self.client,
            "slack_user": self.slack_user,
            "email": self.email,
            "billing_owner": self.billing_owner,
            "source": self.source.value,
            "matched_run_id": self.matched_run_id,
            "updated_by": self.updated_by,
            "updated_at": json_time(self.updated_at),
        }


@dataclass(frozen=True, slots=True)
class ProductAnswer:
    """How a mapping question about a PSA product was answered, and by whom.

    Attributes:
        product: the PSA product as written.
        target: what it was mapped to (``mapped``), or the vendor product it is not.
        mapped: True for an alias (yes, or mapped to another product since), False for a
            rejection (no).
        by: who.
        at: when.
    """

    product: str
    target: str
    mapped: bool
    by: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Decision:
    """One entry of the append-only audit log.

    Attributes:
        id: increasing id.
        at: when.
        by: who (a Slack user id, or ``cli:<login>``).
        action: what kind of decision.
        subject: what it was about (``gap 12``, ``client acme corp``, ``setting threshold``).
        gap_id: the gap, for gap decisions.
        before: the relevant state before, or None when there was none.
        after: the state after.
        reason: the reason or note given, if any.
    """

    id: int
    at: datetime
    by: str
    action: Action
    subject: str
    gap_id: int | None
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None
    reason: str | None

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict of this decision."""
        return {
            "id": self.id,
            "at": json_time(self.at),
            "by": self.by,
            "action": self.action.value,
            "subject": self.subject,
            "gap_id": self.gap_id,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Settings:
    """The store's settings, with defaults filled in.

    Attributes:
        threshold: alert when a gap's monthly impact reaches this (default 100.00).
        threshold_overrides: client key -> its own threshold.
        billing_channel: the Slack channel for the digest (``C0123ABCD`` or ``#billing``).
        timezone: IANA time zone for people-facing times and snooze dates (default ``UTC``).
        grace_days: days a resolved gap may still show before it reopens as overdue (7).
        escalation_days: days a gap may stay open before it escalates (re-alerted, flagged in
            the digest; 14).
        billing_day: the day of the month the billing month starts (1).
        run_hour: the local hour scheduled reconciliations run (7).
        run_weekday: the weekday of the weekly run in mid-month (``mon``).
        digest_weekday: the weekday the digest is posted (``mon``).
        digest_hour: the local hour the digest is posted (9).
        schedule_cron: a crontab that replaces the default cadence, or None.
        webhook_url: where alerts are also POSTed as signed JSON, or None.
        max_drop_percent: a run is held when a side lost more than this share (in percent)
            of its clients, lines or monthly money since the last run of the same bundle
            (30).
        billing_users: Slack member ids who may save runs from Slack besides the admins
            (the billing role); none by default.
        reminder_days: a gap whose seat-reduction window closes within this many days is
            escalated to its owner once (5).
        fx_rates: exchange rates an admin set, ``EUR:USD=1.08, GBP:USD=1.27`` (PSA units per
            vendor unit), or None: prices in two currencies are then not compared.
        write_back: the PSAs ``recon fix`` (and its Slack button) may write to
            (``connectwise``, ``autotask``); none by default.
        connectwise_fix_mode: how a ConnectWise addition is changed: ``replace`` its
            quantity or price in place (default), or ``end_and_add`` (end-date it and add a
            new addition from the day of the fix).
    """

    threshold: Decimal = Decimal("100.00")
    threshold_overrides: Mapping[str, Decimal] = field(default_factory=dict)
    billing_channel: str | None = None
    timezone: str = "UTC"
    grace_days: int = 7
    escalation_days: int = 14
    billing_day: int = 1
    run_hour: int = 7
    run_weekday: str = "mon"
    digest_weekday: str = "mon"
    digest_hour: int = 9
    schedule_cron: str | None = None
    webhook_url: str | None = None
    max_drop_percent: int = 30
    billing_users: tuple[str, ...] = ()
    write_back: tuple[str, ...] = ()
    connectwise_fix_mode: str = "replace"

    def writes_to(self, psa: str) -> bool:
        """True when an admin turned on fixing gaps in this PSA (``write_back``)."""
        return psa in self.write_back

    @property
    def max_drop(self) -> Decimal:
        """``max_drop_percent`` as a share (0.30)."""
        return Decimal(self.max_drop_percent) / 100

    reminder_days: int = 5
    fx_rates: str | None = None

    @property
    def zone(self) -> ZoneInfo:
        """The configured time zone."""
        return ZoneInfo(self.timezone)

    @property
    def rates(self) -> dict[tuple[str, str], Decimal]:
        """``fx_rates`` as (vendor currency, PSA currency) -> rate."""
        out: dict[tuple[str, str], Decimal] = {}
        for part in (self.fx_rates or "").split(","):
            pair, _, rate = part.partition("=")
            source, _, target = pair.strip().partition(":")
            if source and target and rate.strip():
                out[(source.upper(), target.upper())] = Decimal(rate.strip())
        return out

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict of these settings."""
        return {
            "threshold": json_money(self.threshold),
            "threshold_overrides": {k: json_money(v) for k, v in self.threshold_overrides.items()},
            "billing_channel": self.billing_channel,
            "timezone": self.timezone,
            "grace_days": self.grace_days,
            "escalation_days": self.escalation_days,
            "billing_day": self.billing_day,
            "run_hour": self.run_hour,
            "run_weekday": self.run_weekday,
            "digest_weekday": self.digest_weekday,
            "digest_hour": self.digest_hour,
            "schedule_cron": self.schedule_cron,
            "webhook_url": self.webhook_url,
            "max_drop_percent": self.max_drop_percent,
            "billing_users": list(self.billing_users),
            "reminder_days": self.reminder_days,
            "fx_rates": self.fx_rates,
            "write_back": list(self.write_back),
            "connectwise_fix_mode": self.connectwise_fix_mode,
        }


@dataclass(frozen=True, slots=True)
class OwnerRow:
    """One row of an owners import: the row number (for messages) and its values."""

    row: int
    client: str
    slack_user: str
    email: str | None = None
    billing_owner: str | None = None


@dataclass(frozen=True, slots=True)
class OwnerImport:
    """What an owners import changed: owners added, owners changed, rows already true, and
    how many of the file's clients no run has shown yet (their owners wait for one)."""

    added: int
    changed: int
    unchanged: int
    waiting: int = 0
