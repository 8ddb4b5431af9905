"""Settings: which keys exist, how their values are checked, and how they are read.

Values are stored as canonical text in the ``settings`` table, one row per (key, scope);
scope ``""`` is the global value and a client key is a per-client override (only the
threshold has those). A key with no row has its default (see :class:`Settings`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from recon.errors import UsageError
from recon.store._people import Settings

if TYPE_CHECKING:  # the key table is read by ``settings set --help``, which opens no store
    from sqlite_utils import Database

THRESHOLD = "threshold"
BILLING_CHANNEL = "billing_channel"
TIMEZONE = "timezone"
GRACE_DAYS = "grace_days"
ESCALATION_DAYS = "escalation_days"
BILLING_DAY = "billing_day"
RUN_HOUR = "run_hour"
RUN_WEEKDAY = "run_weekday"
DIGEST_WEEKDAY = "digest_weekday"
DIGEST_HOUR = "digest_hour"
SCHEDULE_CRON = "schedule_cron"
WEBHOOK_URL = "webhook_url"
MAX_DROP_PERCENT = "max_drop_percent"
BILLING_USERS = "billing_users"
REMINDER_DAYS = "reminder_days"
FX_RATES = "fx_rates"
WRITE_BACK = "write_back"
CONNECTWISE_FIX_MODE = "connectwise_fix_mode"
#: The PSAs recon can write a fix to, and how a ConnectWise addition may be changed.
WRITABLE_PSAS = ("autotask", "connectwise")
FIX_MODES = ("replace", "end_and_add")

#: Every setting, in the order ``settings show`` lists them.
SETTING_KEYS = (
    THRESHOLD,
    BILLING_CHANNEL,
    TIMEZONE,
    GRACE_DAYS,
    ESCALATION_DAYS,
    BILLING_DAY,
    RUN_HOUR,
    RUN_WEEKDAY,
    DIGEST_WEEKDAY,
    DIGEST_HOUR,
    SCHEDULE_CRON,
    WEBHOOK_URL,
    MAX_DROP_PERCENT,
    BILLING_USERS,
    REMINDER_DAYS,
    FX_RATES,
    WRITE_BACK,
    CONNECTWISE_FIX_MODE,
)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Settings that may also be set for one client.
PER_CLIENT_KEYS = frozenset({THRESHOLD})
#: The value that removes a setting (back to its default).
DEFAULT_WORD = "default"

_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{6,}$")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{6,}$")
_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_CHANNEL_NAME = re.compile(r"^#[a-z0-9][a-z0-9._-]{0,79}$")


def _threshold(text: str) -> str:
    cleaned = text.strip().replace(",", "").removeprefix("$")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise UsageError(f"threshold must be an amount like 100 or 250.50, not {text!r}") from None
    if not value.is_finite() or value < 0:
        raise UsageError(f"threshold must be zero or more, not {text!r}")
    if value != value.quantize(Decimal("0.01")):
        raise UsageError(f"threshold has at most 2 decimals, not {text!r}")
    return format(value.quantize(Decimal("0.01")), "f")


def _channel(text: str) -> str:
    value = text.strip()
    if _CHANNEL_ID.match(value) or _CHANNEL_NAME.match(value):
        return value
    raise UsageError(
        f"billing_channel must be a Slack channel id like C0123ABCD or a name like #billing, "
        f"not {text!r}"
    )


def _timezone(text: str) -> str:
    value = text.strip()
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"timezone must be an IANA time zone like Europe/London or America/New_York, "
            f"not {text!r}"
        ) from None
    return value


def _days(key: str, low: int) -> Callable[[str], str]:
    def check(text: str) -> str:
        try:
            value = int(text.strip())
        except ValueError:
            raise UsageError(f"{key} must be a whole number of days, not {text!r}") from None
        if not low <= value <= 365:
            raise UsageError(f"{key} must be between {low} and 365 days, not {value}")
        return str(value)

    return check


def _whole(key: str, low: int, high: int, what: str) -> Callable[[str], str]:
    def check(text: str) -> str:
        try:
            value = int(text.strip())
        except ValueError:
            raise UsageError(f"{key} must be {what}, not {text!r}") from None
        if not low <= value <= high:
            raise UsageError(f"{key} must be between {low} and {high}, not {value}")
        return str(value)

    return check


def _weekday(key: str) -> Callable[[str], str]:
    def check(text: str) -> str:
        value = text.strip().lower()[:3]
        if value not in WEEKDAYS:
            raise UsageError(f"{key} must be a day like mon or friday, not {text!r}")
        return value

    return check


def _cron(text: str) -> str:
    value = " ".join(text.split())
    if len(value.split()) != 5:
        raise UsageError(
            f"schedule_cron must be a 5-field crontab like '0 7 * * mon-fri', not {text!r}"
        )
    from apscheduler.triggers.cron import CronTrigger  # noqa: PLC0415  (only when set)

    try:
        CronTrigger.from_crontab(value)
    except ValueError as err:
        raise UsageError(f"schedule_cron {text!r} is not a valid crontab: {err}") from None
    return value


_RATE = re.compile(r"^([A-Za-z]{3}):([A-Za-z]{3})=(\d+(?:\.\d+)?)$")


def _rates(text: str) -> str:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    out = []
    for part in parts:
        found = _RATE.match(part.replace(" ", ""))
        if found is None or Decimal(found[3]) <= 0:
            raise UsageError(
                f"fx_rates must be pairs like EUR:USD=1.08 (PSA units per vendor unit), "
                f"separated by commas, not {part!r}"
            )
        out.append(f"{found[1].upper()}:{found[2].upper()}={found[3]}")
    if not out:
        raise UsageError("fx_rates needs at least one pair like EUR:USD=1.08")
    return ", ".join(out)


def _url(text: str) -> str:
    value = text.strip()
    if not re.match(r"^https?://[^\s/]+", value):
        raise UsageError(f"webhook_url must be an http(s) URL, not {text!r}")
    return value


def _users(text: str) -> str:
    found: list[str] = []
    for raw in text.replace(" ", ",").split(","):
        part = raw.strip()
        if not part:
            continue
        mention = _MENTION.match(part)
        user = mention.group(1) if mention else part
        if not _USER_ID.match(user):
            raise UsageError(
                f"billing_users must be Slack member ids like U0123ABCD, comma-separated; "
                f"{part!r} is not one"
            )
        found.append(user)
    if not found:
        raise UsageError("billing_users needs at least one Slack member id (or 'default')")
    return ",".join(sorted(set(found)))


def _psas(text: str) -> str:
    found = {part.strip().lower() for part in text.replace(" ", ",").split(",") if part.strip()}
    unknown = sorted(found - set(WRITABLE_PSAS))
    if unknown or not found:
        raise UsageError(
            f"write_back must name PSAs recon can write to ({', '.join(WRITABLE_PSAS)}), "
            f"comma-separated, or 'default' to turn it off; not {text!r}"
        )
    return ",".join(sorted(found))


def _fix_mode(text: str) -> str:
    value = text.strip().lower().replace("-", "_")
    if value not in FIX_MODES:
        raise UsageError(
            f"connectwise_fix_mode must be one of {', '.join(FIX_MODES)}, not {text!r}"
        )
    return value


_CHECKS: dict[str, Callable[[str], str]] = {
    THRESHOLD: _threshold,
    BILLING_CHANNEL: _channel,
    TIMEZONE: _timezone,
    GRACE_DAYS: _days(GRACE_DAYS, 0),
    ESCALATION_DAYS: _days(ESCALATION_DAYS, 1),
    BILLING_DAY: _whole(BILLING_DAY, 1, 28, "a day of the month from 1 to 28"),
    RUN_HOUR: _whole(RUN_HOUR, 0, 23, "an hour from 0 to 23"),
    RUN_WEEKDAY: _weekday(RUN_WEEKDAY),
    DIGEST_WEEKDAY: _weekday(DIGEST_WEEKDAY),
    DIGEST_HOUR: _whole(DIGEST_HOUR, 0, 23, "an hour from 0 to 23"),
    SCHEDULE_CRON: _cron,
    WEBHOOK_URL: _url,
    MAX_DROP_PERCENT: _whole(MAX_DROP_PERCENT, 1, 100, "a whole percentage from 1 to 100"),
    BILLING_USERS: _users,
    REMINDER_DAYS: _days(REMINDER_DAYS, 0),
    FX_RATES: _rates,
    WRITE_BACK: _psas,
    CONNECTWISE_FIX_MODE: _fix_mode,
}


#: What each setting means and which values it takes, in :data:`SETTING_KEYS` order. The
#: CLI help, ``settings show`` and docs/cli.md are checked against this table (and defaults
#: against :class:`Settings`), so the documentation cannot drift from the code.
SETTING_MEANINGS: dict[str, str] = {
    THRESHOLD: "alert when a client's new or grown gaps reach this much a month (an amount; "
    "may be set per client)",
    BILLING_CHANNEL: "the Slack channel for the digest and for what nobody owns (C0123ABCD "
    "or #billing)",
    TIMEZONE: "the IANA time zone of times people see, snooze dates and the schedule",
    GRACE_DAYS: "days a resolved gap may still show before it reopens as overdue (0-365)",
    ESCALATION_DAYS: "days a gap may stay open before it is escalated once (1-365)",
    BILLING_DAY: "the day of the month the billing month starts (1-28)",
    RUN_HOUR: "the local hour scheduled reconciliations run (0-23)",
    RUN_WEEKDAY: "the weekday of the weekly run in mid-month (mon-sun)",
    DIGEST_WEEKDAY: "the weekday the digest is posted (mon-sun)",
    DIGEST_HOUR: "the local hour the digest is posted (0-23)",
    SCHEDULE_CRON: "a 5-field crontab that replaces the default schedule",
    WEBHOOK_URL: "where alerts are also POSTed as signed JSON (http or https)",
    MAX_DROP_PERCENT: "hold a run whose side lost more than this share of its clients, lines "
    "or monthly money since the last run of the same formats (1-100)",
    BILLING_USERS: "Slack member ids who may save runs from Slack besides the admins "
    "(U0123ABCD, comma-separated)",
    REMINDER_DAYS: "days before a seat-reduction window closes that its gap is escalated to its "
    "owner, once (0-365; 0: no reminders)",
    FX_RATES: "exchange rates for prices in two currencies, PSA units per vendor unit "
    "(EUR:USD=1.08, GBP:USD=1.27); without one they are not compared",
    WRITE_BACK: "the PSAs `recon fix` and the Slack fix button may write to (connectwise, "
    "autotask, comma-separated); off until an admin names one",
    CONNECTWISE_FIX_MODE: "how a fix changes a ConnectWise addition: replace (its quantity or "
    "price, in place) or end_and_add (end-date it and add a new one from the day of the fix)",
}


def setting_default(key: str) -> str:
    """A setting's default as people read it: ``100.00``, ``UTC``, ``14``, ``(not set)``."""
    value = getattr(Settings(), check_key(key))
    if isinstance(value, tuple):
        return ", ".join(value) or ("(none: off)" if key == WRITE_BACK else "(none: admins only)")
    return "(not set)" if value is None else str(value)


