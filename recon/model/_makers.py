"""Maker questions: is this maker's product bought from the vendor file's source?

A marketplace (Pax8) sells an MSP many makers' products. A product the PSA bills whose maker
the file sells nothing of is either bought elsewhere (another distributor, direct) or no
longer bought at all (a ghost billing, a purchase never made). The run cannot tell which, so
it asks once per maker and shows those lines' gaps pending the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

#: How :attr:`recon.model.Gap.rests_on` begins for a gap pending a maker question.
MAKER_WORDS = "the maker question "


def pending_maker(maker: str, source: str) -> str:
    """What a gap pending a maker question rests on, in words (:attr:`Gap.rests_on`).

    Args:
        maker: the maker asked about, as the catalogue names it ("Egnyte").
        source: where the vendor file comes from ("Pax8").
    """
    return f"{MAKER_WORDS}{maker!r} bought from {source!r}"


@dataclass(frozen=True, slots=True)
class MakerLine:
    """One PSA line a maker question holds.

    Attributes:
        client: the PSA client, as written.
        product: the product billed, as written.
        seats: the seats billed.
        monthly: the monthly money the gap moves (negative: billed, not bought).
    """

    client: str
    product: str
    seats: Decimal
    monthly: Decimal


@dataclass(frozen=True, slots=True)
class MakerQuestion:
    """Is this maker bought from the vendor file's source? One per maker per run.

    Asked where the PSA bills products of a maker the file sells nothing of, and the file
    comes from a source that sells many makers. Answered with ``recon maker`` or the Slack
    buttons: yes, its lines are compared from the next run (settled gaps); no, bought
    elsewhere, its lines stay out of the comparison and it is never asked again.

    Attributes:
        maker: the maker, as the catalogue names it.
        source: the vendor file's source ("Pax8").
        lines: the PSA lines at stake, most money first.
        money_at_stake: the monthly money of the gaps pending the answer.
        reason: why the engine asks rather than decides.
    """

    maker: str
    source: str
    lines: tuple[MakerLine, ...]
    money_at_stake: Decimal
    reason: str

    @property
    def text(self) -> str:
        """The question in words."""
        return f"Is {self.maker} bought from {self.source}?"

    @property
    def clients(self) -> int:
        """How many clients are billed for the maker's products."""
        return len({line.client for line in self.lines})

    @property
    def seats(self) -> Decimal:
        """The seats billed on the lines, together."""
        return sum((line.seats for line in self.lines), Decimal(0))
