"""``/reconcile``: reading what was typed, and doing it.

:func:`parse` turns the command text into a :class:`Parsed` command or a :class:`Problem`
(an unknown word gets the help of the nearest command, by :mod:`difflib`); :func:`execute`
makes the one ``recon`` call and returns the reply. Slack sends the text escaped
(``should_escape: true`` in the manifest), so mentions arrive as ``<@U123|name>`` and
``&``, ``<``, ``>`` as entities.
"""

from __future__ import annotations

import difflib
import html
import re
import shlex
from dataclasses import dataclass, field
from decimal import Decimal

from slack_sdk import WebClient

from bot import messages, roles
from bot.blocks import (
    Message,
    bundle_modal,
    gaps_reply,
    plain_message,
    preview_notice,
    run_summary,
    settings_reply,
    status_reply,
)
from bot.context import Bot, RunInProgress
from bot.messages import COMMAND_NAMES, HELP_BY_NAME
from bot.notify import NotifyProblem, notify_after_run, post_digest
from bot.text import escape
from bot.uploads import Progress, post_held
from recon import GapStatus, PreviewNote, ReconError, format_money

_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{6,}$")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})


@dataclass(frozen=True)
class Parsed:
    """A well-formed subcommand and its arguments."""

    name: str
    args: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Problem:
    """Text that is not a well-formed subcommand; ``reply`` says what to type instead."""

    reply: str


def parse(text: str) -> Parsed | Problem:
    """Read ``/reconcile`` text (as Slack sends it: escaped).

    Returns:
        The command, or the help to show: of the nearest command for an unknown word, of
        the command itself for malformed arguments.
    """
    raw = html.unescape(text or "").translate(_QUOTES).strip()
    word, _, rest = raw.partition(" ")
    name = word.lower()
    rest = rest.strip()
    if not name:
        return Parsed("help")
    if name not in HELP_BY_NAME:
        nearest = difflib.get_close_matches(name, COMMAND_NAMES, n=1, cutoff=0.5)
        return Problem(messages.unknown_command(word, nearest[0] if nearest else None))
    parser = _PARSERS.get(name, _no_args)
    result = parser(name, rest)
    return result


def _bundle(name: str, rest: str) -> Parsed | Problem:
    return Parsed(name, (_unquote(rest),) if rest else ())


def _no_args(name: str, rest: str) -> Parsed | Problem:
    if rest:
        return Problem(messages.malformed(name, f"`{name}` takes no arguments."))
    return Parsed(name)


def _help(name: str, rest: str) -> Parsed | Problem:
    return Parsed(name, (rest.lower(),) if rest else ())


def _gaps(name: str, rest: str) -> Parsed | Problem:
    return Parsed(name, (_unquote(rest),) if rest else ())


def _owner(name: str, rest: str) -> Parsed | Problem:
    """``owner CLIENT @user`` (the person last) or ``owner @user CLIENT`` (first)."""
    words = rest.split()
    if not words:
        return Problem(messages.malformed(name, "Say which client, then the person: `@name`."))
    last, first = _user_id(words[-1]), _user_id(words[0])
    if last is not None and len(words) > 1:
        user, client = last, " ".join(words[:-1])
    elif first is not None and len(words) > 1:
        user, client = first, " ".join(words[1:])
    elif last is not None or first is not None:
        return Problem(messages.malformed(name, "Say which client they own."))
    else:
        return Problem(messages.malformed(name, "Name the person with `@name` after the client."))
    return Parsed(name, (user, _unquote(client)))


def _threshold(name: str, rest: str) -> Parsed | Problem:
    amount, _, client = rest.partition(" ")
    if not amount:
        return Problem(messages.malformed(name, "Give an amount, like `250` or `99.50`."))
    return Parsed(name, (amount, _unquote(client)) if client.strip() else (amount,))


def _alias(name: str, rest: str) -> Parsed | Problem:
    vendor, equals, psa = rest.partition("=")
    vendor, psa = _unquote(vendor), _unquote(psa)
    if not equals or not vendor or not psa:
        return Problem(messages.malformed(name, "Write both names around an `=`."))
    return Parsed(name, (vendor, psa))


_PARSERS = {
    "help": _help,
    "gaps": _gaps,
    "owner": _owner,
    "threshold": _threshold,
    "alias": _alias,
    "bundle": _bundle,
}


def _unquote(text: str) -> str:
    text = text.strip()
    try:
        parts = shlex.split(text)
    except ValueError:
        parts = [text.strip("\"'")]
    return " ".join(parts).strip()


def _user_id(text: str) -> str | None:
    match = _MENTION.match(text)
    if match:
        return match.group(1)
    return text if _USER_ID.match(text) else None


def execute(
    client: WebClient,
    bot: Bot,
    command: Parsed,
    *,
    user: str,
    channel: str | None,
    trigger_id: str | None = None,
) -> Message:
    """Do a parsed subcommand for a user and return the reply (shown only to them).

    Who may use each subcommand is in :mod:`bot.roles`; others are refused politely
    (``run`` gives them a preview that records nothing). ``ReconError`` (an unknown
    client, a bad amount, an alias that already exists) becomes a plain reply.
    """
    key = roles.slash(command.name)
    if command.name != "run" and not roles.allowed(bot, user, key):
        return plain_message(messages.admins_only(command.name))
    try:
        if command.name == "bundle":
            return _do_bundle(client, bot, command, trigger_id)
        return _DO[command.name](client, bot, command, user, channel)
    except ReconError as err:
        return plain_message(messages.cant_read(str(err)))