def setting_help(key: str) -> str:
    """One line about a setting: what it means, and its default."""
    return f"{SETTING_MEANINGS[check_key(key)]}; default {setting_default(key)}"


def check_key(key: str, *, per_client: bool = False) -> str:
    """Validate a setting name.

    Args:
        key: the setting's name.
        per_client: True when a client was given (only some keys allow that).

    Returns:
        The key.

    Raises:
        UsageError: unknown key, or a key that has no per-client value.
    """
    if key not in _CHECKS:
        raise UsageError(f"unknown setting {key!r}; the settings are {', '.join(SETTING_KEYS)}")
    if per_client and key not in PER_CLIENT_KEYS:
        raise UsageError(f"{key} can't be set per client; only {', '.join(PER_CLIENT_KEYS)} can")
    return key


def canonical_value(key: str, value: str) -> str:
    """The stored text of a setting's value, after checking it.

    Args:
        key: a known setting (see :data:`SETTING_KEYS`).
        value: the value as a person typed it.

    Returns:
        Canonical text (``"250.00"``, ``"Europe/London"``, ``"7"``).

    Raises:
        UsageError: the value is not valid for the key.
    """
    return _CHECKS[check_key(key)](value)


def read_settings(db: Database) -> Settings:
    """Every setting, with defaults for those never set."""
    defaults = Settings()
    global_values: dict[str, str] = {}
    overrides: dict[str, Decimal] = {}
    for key, scope, value in db.conn.execute("SELECT key, scope, value FROM settings"):
        if scope:
            if key == THRESHOLD:
                overrides[scope] = Decimal(value)
        else:
            global_values[key] = value
    return Settings(
        threshold=Decimal(global_values[THRESHOLD])
        if THRESHOLD in global_values
        else defaults.threshold,
        threshold_overrides=dict(sorted(overrides.items())),
        billing_channel=global_values.get(BILLING_CHANNEL, defaults.billing_channel),
        timezone=global_values.get(TIMEZONE, defaults.timezone),
        grace_days=int(global_values.get(GRACE_DAYS, defaults.grace_days)),
        escalation_days=int(global_values.get(ESCALATION_DAYS, defaults.escalation_days)),
        billing_day=int(global_values.get(BILLING_DAY, defaults.billing_day)),
        run_hour=int(global_values.get(RUN_HOUR, defaults.run_hour)),
        run_weekday=global_values.get(RUN_WEEKDAY, defaults.run_weekday),
        digest_weekday=global_values.get(DIGEST_WEEKDAY, defaults.digest_weekday),
        digest_hour=int(global_values.get(DIGEST_HOUR, defaults.digest_hour)),
        schedule_cron=global_values.get(SCHEDULE_CRON, defaults.schedule_cron),
        webhook_url=global_values.get(WEBHOOK_URL, defaults.webhook_url),
        max_drop_percent=int(global_values.get(MAX_DROP_PERCENT, defaults.max_drop_percent)),
        billing_users=tuple(global_values[BILLING_USERS].split(","))
        if BILLING_USERS in global_values
        else defaults.billing_users,
        reminder_days=int(global_values.get(REMINDER_DAYS, defaults.reminder_days)),
        fx_rates=global_values.get(FX_RATES, defaults.fx_rates),
        write_back=tuple(global_values[WRITE_BACK].split(","))
        if WRITE_BACK in global_values
        else defaults.write_back,
        connectwise_fix_mode=global_values.get(CONNECTWISE_FIX_MODE, defaults.connectwise_fix_mode),
    )


def zone_of(settings: Settings) -> ZoneInfo:
    """The configured time zone."""
    return settings.zone


def setting_value(settings: Settings, key: str) -> Decimal | str | int | None:
    """One global setting's typed value (threshold: Decimal; days: int; billing_users and
    write_back: comma-separated, or None; others: str)."""
    check_key(key)
    if key in (BILLING_USERS, WRITE_BACK):
        return ",".join(getattr(settings, key)) or None
    value: Decimal | str | int | None = getattr(settings, key)
    return value
