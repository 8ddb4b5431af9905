"""Every sentence the bot says to people, as small functions returning text.

Block Kit layout is in :mod:`bot.blocks`; this module is only the words, so they can be
read, reviewed and changed in one place. Slack ``mrkdwn`` is used (``*bold*``, ``<@U1>``).
Every function escapes the data it is given (names, file names, errors quoting a cell,
who did something: see :mod:`bot.text`); callers pass it raw.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import roles
from bot.ids import COMMAND, MERGE_REJECT, QUESTION_BUNDLE, QUESTION_YES
from bot.text import escape
from recon import FamilyAnswer, GapStatus, ProductMerge, Side


@dataclass(frozen=True)
class CommandHelp:
    """How to use one ``/reconcile`` subcommand (who may use it: :mod:`bot.roles`)."""

    name: str
    usage: str
    about: str
    example: str


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
    ),
    CommandHelp(
        "threshold",
        "threshold AMOUNT [CLIENT]",
        "alert when a client's monthly gap money reaches AMOUNT (all clients, or one)",
        "threshold 250 Pied Piper",
    ),
    CommandHelp(
        "alias",
        'alias "VENDOR NAME" = "PSA NAME"',
        "say a vendor's client name is this PSA client; the next run pairs them",
        'alias "WAYNE ENTERPRISES" = "Wayne Enterprises, Inc."',
    ),
    CommandHelp(
        "bundle",
        "bundle [PSA PRODUCT]",
        "say one PSA product stands for several vendor products (opens a form)",
        "bundle Managed Security Bundle",
    ),
    CommandHelp("run", "run", "reconcile now from the configured vendor and PSA sources", "run"),
    CommandHelp("digest", "digest", "post the billing digest to the billing channel now", "digest"),
    CommandHelp(
        "settings",
        "settings",
        "the settings in force, and who may save runs (the billing role)",
        "settings",
    ),
)
COMMAND_NAMES = tuple(c.name for c in COMMANDS)
HELP_BY_NAME = {c.name: c for c in COMMANDS}


def _who_may(name: str) -> str:
    key = roles.slash(name)
    return "" if roles.rule(key).role is roles.Role.MEMBER else f" _({roles.who_may(key)})_"


def command_usage(help_: CommandHelp) -> str:
    """One command's help: usage, who may use it, what it does, an example."""
    return (
        f"`{COMMAND} {help_.usage}`{_who_may(help_.name)}\n{help_.about}.\n"
        f"Example: `{COMMAND} {help_.example}`"
    )


def help_text() -> str:
    """The list of every subcommand, and how to reconcile by upload."""
    lines = [f"*{COMMAND}* commands:"]
    for c in COMMANDS:
        lines.append(f"• `{COMMAND} {c.usage}`: {c.about}{_who_may(c.name)}")
    lines.append(
        "\nTo reconcile, upload a vendor export and a PSA export in a DM with me "
        "(together or one after the other)."
    )
    return "\n".join(lines)


def unknown_command(word: str, nearest: str | None) -> str:
    """An unknown subcommand, with the nearest one's help."""
    if nearest is None:
        return f"I don't know `{escape(word)}`.\n\n{help_text()}"
    return f"I don't know `{escape(word)}`. Did you mean `{nearest}`?\n\n" + command_usage(
        HELP_BY_NAME[nearest]
    )


def malformed(name: str, problem: str) -> str:
    """A known subcommand with arguments that don't fit."""
    return f"{problem}\n\n" + command_usage(HELP_BY_NAME[name])


def admins_only(what: str) -> str:
    """Someone without the role tried a subcommand (see :mod:`bot.roles`)."""
    return (
        f"Sorry, only {roles.who_may(roles.slash(what))} can use `{COMMAND} {what}`. Ask one of "
        "them; admins are listed in RECON_ADMINS, the billing team in the billing_users "
        "setting. Nothing was changed."
    )


# ---- uploads -------------------------------------------------------------------------


def file_too_large(name: str, size: int, limit: int) -> str:
    """An upload over the size limit (checked before downloading)."""
    return (
        f":warning: *{escape(name)}* is {_mb(size)}; I only read files up to {_mb(limit)} "
        "(RECON_MAX_UPLOAD_MB). Export a shorter period or split it."
    )


def login_page(name: str) -> str:
    """Slack sent an HTML login page instead of the file."""
    return (
        f":warning: Slack sent me a login page instead of *{escape(name)}*, so I couldn't read it. "
        "The app needs the files:read scope (reinstall it after adding the scope)."
    )


