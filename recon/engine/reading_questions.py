"""What the readings of :mod:`recon.engine.readings` change in one comparison: the acted-on
texts compared as the product their seats show, and one question per text.

A text the seats split two ways (:mod:`recon.engine.family_readings`) is still one question:
its rows at the second product's clients are compared as (or held for) the second, and the
question offers both products, the first as its answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.engine.groups import EXT_SCALE
from recon.engine.join import IntArray
from recon.engine.offers import answer_for
from recon.engine.pending import PENDING_CONFIDENCE, REST
from recon.engine.question_keys import TARGET
from recon.engine.readings import Reading
from recon.engine.seat_keys import in_sorted
from recon.engine.seat_support import Rows
from recon.engine.text_writes import write_texts
from recon.match.clients import shown_key
from recon.model import QTY_SCALE, MappingQuestion, ProductCandidate, pending_on
from recon.money import cents


@dataclass(frozen=True, slots=True)
class Overruled:
    """What the readings changed in one comparison.

    Attributes:
        questions: one question per overruled or doubted text, most money first.
        held_psa: positions of PSA rows a question holds out of every gap.
        held_vendor: join keys of vendor rows a question holds out of every gap.
        pending_vendor: join key -> the question, for the vendor rows of the product a
            name rule read an acted-on text as, at the clients holding the text: their gaps
            rest on the question too (answered no, the text is that product again).
    """

    questions: tuple[MappingQuestion, ...] = ()
    held_psa: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    held_vendor: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    pending_vendor: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Part:
    """One vendor product of a reading: its code, rows, clients and agreeing clients."""

    code: int
    rows: IntArray
    held: IntArray
    support: int


def _parts(reading: Reading) -> list[_Part]:
    first = _Part(reading.vendor_code, reading.rows, reading.held, reading.support)
    if reading.second is None:
        return [first]
    other = reading.second
    return [first, _Part(other.vendor_code, other.rows, other.held, other.support)]


def apply_readings(
    readings: list[Reading],
    p_all: pd.DataFrame,
    target: IntArray,
    comparable: npt.NDArray[np.bool_],
    rows: Rows,
    *,
    product_text: list[str],
    client_text: list[str],
    psa_names: Mapping[str, str],
    vendor_names: Mapping[str, str],
    vendor_ext: IntArray,
) -> Overruled:
    """Compare each acted-on text as its vendor product and turn each reading into a question.

    ``p_all`` (its target, score and how columns), ``target`` and ``comparable`` are changed
    in place for the acted-on texts' rows.

    Args:
        readings: what :func:`recon.engine.readings.weigh_readings` found.
        p_all: PSA groups with their comparison target.
        target: product code each PSA row is compared as.
        comparable: which PSA rows the vendor file carries.
        rows: the codes and masks the readings were weighed on.
        product_text: product key per product code.
        client_text: client identity per client code.
        psa_names: PSA product key -> its name.
        vendor_names: vendor product key -> its name.
        vendor_ext: vendor money (micro-units x milli-seats) per vendor row.

    Returns:
        The questions and the rows they hold.
    """
    if not readings:
        return Overruled()
    width = rows.products
    questions: list[MappingQuestion] = []
    held_psa: list[IntArray] = []
    held_vendor: list[IntArray] = []
    pending_vendor: dict[int, str] = {}
    v_keys = rows.v_pc * width + rows.v_product
    for reading in readings:
        parts = _parts(reading)
        keys = [product_text[part.code] for part in parts]
        names = [vendor_names.get(key, key) for key in keys]
        read_as = psa_names.get(reading.psa_key, reading.psa_key)
        why = _why(reading, read_as, names)
        money = seats = 0
        held: set[tuple[str, str]] = set()
        # One question, so one thing its gaps rest on: the text and its first product.
        rests_on = pending_on(reading.text, names[0])
        score = round(100.0 * sum(p.support for p in parts) / max(reading.clients, 1), 1)
        for part, key in zip(parts, keys, strict=True):
            held_keys = part.held * width + part.code
            money += int(vendor_ext[in_sorted(v_keys, np.unique(held_keys))].sum())
            seats += int(rows.p_qty[part.rows[in_sorted(rows.p_pc[part.rows], part.held)]].sum())
            if reading.act:
                labels = p_all.index[part.rows]
                write_texts(p_all, TARGET, part.rows, key)
                # Compared as B only until someone answers: its gaps rest on the question, and
                # so do those of A (the rule's reading) at the clients holding the text.
                at_pc = rows.p_pc[part.rows] >= 0
                read = rows.p_pc[part.rows][at_pc] * width + target[part.rows][at_pc]
                pending_vendor.update(dict.fromkeys(np.unique(read).tolist(), rests_on))
                p_all.loc[labels, "pair_score"] = min(score, 100.0 * PENDING_CONFIDENCE)
                write_texts(p_all, "pair_how", part.rows, f"paired on seats: {why}")
                write_texts(p_all, REST, part.rows, rests_on)
                target[part.rows] = part.code
                comparable[part.rows] = True
            else:
                held_psa.append(part.rows)
                held_vendor.append(held_keys)
                held.update((shown_key(client_text[int(pc)]), key) for pc in part.held)
        if reading.act and reading.second is not None and len(reading.second.both):
            both = reading.second.both
            at = np.unique(rows.p_pc[both])
            held_psa.append(both)
            for part, key in zip(parts, keys, strict=True):
                held_vendor.append(at * width + part.code)
                money += int(vendor_ext[in_sorted(v_keys, at * width + part.code)].sum())
                held.update((shown_key(client_text[int(pc)]), key) for pc in at)
            seats += int(rows.p_qty[both].sum())
        shown = " and ".join(repr(name) for name in names)
        if reading.act:
            reason = (
                f"a name rule read {reading.text!r} as {read_as!r}, but {why}: it is compared "
                f"as {shown} in this run; confirm to keep it so, or reject"
            )
        else:
            reason = (
                f"a name rule read {reading.text!r} as {read_as!r}, but {why}: no gap is "
                f"raised for these seats until someone decides"
            )
        candidates = tuple(
            ProductCandidate(
                vendor_product=name,
                product_key=key,
                score=round(100.0 * part.support / max(reading.clients, 1), 1),
                why=why,
                answer=answer_for(key, vendor_names),
                clients=part.support,
            )
            for part, key, name in zip(parts, keys, names, strict=True)
        )
        questions.append(
            MappingQuestion(
                psa_product=reading.text,
                product_key=reading.psa_key,
                candidates=candidates,
                clients=sum(len(part.held) for part in parts),
                seats=Decimal(seats) / QTY_SCALE,
                money_at_stake=cents(Decimal(money) / EXT_SCALE),
                reason=reason,
                held=frozenset(held),
            )
        )
    questions.sort(key=lambda q: (-q.money_at_stake, q.psa_product))
    return Overruled(
        tuple(questions),
        np.concatenate(held_psa) if held_psa else np.zeros(0, dtype=np.int64),
        np.concatenate(held_vendor) if held_vendor else np.zeros(0, dtype=np.int64),
        pending_vendor,
    )


def _why(reading: Reading, read_as: str, names: list[str]) -> str:
    """What a reading rests on, in words (both products for a text the seats split)."""
    if reading.second is None:
        return reading.why(read_as, names[0])
    return (
        f"seats match {names[0]!r} at {reading.support} and {names[1]!r} at "
        f"{reading.second.support} other clients of {reading.clients} holding "
        f"{reading.text!r}; no {read_as!r} there"
    )
