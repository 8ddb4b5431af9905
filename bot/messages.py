"""Every sentence the bot says to people, as small functions returning text.

Block Kit layout is in :mod:`bot.blocks`; this module is only the words, so they can be
read, reviewed and changed in one place. Slack ``mrkdwn`` is used (``*bold*``, ``<@U1>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.ids import COMMAND


@dataclass(frozen=True)
class CommandHelp:
    """How to use one ``/reconcile`` subcommand."""

    name: str
    usage: str
    about: str
    example: str
    admin: bool = False


COMMANDS: tuple[CommandHelp, ...] = (
    CommandHelp("help", "help [COMMAND]", "this list, or one command's help", "help gaps"),
    CommandHelp("status", "status", "the last run: when, what it read, what it found", "status"),
    CommandHelp(
        "gaps",
        "gaps [CLIENT]",
        "open gaps, most expensive first; or one client's",
        'gaps "Wayne Enterprises"',
    ),
    CommandHelp(
        "owner",
        "owner CLIENT @USER",
        "make someone the account manager of a client (also one no run has shown yet)",
        "owner Wayne Enterprises @dana",
        admin=True,
    ),
    CommandHelp(
        "threshold",
        "threshold AMOUNT [CLIENT]",
        "alert when a client's monthly gap money reaches AMOUNT (all clients, or one)",
        "threshold 250 Pied Piper",
        admin=True,
    ),
    CommandHelp(
        "alias",
        'alias "VENDOR NAME" = "PSA NAME"',
        "say a vendor's client name is this PSA client; the next run pairs them",
        'alias "WAYNE ENTERPRISES" = "Wayne Enterprises, Inc."',
        admin=True,
    ),
    CommandHelp(
        "bundle",
        "bundle [PSA PRODUCT]",
        "say one PSA product stands for several vendor products (opens a form)",
        "bundle Managed Security Bundle",
        admin=True,
    ),
    CommandHelp(
        "run", "run", "reconcile now from the configured vendor and PSA sources", "run", True
    ),
    CommandHelp(
        "digest", "digest", "post the billing digest to the billing channel now", "digest", True
    ),
)
COMMAND_NAMES = tuple(c.name for c in COMMANDS)
HELP_BY_NAME = {c.name: c for c in COMMANDS}


def command_usage(help_: CommandHelp) -> str:
    """One command's help: usage, what it does, an example."""
    admin = " _(billing admins)_" if help_.admin else ""
    return f"`{COMMAND} {help_.usage}`{admin}\n{help_.about}.\nExample: `{COMMAND} {help_.example}`"


def help_text() -> str:
    """The list of every subcommand, and how to reconcile by upload."""
    lines = [f"*{COMMAND}* commands:"]
    for c in COMMANDS:
        admin = " _(admins)_" if c.admin else ""
        lines.append(f"• `{COMMAND} {c.usage}`: {c.about}{admin}")
    lines.append(
        "\nTo reconcile, upload a vendor export and a PSA export in a DM with me "
        "(together or one after the other)."
    )
    return "\n".join(lines)


def unknown_command(word: str, nearest: str | None) -> str:
    """An unknown subcommand, with the nearest one's help."""
    if nearest is None:
        return f"I don't know `{word}`.\n\n{help_text()}"
    return f"I don't know `{word}`. Did you mean `{nearest}`?\n\n" + command_usage(
        HELP_BY_NAME[nearest]
    )


def malformed(name: str, problem: str) -> str:
    """A known subcommand with arguments that don't fit."""
    return f"{problem}\n\n" + command_usage(HELP_BY_NAME[name])


def admins_only(what: str) -> str:
    """Someone who is not a billing admin tried an admin command."""
    return (
        f"Sorry, only billing admins can use `{COMMAND} {what}`. Ask one of them, or ask to be "
        "added to RECON_ADMINS."
    )


# ---- uploads -------------------------------------------------------------------------


def file_too_large(name: str, size: int, limit: int) -> str:
    """An upload over the size limit (checked before downloading)."""
    return (
        f":warning: *{name}* is {_mb(size)}; I only read files up to {_mb(limit)} "
        "(RECON_MAX_UPLOAD_MB). Export a shorter period or split it."
    )


def login_page(name: str) -> str:
    """Slack sent an HTML login page instead of the file."""
    return (
        f":warning: Slack sent me a login page instead of *{name}*, so I couldn't read it. "
        "The app needs the files:read scope (reinstall it after adding the scope)."
    )


def download_failed(name: str, reason: str) -> str:
    """The download failed for another reason."""
    return f":warning: I couldn't download *{name}*: {reason}. Please upload it again."


def cant_read(error: str) -> str:
    """A ReconError, shown as it is (its text is written for people)."""
    return f":x: {error}"


def got_one(name: str, side: str, label: str) -> str:
    """One file of the pair has arrived."""
    other = "PSA" if side == "vendor" else "vendor"
    return (
        f"Got *{name}* as the {_side(side)} file ({label}). "
        f"Now upload the {other} export and I'll reconcile the two."
    )