def download_failed(name: str, reason: str) -> str:
    """The download failed for another reason."""
    return (
        f":warning: I couldn't download *{escape(name)}*: {escape(reason)}. Please upload it again."
    )


def cant_read(error: str) -> str:
    """A ReconError, shown as it is (its text is written for people)."""
    return f":x: {escape(error)}"


def got_one(name: str, side: Side, label: str) -> str:
    """One file of the pair has arrived."""
    other = "PSA" if side is Side.VENDOR else "vendor"
    return (
        f"Got *{escape(name)}* as the {_side(side)} file ({escape(label)}). "
        f"Now upload the {other} export and I'll reconcile the two."
    )


def which_side(name: str, label: str) -> str:
    """The side of an upload can't be told."""
    return (
        f"I can't tell whether *{escape(name)}* ({escape(label)}) is the vendor or the PSA "
        "export. Which is it?"
    )


def got_unknown(name: str, label: str) -> str:
    """One file has arrived and its side can't be told yet: the other file may tell."""
    return (
        f"Got *{escape(name)}* ({escape(label)}). Now upload the other export: once I recognise "
        "one of the two, the other is the other side. I'll only ask if I can't tell either."
    )


def side_inferred(name: str, side: Side, other: str, label: str) -> str:
    """An upload's side follows from its partner's."""
    return (
        f"Took *{escape(name)}* as the {_side(side)} file: *{escape(other)}* is the "
        f"{_side(Side.PSA if side is Side.VENDOR else Side.VENDOR)} export ({escape(label)})."
    )


def side_chosen(name: str, side: Side, user: str) -> str:
    """Someone said which side an upload is."""
    return f"*{escape(name)}*: {who(user)} said this is the {_side(side)} file."


def upload_gone() -> str:
    """A side button for a file that is no longer waiting."""
    return "That file is no longer waiting: it was already used or replaced."


def not_your_upload(uploader: str) -> str:
    """Someone else's upload."""
    return f"Only {who(uploader)} (who uploaded it) or a billing admin can say which file this is."


def progress(step: str) -> str:
    """The progress message while reconciling."""
    return f":hourglass_flowing_sand: {step}…"


def run_failed(error: str) -> str:
    """The reconciliation failed with a ReconError."""
    return f":x: Nothing was recorded. {escape(error)}"


def still_holding(name: str, side: Side) -> str:
    """After a failed run, the good file is kept."""
    return (
        f"I still have *{escape(name)}* as the {_side(side)} file; upload a corrected other file."
    )


def csv_comment(count: int) -> str:
    """The comment on the CSV report."""
    return f"The full report: {count:,} gap{'s' if count != 1 else ''}, most expensive first."


def dm_report(sent: int, failures: list[tuple[str, str]]) -> str:
    """What happened to the alerts after a run."""
    parts = [f":bell: Sent {sent} alert message{'s' if sent != 1 else ''}."]
    for target, reason in failures:
        parts.append(f":warning: Couldn't alert {target}: {escape(reason)}")
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
    mentions = [who(u) for u in (owner, billing_owner) if u]
    owners = f" ({' and '.join(mentions)})" if mentions else ""
    return (
        f"Only the owner of *{escape(client)}*{owners} or a billing admin can act on its gaps. "
        "Nothing was changed."
    )


def fix_not_allowed(client: str, owner: str | None, billing_owner: str | None) -> str:
    """Someone who may not fix a client's gap in the PSA clicked Update or Confirm."""
    mentions = [who(u) for u in (owner, billing_owner) if u]
    owners = f" ({' and '.join(mentions)})" if mentions else ""
    return (
        f"Only the owner of *{escape(client)}*{owners}, the billing team or a billing admin "
        "can update the PSA for its gaps. Nothing was sent."
    )


def fix_refused(reason: str) -> str:
    """A fix recon will not write (off, changed since the run, ...): nothing was sent."""
    return f":no_entry_sign: {escape(reason)}"


def fix_failed(error: str) -> str:
    """The PSA refused or failed a fix; the gap is as it was."""
    return f":x: The PSA did not take the fix: {escape(error)}"


def fix_done(user: str, summary: str, said: str) -> str:
    """The result of a fix, in the alert's thread."""
    return (
        f":wrench: {who(user)} updated the PSA: {escape(summary)} ({escape(said)}), read back "
        "and recorded. The gap is fixed (pending next run): the next run confirms it."
    )


