"""The billing channel's one message per run: everything nobody owns, in one place.

A channel that gets a message per client is muted on day two, so a run speaks to the billing
channel at most three times, however many clients it touched: this summary (money at stake,
the top items, a button that opens the full list), one reply in its thread with what people
can act on there (an owner picker per client, the review questions, the mapping questions
with their Yes/No buttons), and the CSV of every gap concerned in the same thread. Pure
functions of data; no Slack calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot import ids, messages
from bot.blocks.families import FamilyItem, family_blocks, family_line
from bot.blocks.gaps import _when, review_blocks
from bot.blocks.kit import (
    MAX_MESSAGE_BLOCKS,
    MAX_VIEW_BLOCKS,
    Block,
    Message,
    actions,
    button,
    context,
    divider,
    header,
    message,
    plain,
    section,
)
from bot.blocks.makers import MakerItem, maker_blocks, maker_line
from bot.blocks.merges import MergeItem, merge_blocks, merge_line
from bot.blocks.questions import MappingItem, mapping_line, question_blocks
from bot.conversation import ReviewPrompt
from bot.text import escape
from recon import Owner, format_money

__all__ = [
    "AnomalyItem",
    "ChannelRun",
    "FamilyItem",
    "MappingItem",
    "MergeItem",
    "UnownedClient",
    "run_channel_detail",
    "run_channel_summary",
    "run_full_list",
]

#: Items named in the summary itself; the button opens the rest.
TOP_ITEMS = 5
#: Lines per section of a list (keeps each section under 3,000 characters).
LINES_PER_SECTION = 20
#: Merges drawn with their button in the thread reply; the rest are counted (the full list
#: and ``recon reconcile`` name them all, with the line that undoes each).
MERGES_SHOWN = 5


@dataclass(frozen=True)
class UnownedClient:
    """A client nobody owns whose gaps the run found worth an alert.

    Attributes:
        client_key: its key (the owner picker's target).
        client: its name as the run wrote it.
        gaps: open gaps of the client.
        money: their monthly money (absolute).
        top: the most expensive gap, in words (product and seats).
        owner: the owner assigned since the message was posted, if any.
        deadline: the nearest seat-reduction window closing within ``reminder_days``, in
            words ("reduce Microsoft 365 E3 by 2 before 7 Dec, 5 days left"); "" if none.
    """

    client_key: str
    client: str
    gaps: int
    money: Decimal
    top: str = ""
    owner: Owner | None = None
    deadline: str = ""


@dataclass(frozen=True)
class AnomalyItem:
    """An anomaly of a client nobody owns that puts its threshold at stake."""

    client: str
    text: str
    money: Decimal


@dataclass(frozen=True)
class ChannelRun:
    """What one run leaves for the billing channel: everything without an owner.

    Attributes:
        run_id: the run (None: not saved).
        clients: unowned clients with alert-worthy gaps, most money first.
        reviews: client pairs to confirm or reject that no owner could be asked about.
        mappings: PSA products to map: the run's mapping questions and the products no
            vendor line accounts for (:class:`~bot.blocks.questions.MappingItem`).
        anomalies: anomalies of unowned clients.
        merges: vendor products the run read as one (each with its undo button).
        families: family questions: is a company billed for another client's licences?
        makers: maker questions: is a maker the vendor file sells nothing of bought there?
    """

    run_id: int | None
    clients: Sequence[UnownedClient] = field(default_factory=tuple)
    reviews: Sequence[ReviewPrompt] = field(default_factory=tuple)
    mappings: Sequence[MappingItem] = field(default_factory=tuple)
    anomalies: Sequence[AnomalyItem] = field(default_factory=tuple)
    merges: Sequence[MergeItem] = field(default_factory=tuple)
    families: Sequence[FamilyItem] = field(default_factory=tuple)
    makers: Sequence[MakerItem] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        """True when nothing needs the channel."""
        return not (
            self.clients
            or self.reviews
            or self.mappings
            or self.anomalies
            or self.merges
            or self.families
            or self.makers
        )

    @property
    def money(self) -> Decimal:
        """Money at stake per month: unowned gaps, pairs in review, open mapping questions
        (the vendor cost they hold), anomalies."""
        return (
            sum((c.money for c in self.clients), Decimal(0))
            + sum((r.money_at_stake for r in self.reviews), Decimal(0))
            + sum((m.at_stake for m in self.mappings), Decimal(0))
            + sum((f.at_stake for f in self.families), Decimal(0))
            + sum((m.at_stake for m in self.makers), Decimal(0))
            + sum((abs(a.money) for a in self.anomalies), Decimal(0))
        )

    @property
    def questions(self) -> list[MappingItem]:
        """The mapping questions among the products to map (they get Yes/No buttons)."""
        return [m for m in self.mappings if m.question]


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def _client_line(c: UnownedClient) -> str:
    top = f" · {escape(c.top)}" if c.top else ""
    # Nobody owns the client, so nobody else hears that the window is closing.
    deadline = f" · :hourglass_flowing_sand: *{escape(c.deadline)}*" if c.deadline else ""
    return (
        f"*{escape(c.client)}*: {_count(c.gaps, 'gap')}, *{format_money(c.money)}/mo*"
        f"{top}{deadline}"
    )


def _review_line(r: ReviewPrompt) -> str:
    best = f" = *{escape(r.candidates[0])}*?" if r.candidates else "?"
    return f"Is the vendor's *{escape(r.vendor_client)}*{best} {format_money(r.money_at_stake)}/mo"


def _anomaly_line(a: AnomalyItem) -> str:
    return f"*{escape(a.client)}*: {escape(a.text)} ({format_money(a.money)}/mo)"


def _top_lines(run: ChannelRun) -> list[str]:
    """The most money first, whatever the kind of item."""
    items: list[tuple[Decimal, str]] = [(c.money, _client_line(c)) for c in run.clients]
    items += [(r.money_at_stake, ":mag: " + _review_line(r)) for r in run.reviews]
    items += [
        (abs(a.money), ":chart_with_downwards_trend: " + _anomaly_line(a)) for a in run.anomalies
    ]
    items += [(m.money, ":label: " + mapping_line(m)) for m in run.mappings]
    items += [(f.money, ":busts_in_silhouette: " + family_line(f)) for f in run.families]
    items += [(m.money, ":factory: " + maker_line(m)) for m in run.makers]
    items.sort(key=lambda pair: -pair[0])
    return [f"• {text}" for _, text in items[:TOP_ITEMS]]


def _headline(run: ChannelRun) -> str:
    parts = []
    if run.clients:
        parts.append(_count(len(run.clients), "client") + " nobody owns")
    if run.reviews:
        parts.append(_count(len(run.reviews), "client pair") + " to confirm")
    if run.anomalies:
        parts.append(_count(len(run.anomalies), "anomaly", "anomalies"))
    if run.mappings:
        parts.append(_count(len(run.mappings), "product") + " to map")
    if run.families:
        parts.append(_count(len(run.families), "company", "companies") + " perhaps one client")
    if run.makers:
        parts.append(_count(len(run.makers), "maker") + " perhaps bought elsewhere")
    if run.merges:
        parts.append(_count(len(run.merges), "vendor product") + " read as another")
    return ", ".join(parts)


def run_channel_summary(run: ChannelRun) -> Message:
    """The one top-level message of a run in the billing channel."""
    label = f"Run {run.run_id}" if run.run_id is not None else "This run"
    title = f"{label}: {format_money(run.money)}/mo with no owner"
    blocks: list[Block] = [
        header(title),
        section(f"{_headline(run)}.\n*Most money first:*\n" + "\n".join(_top_lines(run))),
        actions(
            [
                button(
                    "Open the full list", ids.RUN_LIST_OPEN, str(run.run_id or ""), style="primary"
                )
            ],
            block_id="run_list",
        ),
        context(
            "Assign owners and answer the questions in the thread: from the next run their "
            "clients' alerts go to them by DM, not here."
        ),
    ]
    return message(f"{title}: {_headline(run)}", blocks)


def run_channel_detail(run: ChannelRun, *, zone: ZoneInfo) -> Message:
    """The thread reply: an owner picker per client, the review questions, then the mapping
    questions with their Yes/No buttons and the other products to map.

    However many clients, it stays one message within Slack's 50 blocks: the clients that
    don't fit are counted (room is kept for a few questions of each kind), and the full list
    and the CSV name them all.
    """
    blocks: list[Block] = []
    budget = MAX_MESSAGE_BLOCKS - 2
    questions = run.questions
    unmapped = [m for m in run.mappings if not m.question]
    # Keep room for a few review and mapping questions (two blocks each) after the clients.
    reserve = 3 + 2 * min(len(run.reviews), 5) if run.reviews else 0
    reserve += 3 + 2 * min(len(questions), 5) if questions else 0
    merges = list(run.merges)
    # A merge is a guess until someone lets it stand: room for a few, and the count of the rest.
    merge_room = 3 + 2 * min(len(merges), MERGES_SHOWN) if merges else 0
    merge_room += 3 + 2 * min(len(run.families), MERGES_SHOWN) if run.families else 0
    merge_room += 3 + 2 * min(len(run.makers), MERGES_SHOWN) if run.makers else 0
    reserve += merge_room + (1 if unmapped else 0)
    for_clients = budget - reserve - 1
    shown = 0
    if run.clients:
        blocks.append(section("*Who owns these clients?* Pick their account manager:"))
    for c in run.clients:
        if len(blocks) + 1 > for_clients:
            break
        if c.owner is None:
            blocks.append(
                section(
                    _client_line(c),
                    accessory={
                        "type": "users_select",
                        "action_id": ids.ASSIGN_OWNER,
                        "placeholder": plain("Assign owner"),
                    },
                    block_id=f"owner:{c.client_key}"[:255],
                )
            )
        else:
            blocks.append(
                section(
                    f"{_client_line(c)}\n:bust_in_silhouette: Owner: {_who(c.owner)} "
                    f"(assigned by {messages.who(c.owner.updated_by)} "
                    f"at {_when(c.owner.updated_at, zone)})",
                    block_id=f"owner:{c.client_key}"[:255],
                )
            )
        shown += 1
    if shown < len(run.clients):
        blocks.append(
            context(
                f"…and {len(run.clients) - shown:,} more clients: *Open the full list* above, "
                "or the CSV below; `recon owners import` assigns many at once."
            )
        )
    # Each list below keeps room for its "…and more" line, and for what comes after it.
    tail = (1 if unmapped else 0) + merge_room
    if run.reviews:
        limit = budget - tail - (5 if questions else 0)
        blocks.append(divider())
        blocks.append(section("*Is this the same client?* The run would not pair these alone:"))
        for number, review in enumerate(run.reviews):
            if len(blocks) + 2 + (number + 1 < len(run.reviews)) > limit:
                blocks.append(context("…and more pairs: the full list names them all."))
                break
            blocks.extend(review_blocks(review, zone=zone))
    if questions and len(blocks) + 5 <= budget - tail:
        blocks.append(divider())
        blocks.append(
            section(
                "*Is this the same product?* Its seats raise no gap until answered; *No* "
                "shows them as gaps from the next run:"
            )
        )
        for number, item in enumerate(questions):
            if len(blocks) + 2 + (number + 1 < len(questions)) > budget - tail:
                blocks.append(
                    context(
                        f"…and {len(questions) - number:,} more products: the full list names "
                        "them all; `recon reconcile` prints the line that answers each."
                    )
                )
                break
            blocks.extend(question_blocks(item, number, zone=zone))
    if run.families:
        _family_section(blocks, list(run.families), budget - (1 if unmapped else 0), zone=zone)
    if run.makers:
        _maker_section(blocks, list(run.makers), budget - (1 if unmapped else 0), zone=zone)
    if merges:
        _merge_section(blocks, merges, budget - (1 if unmapped else 0), zone=zone)
    if unmapped and len(blocks) + 1 <= budget:
        names = ", ".join(f"*{escape(m.product)}*" for m in unmapped[:10])
        more = f" and {len(unmapped) - 10:,} more" if len(unmapped) > 10 else ""
        blocks.append(
            context(
                f":label: Not compared until mapped: {names}{more}. Map one with "
                "`recon alias product NAME CATALOGUE-ID`, or `recon ignore product NAME`."
            )
        )
    if not blocks:
        blocks.append(section("Nothing here needs an owner."))
    return message(f"{_headline(run)}: assign owners and answer here", blocks)


def _merge_section(
    blocks: list[Block], merges: list[MergeItem], limit: int, *, zone: ZoneInfo
) -> None:
    """The merges, at most :data:`MERGES_SHOWN` and never past ``limit`` blocks."""
    _listed(
        blocks,
        [merge_blocks(item, number, zone=zone) for number, item in enumerate(merges)],
        limit,
        heading="*Vendor products read as one:* the seats say these two names are one product. "
        "*Not the same product* compares them apart from the next run:",
        more="the full list names them all; `recon reconcile` prints the line that undoes each.",
    )


def _family_section(
    blocks: list[Block], families: list[FamilyItem], limit: int, *, zone: ZoneInfo
) -> None:
    """The family questions, at most :data:`MERGES_SHOWN` and never past ``limit`` blocks."""
    _listed(
        blocks,
        [family_blocks(item, number, zone=zone) for number, item in enumerate(families)],
        limit,
        heading="*One organisation?* A company with no client of its own bills the seats another "
        "client's company leaves short; their gaps wait for the answer:",
        more="the full list names them all; `recon family list` too.",
    )


def _maker_section(
    blocks: list[Block], makers: list[MakerItem], limit: int, *, zone: ZoneInfo
) -> None:
    """The maker questions, at most :data:`MERGES_SHOWN` and never past ``limit`` blocks."""
    _listed(
        blocks,
        [maker_blocks(item, number, zone=zone) for number, item in enumerate(makers)],
        limit,
        heading="*Bought here?* The PSA bills a maker this vendor file sells nothing of; its "
        "lines show as gaps pending the answer:",
        more="the full list names them all; `recon maker list` too.",
    )


def _listed(
    blocks: list[Block], items: list[list[Block]], limit: int, *, heading: str, more: str
) -> None:
    """A divider, ``heading``, then each item's blocks, at most :data:`MERGES_SHOWN` and never
    past ``limit`` blocks, then how many more there are."""
    if len(blocks) + 5 > limit:
        return
    blocks.append(divider())
    blocks.append(section(heading))
    for number, item in enumerate(items):
        if number == MERGES_SHOWN or len(blocks) + 2 + (number + 1 < len(items)) > limit:
            blocks.append(context(f"…and {len(items) - number:,} more: {more}"))
            return
        blocks.extend(item)


def _who(owner: Owner) -> str:
    return f"<@{owner.slack_user}>" if owner.slack_user else escape(owner.email or "?")


def run_full_list(run: ChannelRun) -> dict[str, object]:
    """The modal the summary's button opens: every item, most money first per kind."""
    blocks: list[Block] = [section(f"*{_headline(run)}* · {format_money(run.money)}/mo at stake")]
    groups = [
        ("Clients nobody owns", [_client_line(c) for c in run.clients]),
        ("Client pairs to confirm", [_review_line(r) for r in run.reviews]),
        ("Anomalies", [_anomaly_line(a) for a in run.anomalies]),
        ("Products to map", [mapping_line(m) for m in run.mappings]),
        ("Vendor products read as one", [merge_line(m.merge) for m in run.merges]),
        ("One organisation?", [family_line(f) for f in run.families]),
        ("Bought here?", [maker_line(m) for m in run.makers]),
    ]
    budget = MAX_VIEW_BLOCKS - 2
    for title, lines in groups:
        if not lines:
            continue
        if len(blocks) + 3 > budget:
            break
        blocks.append(divider())
        blocks.append(header(f"{title} ({len(lines):,})"))
        for start in range(0, len(lines), LINES_PER_SECTION):
            if len(blocks) + 1 > budget:
                blocks.append(context(f"…and {len(lines) - start:,} more: see the CSV."))
                break
            blocks.append(
                section("\n".join(f"• {line}" for line in lines[start : start + LINES_PER_SECTION]))
            )
    return {
        "type": "modal",
        "callback_id": ids.RUN_LIST_MODAL,
        "title": plain("Nobody owns these"[:24]),
        "close": plain("Close"),
        "blocks": blocks[:MAX_VIEW_BLOCKS],
    }
