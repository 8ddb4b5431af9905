"""Two uploads in, one answer out: the file half of the bot.

For each uploaded file (handled once, by file id, however many events announce it): check
its size, download it with the bot token, tell which export it is (:func:`recon.detect_export`)
and hold it in the store. Once a conversation holds a vendor file and a PSA file, run the
reconciliation, keeping one progress message up to date, answer in the thread with the
totals, the top gaps and the CSV, then alert the owners (:func:`bot.notify.notify_after_run`).
A file whose side can't be told takes the other side of a recognised partner; only a pair
where neither file is recognised gets a question (two buttons), once. Errors are shown where
the file was uploaded, and nothing is half-recorded: the run is saved in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import messages, roles, slack_io
from bot.blocks import (
    Message,
    held_run_message,
    plain_message,
    preview_notice,
    progress_message,
    run_summary,
    which_side,
)
from bot.context import Bot
from bot.conversation import ClaimKind, HeldUpload
from bot.notify import notify_after_run
from recon import (
    Conflict,
    HeldRun,
    InputError,
    NotFound,
    PreviewNote,
    ReconcileOutcome,
    ReconcileRequest,
    ReconError,
    Side,
    detect_export,
    render_csv,
    run_reconciliation,
)

log = logging.getLogger(__name__)


def conversation_key(channel: str, user: str) -> str:
    """Uploads pair per person per conversation."""
    return f"{channel}:{user}"


def split_conversation(key: str) -> tuple[str, str]:
    """``(channel, user)`` of a conversation key."""
    channel, _, user = key.partition(":")
    return channel, user


class Progress:
    """One message that shows how a run is going, edited in place (never one per step)."""

    def __init__(self, client: WebClient, channel: str, thread_ts: str | None) -> None:
        self.client = client
        self.channel = channel
        self.thread_ts = thread_ts
        self.ts: str | None = None
        self.last: str | None = None

    def step(self, text: str) -> None:
        """Show a step ("Reading files", "Matching 1,240 clients"); repeats are skipped."""
        if text == self.last:
            return
        self.last = text
        self.show(progress_message(text))

    def show(self, msg: Message) -> None:
        """Replace the progress message with ``msg`` (post it the first time)."""
        try:
            if self.ts is None:
                self.ts = slack_io.post(self.client, self.channel, msg, thread_ts=self.thread_ts)
            else:
                slack_io.update(self.client, self.channel, self.ts, msg)
        except SlackApiError as err:  # progress is a courtesy; the run goes on
            log.warning("progress message failed: %s", slack_io.error_code(err))


def handle_files(
    client: WebClient,
    bot: Bot,
    *,
    files: Sequence[dict[str, Any]],
    channel: str,
    user: str,
    thread_ts: str | None,
) -> None:
    """Take the files of one upload: hold each, then run if the pair is complete.

    Args:
        client: a Web API client with the bot token.
        bot: the bot's dependencies.
        files: Slack file objects (complete ones: with ``size`` and a download URL).
        channel: the conversation they were shared in.
        user: who shared them.
        thread_ts: the thread to answer in.
    """
    conversation = conversation_key(channel, user)
    held: list[HeldUpload] = []
    for file in files:
        file_id = str(file.get("id") or "")
        if not file_id or not bot.chat.claim(ClaimKind.FILE, file_id):
            continue  # announced twice (message.im and file_shared, or a retry)
        upload = _take_file(client, bot, file, conversation, channel, user, thread_ts)
        if upload is not None:
            held.append(upload)
    if held:
        try_pair(client, bot, conversation, thread_ts=thread_ts, just_held=held)


def try_pair(
    client: WebClient,
    bot: Bot,
    conversation: str,
    *,
    thread_ts: str | None,
    just_held: Sequence[HeldUpload],
) -> None:
    """Run if the conversation holds both files; else say what is still needed.

    A file whose side can't be told takes the other side of its recognised partner (by
    elimination); only when neither file of a pair is recognised is someone asked, once.
    """
    channel, user = split_conversation(conversation)
    _infer_side(client, bot, conversation, channel=channel, thread_ts=thread_ts)
    pair = bot.chat.take_upload_pair(conversation)
    if pair is None:
        waiting = bot.chat.held_uploads(conversation)
        unknown = [u for u in waiting if u.side is None]
        asked = False
        for upload in just_held:
            still = bot.chat.held_upload(upload.file_id)
            if still is None:
                continue
            if still.side is not None:
                msg = messages.got_one(still.name, still.side, still.label)
                _say(client, channel, thread_ts, msg)
            elif len(unknown) < 2:
                _say(client, channel, thread_ts, messages.got_unknown(still.name, still.label))
            elif not asked:  # two files, neither recognised: one question settles both
                _post(
                    client, channel, thread_ts, which_side(still.file_id, still.name, still.label)
                )
                asked = True
        return
    run_pair(client, bot, pair, channel=channel, user=user, thread_ts=thread_ts)


def _infer_side(
    client: WebClient, bot: Bot, conversation: str, *, channel: str, thread_ts: str | None
) -> None:
    """One file of the pair recognised (or said), the other not: the other is the other side."""
    waiting = bot.chat.held_uploads(conversation)
    unknown = [u for u in waiting if u.side is None]
    sides = {u.side for u in waiting if u.side is not None}
    if len(unknown) != 1 or len(sides) != 1:
        return
    known = next(u for u in reversed(waiting) if u.side is not None)
    side = Side.PSA if known.side is Side.VENDOR else Side.VENDOR
    try:
        taken = bot.chat.set_upload_side(unknown[0].file_id, side)
    except (Conflict, NotFound):
        return  # someone answered at the same moment; their answer stands
    msg = messages.side_inferred(taken.name, side, known.name, known.label)
    _say(client, channel, thread_ts, msg)


def run_pair(
    client: WebClient,
    bot: Bot,
    pair: tuple[HeldUpload, HeldUpload],
    *,
    channel: str,
    user: str,
    thread_ts: str | None,
) -> ReconcileOutcome | None:
    """Reconcile a vendor file with a PSA file and answer in the thread.

    Only the billing role saves the run (:data:`bot.roles.UPLOAD_SAVE`); anyone else gets a
    preview that changes nothing, shown to them only, and the attempt is audited.
    """
    vendor, psa = pair
    if not roles.allowed(bot, user, roles.UPLOAD_SAVE):
        return _preview(client, bot, pair, channel=channel, user=user, thread_ts=thread_ts)
    progress = Progress(client, channel, thread_ts)
    progress.step("Reading files")
    request = ReconcileRequest(
        vendor=vendor.content,
        psa=psa.content,
        vendor_name=vendor.name,
        psa_name=psa.name,
        source="slack",
        by=user,
    )
    try:
        outcome = run_reconciliation(
            request, store=bot.store, clock=bot.clock, progress=progress.step
        )
    except ReconError as err:
        progress.show(plain_message(messages.run_failed(str(err))))
        _keep_good_file(client, bot, err, pair, channel, thread_ts)
        return None
    progress.show(run_summary(outcome))
    if outcome.held is not None:
        post_held(client, bot, outcome.held, channel=channel, thread_ts=thread_ts)
    count = len(outcome.result.gaps)
    run_id = outcome.run.run_id if outcome.run else "unsaved"
    try:
        slack_io.upload_csv(
            client,
            channel=channel,
            thread_ts=thread_ts,
            filename=f"recon-run-{run_id}.csv",
            content=render_csv(outcome.result.gaps),
            comment=messages.csv_comment(count),
        )
    except SlackApiError as err:
        _say(
            client,
            channel,
            thread_ts,
            messages.post_failed("this thread", slack_io.error_code(err)),
        )
    if outcome.held is not None:
        return outcome  # nothing changed: nobody is alerted until an admin confirms it
    report = notify_after_run(
        client,
        bot.store,
        bot.chat,
        bot.settings,
        outcome=outcome,
        now=bot.clock(),
        webhook=bot.webhook,
    )
    if report.sent or report.failures:
        _say(client, channel, thread_ts, messages.dm_report(report.sent, report.failures))
    return outcome


def post_held(
    client: WebClient, bot: Bot, held: HeldRun, *, channel: str, thread_ts: str | None
) -> None:
    """Say a run was held, with Confirm and Discard buttons (admins only), where it was
    started and, so an admin sees it, in the billing channel."""
    msg = held_run_message(held, zone=bot.zone())
    _post(client, channel, thread_ts, msg)
    billing = bot.billing_channel()
    if billing and billing != channel:
        _post(client, billing, None, msg)


def _preview(
    client: WebClient,
    bot: Bot,
    pair: tuple[HeldUpload, HeldUpload],
    *,
    channel: str,
    user: str,
    thread_ts: str | None,
) -> ReconcileOutcome | None:
    """The run as a preview for someone who may not save runs: nothing is recorded."""
    vendor, psa = pair
    request = ReconcileRequest(
        vendor=vendor.content,
        psa=psa.content,
        vendor_name=vendor.name,
        psa_name=psa.name,
        source="slack",
        by=user,
        save=False,
        preview=PreviewNote(f"upload of {vendor.name} and {psa.name}", messages.NOT_BILLING),
    )
    notice = preview_notice(roles.who_may(roles.UPLOAD_SAVE))
    try:
        outcome = run_reconciliation(request, store=bot.store, clock=bot.clock)
    except ReconError as err:
        _private(client, channel, user, thread_ts, plain_message(messages.run_failed(str(err))))
        return None
    summary = run_summary(outcome)
    _private(
        client, channel, user, thread_ts, Message(notice.text, [*notice.blocks, *summary.blocks])
    )
    return outcome


def _private(
    client: WebClient, channel: str, user: str, thread_ts: str | None, msg: Message
) -> None:
    """Show a message to one person: in their DM with the bot, or ephemeral in a channel."""
    if channel.startswith("D"):
        _post(client, channel, thread_ts, msg)
        return
    try:
        client.chat_postEphemeral(
            channel=channel, user=user, text=msg.text, blocks=msg.blocks, thread_ts=thread_ts
        )
    except SlackApiError as err:
        log.warning("ephemeral preview in %s failed: %s", channel, slack_io.error_code(err))


def _take_file(
    client: WebClient,
    bot: Bot,
    file: dict[str, Any],
    conversation: str,
    channel: str,
    user: str,
    thread_ts: str | None,
) -> HeldUpload | None:
    name = str(file.get("name") or file.get("id"))
    try:
        content = slack_io.download(
            file,
            token=client.token or "",
            max_bytes=bot.settings.max_upload_bytes,
            hosts=slack_io.file_hosts(bot.settings.api_url),
        )
        detection = detect_export(content, name=name, max_bytes=bot.settings.max_upload_bytes)
    except slack_io.DownloadProblem as problem:
        _say(client, channel, thread_ts, str(problem))
        return None
    except ReconError as err:
        _say(client, channel, thread_ts, messages.cant_read(str(err)))
        return None
    # A file whose side can't be told waits: its partner may settle it (see try_pair).
    return bot.chat.hold_upload(
        str(file["id"]),
        conversation=conversation,
        name=name,
        side=detection.side,
        label=detection.format_label,
        content=content,
        thread=thread_ts,
        by=user,
    )


def _keep_good_file(
    client: WebClient,
    bot: Bot,
    err: ReconError,
    pair: tuple[HeldUpload, HeldUpload],
    channel: str,
    thread_ts: str | None,
) -> None:
    """After a bad file, hold on to the other one, so only the bad one is uploaded again."""
    if not isinstance(err, InputError) or err.path is None:
        return
    names = {u.name for u in pair}
    if len(names) != 2 or err.path not in names:
        return
    good = next(u for u in pair if u.name != err.path)
    bot.chat.hold_upload(
        good.file_id,
        conversation=good.conversation,
        name=good.name,
        side=good.side,
        label=good.label,
        content=good.content,
        thread=good.thread,
        by=good.by,
    )
    _say(client, channel, thread_ts, messages.still_holding(good.name, good.side or Side.VENDOR))


def _say(client: WebClient, channel: str, thread_ts: str | None, text: str) -> None:
    _post(client, channel, thread_ts, plain_message(text))


def _post(client: WebClient, channel: str, thread_ts: str | None, msg: Message) -> None:
    try:
        slack_io.post(client, channel, msg, thread_ts=thread_ts)
    except SlackApiError as err:
        log.warning("reply in %s failed: %s", channel, slack_io.error_code(err))