def fix_button(system: str, field: str, target: str) -> str:
    """The label of the button that opens a fix's preview."""
    if field == "price":
        return f"Update {system} price to {target}"
    return f"Update {system} to {target}"


def fix_working(system: str) -> str:
    """What the modal says while the PSA is read or written."""
    return f"Talking to {escape(system)}… this takes a few seconds."


def alias_needs_admin(client: str, owner: str | None) -> str:
    """The alias form named a PSA client that someone else owns (or that can't be told)."""
    whose = f"owned by {who(owner)}" if owner else "that may be another owner's"
    return (
        f"*{escape(client)}* is a client {whose}; only billing admins can alias a name onto "
        "another owner's client (as with /reconcile alias). Nothing was changed."
    )


def admins_only_run(run_id: int) -> str:
    """Someone who is not an admin clicked Confirm or Discard on a held run."""
    return f"Only billing admins can confirm or discard run {run_id}. Nothing was changed."


def run_held(run_id: int) -> str:
    """The reply to a run that was held."""
    return (
        f":warning: Run {run_id} was held: nothing was changed and nobody was alerted. "
        "A billing admin confirms or discards it (buttons in the thread and the billing channel)."
    )


def run_confirmed(run_id: int, fixed: int, sent: int) -> str:
    """An admin applied a held run."""
    return (
        f"Run {run_id} applied: {fixed} gap{'s' if fixed != 1 else ''} closed as fixed; "
        f"{sent} alert message{'s' if sent != 1 else ''} sent."
    )


def preview_only(who_may: str) -> str:
    """The head of a preview for someone who may not save runs."""
    return (
        f":eyes: *Preview only: nothing was saved.* Only {who_may} can save runs, so no gap "
        "changed and nobody was alerted. Ask one of them to upload these files, or to add you "
        "to the billing_users setting. This attempt was recorded in the audit log."
    )


def admins_only_action() -> str:
    """Only admins may assign owners."""
    return "Only billing admins can assign owners. Nothing was changed."


def admins_only_mapping(action: str = QUESTION_YES) -> str:
    """Someone without the role answered a mapping question, or undid a merge of products
    (``action``: :data:`~bot.ids.MERGE_REJECT`); either changes every client's comparison."""
    what = (
        "undo a merge of products"
        if action == MERGE_REJECT
        else "define a bundle"
        if action == QUESTION_BUNDLE
        else "map products"
    )
    twin = roles.rule(action).twin
    return f"Only {roles.who_may(action)} can {what} (as `{twin}`). Nothing was changed."


def merge_answered(by: str, when: str, merge: ProductMerge, undone: bool) -> str:
    """What became of a merge: undone (who, when), or the second name mapped by hand since."""
    second, product = escape(merge.second_name), escape(merge.product)
    if not undone:
        return f":white_check_mark: {who(by)} at {when}: *{second}* was mapped by hand"
    return (
        f":no_entry_sign: Undone by {who(by)} at {when}: *{second}* is not *{product}*; "
        "from the next run they are compared apart"
    )


def admins_only_family(action: str) -> str:
    """Someone without the role answered a family question."""
    twin = roles.rule(action).twin
    return (
        f"Only {roles.who_may(action)} can say whether two companies are one organisation "
        f"(as `{twin}`). Nothing was changed."
    )


def family_answered(answer: FamilyAnswer, when: str) -> str:
    """What was answered about a family question, by whom and when."""
    psa, vendor = escape(answer.psa_client), escape(answer.vendor_client)
    if answer.same:
        return (
            f":white_check_mark: {who(answer.created_by)} at {when}: *{psa}* is billed for "
            f"*{vendor}*'s licences; from the next run their seats are compared summed"
        )
    return (
        f":no_entry_sign: {who(answer.created_by)} at {when}: *{psa}* and *{vendor}* are "
        "separate companies; compared apart, never asked again"
    )


def family_already(answer: FamilyAnswer, when: str) -> str:
    """A family question already answered (a double click, or someone else first)."""
    state = "one organisation" if answer.same else "separate companies"
    return (
        f"Nothing changed: *{escape(answer.psa_client)}* and *{escape(answer.vendor_client)}* "
        f"were already answered {state} by {who(answer.created_by)} at {when}."
    )


def question_answered(by: str, when: str, psa_product: str, target: str, yes: bool) -> str:
    """What was answered about a mapping question, by whom and when."""
    if yes:
        return (
            f":white_check_mark: {who(by)} at {when}: *{escape(psa_product)}* is "
            f"*{escape(target)}*; the next run compares them"
        )
    return (
        f":no_entry_sign: {who(by)} at {when}: *{escape(psa_product)}* is not "
        f"*{escape(target)}*; it won't be proposed again"
    )