def _do_help(
    client: WebClient, bot: Bot, command: Parsed, user: str, channel: str | None
) -> Message:
    if command.args and command.args[0] in HELP_BY_NAME:
        return plain_message(messages.command_usage(HELP_BY_NAME[command.args[0]]))
    return plain_message(messages.help_text())


def _do_status(
    client: WebClient, bot: Bot, command: Parsed, user: str, channel: str | None
) -> Message:
    store = bot.store
    return status_reply(
        store.last_run(), store.gaps(status=GapStatus.OPEN), bot.zone(), held=store.held_runs()
    )


def _do_gaps(
    client: WebClient, bot: Bot, command: Parsed, user: str, channel: str | None
) -> Message:
    client_name = command.args[0] if command.args else None
    gaps = bot.store.gaps(status=GapStatus.OPEN, client=client_name)
    shown = gaps[0].client if (client_name and gaps) else client_name
    return gaps_reply(gaps, client=shown, now=bot.clock(), zone=bot.zone())


def _do_owner(
    client: WebClient, bot: Bot, command: Parsed, user: str, channel: str | None
) -> Message:
    person, client_name = command.args
    info = client.users_info(user=person)["user"]
    if info.get("is_bot") or info.get("deleted"):
        return plain_message(messages.bad_owner(person, "that is a bot or a deactivated account"))
    owner = bot.store.set_owner(client_name, slack_user=person, by=user)
    if owner.pending:
        return plain_message(messages.owner_set_before_run(person, owner.client))
    return plain_message(messages.owner_set(person, owner.client))


def _do_threshold(
    client: WebClient, bot: Bot, command: Parsed, user: str, channel: str | None
) -> Message:
    amount = command.args[0]
    client_name = command.args[1] if len(command.args) > 1 else None
    value = bot.store.set_setting("threshold", amount, by=user, client=client_name)
    if not isinstance(value, Decimal):  # the store always gives the threshold as money
        raise TypeError(f"threshold came back as {type(value).__name__}, not Decimal")
    where = f" for {escape(client_name)}" if client_name else " for every client"
    return plain_message(f"Alert threshold{where} is now {format_money(value)}/mo.")


def _do_alias(
    client: WebClient, bot: Bot, command: Parsed, user: str, channel: str | None
) -> Message:
    vendor, psa = command.args
    bot.store.add_client_alias(vendor, psa, by=user)
    return plain_message(
        f"Saved: the vendor's *{escape(vendor)}* is *{escape(psa)}* in the PSA. The next run "
        "pairs them."
    )


def _do_digest(
    client: WebClient, bot: Bot, command: Parsed, user: str, channel: str | None
) -> Message:
    try:
        where, _ = post_digest(client, bot.store, bot.settings, now=bot.clock())
    except NotifyProblem as problem:
        return plain_message(str(problem))
    return plain_message(messages.digest_posted(where))


def _do_run(
    client: WebClient, bot: Bot, command: Parsed, user: str, channel: str | None
) -> Message:
    if bot.run_sources is None:
        return plain_message(messages.sources_not_configured())
    save = roles.allowed(bot, user, roles.slash("run"))
    if not save:
        # A preview, shown to this person only (the reply), never in the channel.
        try:
            outcome = bot.run_sources(
                lambda _step: None,
                save=False,
                by=user,
                preview=PreviewNote("/reconcile run", messages.NOT_BILLING),
            )
        except RunInProgress:
            return plain_message(messages.run_in_progress())
        summary = run_summary(outcome)
        notice = preview_notice(roles.who_may(roles.UPLOAD_SAVE))
        return Message(notice.text, [*notice.blocks, *summary.blocks])
    target = channel or ""
    progress = Progress(client, target, None)
    progress.step("Pulling from the configured sources")
    try:
        outcome = bot.run_sources(progress.step, save=True, by=user)
    except RunInProgress:
        progress.show(plain_message(messages.run_in_progress()))
        return plain_message(messages.run_in_progress())
    except ReconError as err:
        progress.show(plain_message(messages.run_failed(str(err))))
        raise
    progress.show(run_summary(outcome))
    if outcome.held is not None:
        post_held(client, bot, outcome.held, channel=target, thread_ts=None)
        return plain_message(messages.run_held(outcome.held.run_id))
    report = notify_after_run(
        client,
        bot.store,
        bot.chat,
        bot.settings,
        outcome=outcome,
        now=bot.clock(),
        webhook=bot.webhook,
    )
    return plain_message(messages.dm_report(report.sent, report.failures))


def _do_settings(
    client: WebClient, bot: Bot, command: Parsed, user: str, channel: str | None
) -> Message:
    return settings_reply(bot.store.settings(), admins=sorted(bot.settings.admins))


def _do_bundle(client: WebClient, bot: Bot, command: Parsed, trigger_id: str | None) -> Message:
    name = command.args[0] if command.args else ""
    view = bundle_modal(name, bot.store.product_choices())
    client.views_open(trigger_id=trigger_id or "", view=view)
    return plain_message(messages.bundle_form_opened())


_DO = {
    "help": _do_help,
    "status": _do_status,
    "gaps": _do_gaps,
    "owner": _do_owner,
    "threshold": _do_threshold,
    "alias": _do_alias,
    "digest": _do_digest,
    "run": _do_run,
    "settings": _do_settings,
}
