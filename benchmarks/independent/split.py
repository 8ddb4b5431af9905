"""The held-back split: every spelling list is cut, deterministically, into "dev" and "holdout".

Matcher work (catalogues, abbreviation tables, tests, tuning) must never look at these lists,
not even the dev part: the generator exists to measure the matcher from the outside. The
holdout part is kept for judging: `--spellings holdout` generates exports whose variant
spellings the repository's matcher has never been tuned on, `--spellings dev` the rest and
`--spellings all` both.

The cut is a hash of the item's text (SHA-256, so it does not depend on Python's per-process
string hash or on the order of a list): about one item in three goes to the holdout side.
Adding an item to a list never moves another item across the cut.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Literal, TypeVar

Split = Literal["dev", "holdout", "all"]
SPLITS: tuple[Split, ...] = ("dev", "holdout", "all")
HOLDOUT_SHARE = 1 / 3

T = TypeVar("T")


def is_holdout(text: str) -> bool:
    """True when ``text`` belongs to the held-back part of its list."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") < HOLDOUT_SHARE * 2**64


def pick(items: Iterable[T], split: Split, key: str | None = None) -> list[T]:
    """The items of ``items`` on the ``split`` side, in their original order.

    Args:
        items: strings, or tuples whose text is ``"|".join(map(str, item))``.
        split: "dev", "holdout" or "all".
        key: a prefix mixed into the hash, so that the same text in two lists (a word that is
            both an abbreviation and a suffix) can fall on different sides.

    Returns:
        The kept items.
    """
    if split == "all":
        return list(items)
    want_holdout = split == "holdout"
    kept = []
    for item in items:
        text = item if isinstance(item, str) else "|".join(str(part) for part in item)  # type: ignore[attr-defined]
        if is_holdout(f"{key}|{text}" if key else text) == want_holdout:
            kept.append(item)
    return kept


def pick_or(
    items: Sequence[T], split: Split, fallback: Sequence[T], key: str | None = None
) -> list[T]:
    """:func:`pick`, or ``fallback`` when the split leaves nothing."""
    kept = pick(items, split, key)
    return kept if kept else list(fallback)
