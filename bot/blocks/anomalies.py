"""Anomalies in the seat history as Block Kit: one message per person, an **Expected**
button on each anomaly, or who marked it expected once someone did. Pure functions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot import ids, messages
from bot.blocks.kit import (
    Block,
    Message,
    actions,
    button,
    clip,
    context,
    header,
    message,
    section,
)
from bot.text import escape
from recon import Anomaly, ExpectedMark, format_local, format_money, numbers_line

#: Anomalies shown in one message (each is two blocks); the rest are counted.
ANOMALIES_PER_MESSAGE = 10
#: The longest explanation shown (the digest and ``recon anomalies`` have the rest).
EXPLANATION_TEXT = 1500
#: The longest "since / expected" line and period-values line shown.
WHY_TEXT = 600
SEVERITY_ICONS = {
    "high": ":red_circle:",
    "medium": ":large_orange_circle:",
    "low": ":white_circle:",
}


@dataclass(frozen=True)
class AnomalyView:
    """One anomaly as a message shows it, with the expected mark in force, if any."""

    anomaly: Anomaly
    mark: ExpectedMark | None = None


def anomaly_subject(anomaly: Anomaly) -> str:
    """``client / product``, as people read an anomaly's subject."""
    return f"{anomaly.client} / {anomaly.product}"


def anomaly_blocks(view: AnomalyView, n: int, *, zone: ZoneInfo) -> list[Block]:
    """One anomaly: what happened and what it may cost, then the button or the mark."""
    a = view.anomaly
    icon = SEVERITY_ICONS.get(a.severity.value, ":white_circle:")
    money = (
        f" · *{format_money(a.money_at_stake)}/mo* at stake" if a.money_at_stake is not None else ""
    )
    text = (
        f"{icon} *{escape(anomaly_subject(a))}* · {a.severity.value}{money}\n"
        f"{escape(clip(a.explanation, EXPLANATION_TEXT))}"
    )
    why = [f"Since {a.since:%Y-%m-%d}"] if a.since is not None else []
    why += [f"expected: {a.usual}"] if a.usual else []
    numbers = numbers_line(a)
    if why:
        text += "\n_" + escape(clip(" · ".join(why), WHY_TEXT)) + "_"
    if numbers:
        text += "\n" + escape(clip(numbers, WHY_TEXT))
    blocks = [section(text)]
    if view.mark is None:
        value = a.key
        blocks.append(
            actions([button("Expected", ids.ANOMALY_EXPECTED, value)], block_id=f"anomaly:{n}")
        )
    else:
        when = format_local(view.mark.at, zone)
        blocks.append(
            context(
                f":white_check_mark: Marked expected by {messages.who(view.mark.by)} at {when}: "
                "quiet until its seats move"
            )
        )
    return blocks


def anomaly_message(views: Sequence[AnomalyView], *, more: int = 0, zone: ZoneInfo) -> Message:
    """Anomalies over their client's threshold, for an owner (or the billing channel).

    Args:
        views: the anomalies, most urgent first (the first :data:`ANOMALIES_PER_MESSAGE`
            are drawn; the rest are counted with ``more``).
        more: anomalies not drawn at all.
        zone: the time zone of the marks' times.
    """
    shown = list(views[:ANOMALIES_PER_MESSAGE])
    hidden = len(views) - len(shown) + more
    total = len(views) + more
    title = f"{total} unusual seat change{'s' if total != 1 else ''} to look at"
    blocks: list[Block] = [
        header(title),
        section(
            "The seat history moved in a way the usual churn doesn't explain. If it is "
            "expected (a known project, seasonal staff), say so: it stays quiet until its "
            "seats move again."
        ),
    ]
    for n, view in enumerate(shown):
        blocks.extend(anomaly_blocks(view, n, zone=zone))
    if hidden > 0:
        blocks.append(
            context(
                f"…and {hidden:,} more over the threshold: the weekly digest lists them, "
                "`recon anomalies` explains each."
            )
        )
    first = shown[0].anomaly if shown else None
    text = f"{title}" + (f": {escape(anomaly_subject(first))}" if first is not None else "")
    return message(text, blocks)