def which_side(name: str, label: str) -> str:
    """The side of an upload can't be told."""
    return f"I can't tell whether *{name}* ({label}) is the vendor or the PSA export. Which is it?"


def got_unknown(name: str, label: str) -> str:
    """One file has arrived and its side can't be told yet: the other file may tell."""
    return (
        f"Got *{name}* ({label}). Now upload the other export: once I recognise one of the two, "
        "the other is the other side. I'll only ask if I can't tell either."
    )


def side_inferred(name: str, side: str, other: str, label: str) -> str:
    """An upload's side follows from its partner's."""
    return (
        f"Took *{name}* as the {_side(side)} file: *{other}* is the "
        f"{_side('psa' if side == 'vendor' else 'vendor')} export ({label})."
    )


def side_chosen(name: str, side: str, user: str) -> str:
    """Someone said which side an upload is."""
    return f"*{name}*: <@{user}> said this is the {_side(side)} file."


def upload_gone() -> str:
    """A side button for a file that is no longer waiting."""
    return "That file is no longer waiting: it was already used or replaced."


def not_your_upload(uploader: str) -> str:
    """Someone else's upload."""
    return f"Only <@{uploader}> (who uploaded it) or a billing admin can say which file this is."


def progress(step: str) -> str:
    """The progress message while reconciling."""
    return f":hourglass_flowing_sand: {step}…"


def run_failed(error: str) -> str:
    """The reconciliation failed with a ReconError."""
    return f":x: Nothing was recorded. {error}"


def still_holding(name: str, side: str) -> str:
    """After a failed run, the good file is kept."""
    return f"I still have *{name}* as the {_side(side)} file; upload a corrected other file."


def csv_comment(count: int) -> str:
    """The comment on the CSV report."""
    return f"The full report: {count:,} gap{'s' if count != 1 else ''}, most expensive first."


def dm_report(sent: int, failures: list[tuple[str, str]]) -> str:
    """What happened to the alerts after a run."""
    parts = [f":bell: Sent {sent} alert message{'s' if sent != 1 else ''}."]
    for target, reason in failures:
        parts.append(f":warning: Couldn't alert {target}: {reason}")
    return "\n".join(parts)


def dm_hint() -> str:
    """Someone wrote to the bot without a file."""
    return (
        "Upload a vendor export (Partner Center, Pax8, ...) and a PSA export (ConnectWise, "
        f"Autotask, ...) here and I'll find the billing gaps. `{COMMAND} help` lists the rest."
    )


# ---- decisions ---------------------------------------------------------------------


def not_allowed(client: str, owner: str | None, billing_owner: str | None) -> str:
    """Someone who may not act on a client's gaps clicked a button."""
    who = [f"<@{u}>" for u in (owner, billing_owner) if u]
    owners = f" ({' and '.join(who)})" if who else ""
    return (
        f"Only the owner of *{client}*{owners} or a billing admin can act on its gaps. "
        "Nothing was changed."
    )


def admins_only_action() -> str:
    """Only admins may assign owners."""
    return "Only billing admins can assign owners. Nothing was changed."


def already(what: str) -> str:
    """A stale or repeated click: say what is already true."""
    return f"Nothing to do: {what}."


def owner_set(user: str, client: str) -> str:
    """An owner was assigned."""
    return f"<@{user}> now owns *{client}*."


def owner_set_before_run(user: str, client: str) -> str:
    """An owner was assigned to a client no run has shown yet."""
    return (
        f"<@{user}> now owns *{client}*. No run has shown that client yet: the first run that "
        "does sends its alerts to them."
    )


def bad_owner(user: str, why: str) -> str:
    """The picked user can't own clients."""
    return f"<@{user}> can't own clients: {why}."


def bundle_form_opened() -> str:
    """Reply to ``/reconcile bundle`` once the form is open."""
    return "Fill in the bundle in the form that just opened."


def bundle_needs_components() -> str:
    """Under the components field when fewer than two were given."""
    return "Pick or type at least two components."


def digest_late(due: str) -> str:
    """A scheduled digest posted late because the bot was not running when it was due."""
    return (
        f":hourglass: This digest was due {due}, when the bot was not running; "
        "it is posted late, with the figures as they are now."
    )


def digest_posted(channel: str) -> str:
    """The digest was posted."""
    return f"Posted the digest to <#{channel}>."


def chart_alt_text(weeks: int) -> str:
    """What the digest's chart shows, for screen readers."""
    return f"Bar chart of open monthly leakage in each of the last {weeks} week(s) with a run"


def no_billing_channel() -> str:
    """There is nowhere to post the digest or unowned clients."""
    return (
        "No billing channel is set: set RECON_BILLING_CHANNEL (or `recon settings set "
        "billing_channel C0123ABCD`) and invite me to that channel."
    )


def post_failed(where: str, error: str) -> str:
    """Posting to a channel failed."""
    hint = (
        " Invite me to the channel first (`/invite @recon`)." if error == "not_in_channel" else ""
    )
    return f":warning: Couldn't post to {where}: {error}.{hint}"


