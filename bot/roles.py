"""Who may do what from Slack: one table, every button, form, subcommand and upload in it.

Each Slack action is authorised exactly as its CLI or slash-command twin. The roles:

- ``admin``: a billing admin (``RECON_ADMINS``); may do everything.
- ``billing``: an admin, or one of the ``billing_users`` setting; may save runs.
- ``owner``: the account manager or billing owner of the client concerned, or an admin.
- ``owner_or_billing``: the client's owner, the billing team, or an admin (a fix written
  to the PSA, like ``recon fix``).
- ``uploader``: the person who uploaded the file concerned, or an admin.
- ``member``: anyone in the workspace (reading, and previews that change nothing).

:data:`RULES` maps every ``action_id`` and ``callback_id`` of :mod:`bot.ids`, every
``/reconcile`` subcommand (``slash:NAME``) and the upload of a pair (:data:`UPLOAD_SAVE`)
to its rule; a test walks :mod:`bot.ids` and fails on any id missing here. Listeners ask
:func:`allowed` and never test ``is_admin`` themselves.

Example::

    if not allowed(bot, user, ids.GAP_RESOLVE, owners=(owner.slack_user,)):
        ...  # refuse, change nothing
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from bot import ids

if TYPE_CHECKING:
    from bot.context import Bot


class Role(StrEnum):
    """Who may do something (each role includes the admins)."""

    ADMIN = "admin"
    BILLING = "billing"
    OWNER = "owner"
    OWNER_OR_BILLING = "owner_or_billing"
    UPLOADER = "uploader"
    MEMBER = "member"


@dataclass(frozen=True)
class Rule:
    """The role an action needs, and the twin whose rule it is.

    Attributes:
        role: who may do it.
        twin: the CLI command or slash subcommand that does the same thing.
        note: anything more the listener checks (shown in docs/slack.md).
    """

    role: Role
    twin: str
    note: str = ""


#: Saving a run from an upload of two files (others get a preview that changes nothing).
UPLOAD_SAVE = "upload:save"


def slash(name: str) -> str:
    """The table key of a ``/reconcile`` subcommand."""
    return f"slash:{name}"


_OWNER_OF_PSA = "the owner of the likely PSA client"
_ALIAS_NOTE = "admin when the PSA client named is another owner's client (as /reconcile alias)"

#: Every Slack action and the role it needs.
RULES: dict[str, Rule] = {
    # Buttons on a gap: the gap's owner, like `recon resolve|accept|snooze` for that client.
    ids.GAP_RESOLVE: Rule(Role.OWNER, "recon resolve"),
    ids.GAP_ACCEPT: Rule(Role.OWNER, "recon accept"),
    ids.GAP_SNOOZE: Rule(Role.OWNER, "recon snooze"),
    ids.GAP_ALIAS: Rule(Role.OWNER, "recon alias client", _ALIAS_NOTE),
    # Writing a fix to the PSA: the gap's owner or the billing team, like `recon fix`.
    ids.GAP_FIX: Rule(
        Role.OWNER_OR_BILLING, "recon fix --dry-run", "shown only when write_back is on; reads"
    ),
    # Review prompts: the owner of the likely PSA client.
    ids.REVIEW_CONFIRM: Rule(Role.OWNER, "recon alias client", _OWNER_OF_PSA),
    ids.REVIEW_REJECT: Rule(Role.OWNER, "recon reject client", _OWNER_OF_PSA),
    ids.REVIEW_ALIAS: Rule(Role.OWNER, "recon alias client", f"{_OWNER_OF_PSA}; {_ALIAS_NOTE}"),
    ids.ANOMALY_EXPECTED: Rule(Role.OWNER, "recon expected"),
    # Mapping questions (a run's thread in the billing channel): a product alias or
    # rejection changes every client's comparison, so admins, as `/reconcile alias` and
    # `/reconcile bundle`.
    ids.QUESTION_YES: Rule(Role.ADMIN, "recon alias product"),
    ids.QUESTION_NO: Rule(Role.ADMIN, "recon reject product"),
    ids.QUESTION_BUNDLE: Rule(
        Role.ADMIN, "recon bundle define", "a line billing two products, as /reconcile bundle"
    ),
    # Family questions: an answer moves one company's seats onto another client's (or keeps
    # them apart for good), as `recon family join|apart`: admins, like a client alias made
    # from Slack outside a review.
    ids.FAMILY_YES: Rule(Role.ADMIN, "recon family join", "only a pair the latest run asks"),
    ids.FAMILY_NO: Rule(Role.ADMIN, "recon family apart", "only a pair the latest run asks"),
    # Maker questions: an answer puts a maker's lines into every run's comparison (or keeps
    # them out for good), as `recon maker yes|no`: admins, like a product alias.
    ids.MAKER_YES: Rule(Role.ADMIN, "recon maker yes", "only a maker the latest run asks"),
    ids.MAKER_NO: Rule(Role.ADMIN, "recon maker no", "only a maker the latest run asks"),
    # Undoing a vendor twin merge stores that same product rejection.
    ids.MERGE_REJECT: Rule(Role.ADMIN, "recon reject product", "a merge shown in a run's thread"),
    # The owner pickers (on a client's card, and in the thread of a run's channel message).
    ids.ASSIGN_OWNER: Rule(Role.ADMIN, "/reconcile owner"),
    # A run's billing-channel message: "Open the full list" only reads, like the gap list.
    ids.RUN_LIST_OPEN: Rule(Role.MEMBER, "/reconcile gaps"),
    ids.UPLOAD_IS_VENDOR: Rule(Role.UPLOADER, "the upload itself"),
    ids.UPLOAD_IS_PSA: Rule(Role.UPLOADER, "the upload itself"),
    ids.RUN_CONFIRM: Rule(Role.ADMIN, "recon runs confirm"),
    ids.RUN_DISCARD: Rule(Role.ADMIN, "recon runs discard"),
    # Forms.
    ids.ACCEPT_MODAL: Rule(Role.OWNER, "recon accept"),
    ids.SNOOZE_MODAL: Rule(Role.OWNER, "recon snooze"),
    ids.ALIAS_MODAL: Rule(Role.OWNER, "recon alias client", _ALIAS_NOTE),
    ids.BUNDLE_MODAL: Rule(Role.ADMIN, "/reconcile bundle"),
    ids.FIX_MODAL: Rule(Role.OWNER_OR_BILLING, "recon fix", "checked again on Confirm"),
    ids.RUN_LIST_MODAL: Rule(Role.MEMBER, "/reconcile gaps", "a list to read; nothing to submit"),
    # Saving a run.
    UPLOAD_SAVE: Rule(Role.BILLING, "/reconcile run", "others get a private preview"),
    # /reconcile subcommands.
    slash("help"): Rule(Role.MEMBER, "recon --help"),
    slash("status"): Rule(Role.MEMBER, "recon runs list"),
    slash("gaps"): Rule(Role.MEMBER, "recon gaps"),
    slash("settings"): Rule(Role.MEMBER, "recon settings show"),
    slash("owner"): Rule(Role.ADMIN, "recon owner set"),
    slash("threshold"): Rule(Role.ADMIN, "recon settings set threshold"),
    slash("alias"): Rule(Role.ADMIN, "recon alias client"),
    slash("bundle"): Rule(Role.ADMIN, "recon bundle define"),
    slash("run"): Rule(Role.BILLING, "recon reconcile", "saves a run, like an upload"),
    slash("digest"): Rule(Role.ADMIN, "the scheduled digest"),
}

_WORDS = {
    Role.ADMIN: "billing admins",
    Role.BILLING: "billing admins and the billing team",
    Role.OWNER: "the client's owner or a billing admin",
    Role.OWNER_OR_BILLING: "the client's owner, the billing team or a billing admin",
    Role.UPLOADER: "the person who uploaded it or a billing admin",
    Role.MEMBER: "everyone",
}


def rule(key: str) -> Rule:
    """The rule of an action id, callback id, ``slash:NAME`` or :data:`UPLOAD_SAVE`.

    Raises:
        KeyError: the key is not in the table (a bug: every action must be).
    """
    return RULES[key]


def who_may(key: str) -> str:
    """Who may do it, in words ("billing admins and the billing team")."""
    return _WORDS[rule(key).role]


def allowed(bot: Bot, user: str, key: str, *, owners: tuple[str | None, ...] = ()) -> bool:
    """True when ``user`` may do the action ``key``.

    Args:
        bot: the bot (admins from the settings, the billing team from the store).
        user: the Slack user id.
        key: an action id, callback id, ``slash:NAME`` or :data:`UPLOAD_SAVE`.
        owners: for ``owner`` and ``owner_or_billing`` rules, the client's owners; for
            ``uploader`` rules, the uploader.
    """
    role = rule(key).role
    if role is Role.MEMBER or bot.settings.is_admin(user):
        return True
    if role is Role.BILLING:
        return user in bot.store.settings().billing_users
    if role is Role.OWNER_OR_BILLING and user in bot.store.settings().billing_users:
        return True
    if role in (Role.OWNER, Role.UPLOADER, Role.OWNER_OR_BILLING):
        return bool(user) and user in owners
    return False