def already(what: str) -> str:
    """A stale or repeated click: say what is already true."""
    return f"Nothing to do: {what}."


def owner_set(user: str, client: str) -> str:
    """An owner was assigned."""
    return f"{who(user)} now owns *{escape(client)}*."


def owner_set_before_run(user: str, client: str) -> str:
    """An owner was assigned to a client no run has shown yet."""
    return (
        f"{who(user)} now owns *{escape(client)}*. No run has shown that client yet: the first "
        "run that does sends its alerts to them."
    )


def bad_owner(user: str, why: str) -> str:
    """The picked user can't own clients."""
    return f"{who(user)} can't own clients: {escape(why)}."


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
    return f":warning: Couldn't post to {where}: {escape(error)}.{hint}"


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
        f":x: The scheduled reconciliation failed; nothing was recorded. {escape(error)}\n"
        "The next scheduled run tries again; `/reconcile run` tries now."
    )


# ---- anomalies ---------------------------------------------------------------------


def who(by: str) -> str:
    """Someone recorded as ``by``: a mention for a Slack member id, else the name, escaped
    (``cli:alice``, or whatever a ``--by`` said)."""
    return f"<@{by}>" if by[:1] in ("U", "W") and by.isalnum() else escape(by)


def anomaly_not_allowed(client: str, owner: str | None, billing_owner: str | None) -> str:
    """Someone who may not mark a client's anomalies expected clicked the button."""
    mentions = [who(u) for u in (owner, billing_owner) if u]
    owners = f" ({' and '.join(mentions)})" if mentions else ""
    return (
        f"Only the owner of *{escape(client)}*{owners} or a billing admin can mark its anomalies "
        "expected. Nothing was changed."
    )


def anomaly_already(subject: str, by: str, when: str) -> str:
    """A repeated or stale Expected click."""
    return (
        f"Nothing changed: *{escape(subject)}* was already marked expected by {who(by)} at {when}."
    )


def anomaly_gone() -> str:
    """An Expected click on an anomaly the latest run no longer shows."""
    return (
        "Nothing changed: the latest run no longer shows that anomaly, so there is nothing to "
        "mark. `recon anomalies` lists the current ones."
    )


#: Why a run was only a preview, for the audit log (``recon log`` shows it).
NOT_BILLING = "not an admin or in billing_users: shown a preview, nothing saved"


def _side(side: Side) -> str:
    return "PSA" if side is Side.PSA else "vendor"


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


def gap_state(
    status: GapStatus,
    *,
    by: str | None,
    when: str,
    until: str | None = None,
    fix_pending: bool = False,
) -> str:
    """Where a gap stands now, with who and when ("resolved by <@U1> at 2026-03-02 09:00 UTC").

    Args:
        fix_pending: a fix written to the PSA waits for the next run (it wins over ``status``).
    """
    if fix_pending:
        return f"fixed in the PSA by {who(by or '?')} at {when} (pending next run)"
    if status is GapStatus.RESOLVED:
        return f"resolved by {who(by or '?')} at {when}"
    if status is GapStatus.ACCEPTED:
        return f"accepted by {who(by or '?')} at {when}"
    if status is GapStatus.SNOOZED:
        return f"snoozed until {until} by {who(by or '?')}"
    if status is GapStatus.FIXED:
        return "fixed: the latest run no longer shows it"
    return "open again"


def already_done(subject: str, state: str) -> str:
    """A repeated, retried or stale click: nothing happens twice."""
    return f"Nothing changed: *{escape(subject)}* was already {state}."


def question_already(product: str, target: str, mapped: bool, by: str, when: str) -> str:
    """A mapping question already answered (a double click, or someone else first)."""
    state = f"mapped to *{escape(target)}*" if mapped else f"said not to be *{escape(target)}*"
    return f"Nothing changed: *{escape(product)}* was already {state} by {who(by)} at {when}."


def review_already(vendor: str, state: str, by: str | None, when: str) -> str:
    """A review prompt someone else already decided."""
    return f"Nothing changed: *{escape(vendor)}* was already {state} by {who(by or '?')} at {when}."


def message_gone() -> str:
    """A click on a message the bot no longer tracks."""
    return "I no longer track that message; use the App Home or `/reconcile gaps`."


def alias_needs_name() -> str:
    """The alias modal was submitted empty."""
    return "Pick a likely client or type the PSA client's name."