def sources_not_configured() -> str:
    """``run`` without a source for each side."""
    return (
        "Scheduled pulls aren't configured yet. Set the API credentials of one vendor source "
        "(PAX8_CLIENT_ID and PAX8_CLIENT_SECRET, or the PARTNER_CENTER_* variables) and one "
        "PSA source (the CONNECTWISE_* or AUTOTASK_* variables), or RECON_WATCH_DIR for a "
        "watched folder, then restart the bot. Until then, upload the two exports in a DM."
    )


def run_in_progress() -> str:
    """``run`` while another run from the sources (scheduled or not) is going."""
    return (
        ":hourglass_flowing_sand: A run from the configured sources is already going; its "
        "alerts follow when it ends. Nothing new was started."
    )


def scheduled_run_failed(error: str) -> str:
    """A scheduled run could not read its sources (posted once per distinct problem)."""
    return (
        f":x: The scheduled reconciliation failed; nothing was recorded. {error}\n"
        "The next scheduled run tries again; `/reconcile run` tries now."
    )


# ---- anomalies ---------------------------------------------------------------------


def who(by: str) -> str:
    """Someone recorded as ``by``: a mention for a Slack member id, else the name as is."""
    return f"<@{by}>" if by[:1] in ("U", "W") and by.isalnum() else by


def anomaly_not_allowed(client: str, owner: str | None, billing_owner: str | None) -> str:
    """Someone who may not mark a client's anomalies expected clicked the button."""
    mentions = [f"<@{u}>" for u in (owner, billing_owner) if u]
    owners = f" ({' and '.join(mentions)})" if mentions else ""
    return (
        f"Only the owner of *{client}*{owners} or a billing admin can mark its anomalies "
        "expected. Nothing was changed."
    )


def anomaly_already(subject: str, by: str, when: str) -> str:
    """A repeated or stale Expected click."""
    return f"Nothing changed: *{subject}* was already marked expected by {who(by)} at {when}."


def anomaly_gone() -> str:
    """An Expected click on an anomaly the latest run no longer shows."""
    return (
        "Nothing changed: the latest run no longer shows that anomaly, so there is nothing to "
        "mark. `recon anomalies` lists the current ones."
    )


def _side(side: str) -> str:
    return "PSA" if side == "psa" else "vendor"


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


def gap_state(status: str, *, by: str | None, when: str, until: str | None = None) -> str:
    """Where a gap stands now, with who and when ("resolved by <@U1> at 2026-03-02 09:00 UTC")."""
    if status == "resolved":
        return f"resolved by <@{by}> at {when}"
    if status == "accepted":
        return f"accepted by <@{by}> at {when}"
    if status == "snoozed":
        return f"snoozed until {until} by <@{by}>"
    if status == "fixed":
        return "fixed: the latest run no longer shows it"
    return "open again"


def already_done(subject: str, state: str) -> str:
    """A repeated, retried or stale click: nothing happens twice."""
    return f"Nothing changed: *{subject}* was already {state}."


def review_already(vendor: str, state: str, by: str | None, when: str) -> str:
    """A review prompt someone else already decided."""
    return f"Nothing changed: *{vendor}* was already {state} by <@{by}> at {when}."


def message_gone() -> str:
    """A click on a message the bot no longer tracks."""
    return "I no longer track that message; use the App Home or `/reconcile gaps`."


def alias_needs_name() -> str:
    """The alias modal was submitted empty."""
    return "Pick a likely client or type the PSA client's name."


def _short_day(day: date, today: date) -> str:
    return f"{day.day} {day:%b}" + ("" if day.year == today.year else f" {day.year}")


def reduce_deadline(
    *,
    seats: str,
    until: date,
    term_end: date | None,
    today: date,
    recovers: str | None,
    saves: str | None,
) -> str:
    """The deadline line of a gap whose vendor seats exceed the billed ones: the two fixes,
    by when, and what each is worth ("reduce before 9 Dec, 5 days left")."""
    before = until + timedelta(days=1)
    left = (until - today).days + 1
    days = f"{left} day{'s' if left != 1 else ''} left" if left > 0 else "too late"
    window = term_end is not None and until < term_end
    if window:
        reduce = f"reduce the vendor by {seats} before {_short_day(before, today)}, {days}"
    else:
        renewal = _short_day(before, today)
        reduce = f"reduce by {seats} at the renewal on {renewal} (set it before then, {days})"
    worth = []
    if recovers:
        worth.append(f"billing recovers {recovers}")
    if saves:
        worth.append(f"reducing saves {saves}" + ("" if window else " over the next term"))
    tail = f" · {', '.join(worth)}" if worth else ""
    return f":hourglass_flowing_sand: *{reduce}*, or bill {seats} more{tail}"


def renewals_title(count: int, at_stake: str) -> str:
    """The digest's renewals section title."""
    return f"*Renewals in the next 30 days with seats not billed* ({count:,}, {at_stake} at stake)"
