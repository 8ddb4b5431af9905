"""Rewrite a share of a generated pair's PSA product texts into spellings no list holds.

A pseudo-holdout built from dev data only: the held-back spellings are never read. Each chosen
PSA text (one that names a product the vendor sells) is rewritten, at every line that bills it,
by one or two classes of variation seen in real PSA catalogues:

- the reseller's own suffix: a term, a commitment or a unit ("- Monthly", "(NCE)", "per user");
- the edition written differently: "Plan 1" / "P1" / "(Plan 1)" / "Plan1";
- vendor abbreviations used or spelled out ("Microsoft 365" / "M365", "Business" / "Bus.");
- the brand dropped or added (the brand is the first word of the vendor's own spelling);
- word order: a head moved behind the rest, "Business Premium (Microsoft 365)";
- punctuation and case: words run together, hyphens for spaces, brackets dropped, all caps;
- typing slips: two letters swapped, one dropped or doubled.

``truth.json`` maps every new spelling to the product of the text it replaces, so the scorer
reads the engine's gaps on it as on the original; the vendor file is copied unchanged.

Usage::

    python -m benchmarks.independent perturb PAIR_DIR OUT_DIR --seed 1 --share 0.4
"""

from __future__ import annotations

import csv
import json
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The PSA column holding the product text, per PSA export format.
_TEXT_COLUMNS = ("Description", "Service Name")
_SUFFIXES = (
    " - Monthly",
    " (NCE)",
    " Annual Commit",
    " per user",
    " - NCE Annual",
    " (Monthly)",
    " /user/mo",
    " - M2M",
)
# Abbreviation classes MSPs type in their catalogues; each is used both ways.
_SHORT = (
    ("Microsoft 365", "M365"),
    ("Office 365", "O365"),
    ("Exchange Online", "EXO"),
    ("Microsoft", "MS"),
    ("Business", "Bus."),
    ("Premium", "Prem"),
    ("Standard", "Std"),
    ("Enterprise", "Ent"),
    ("Advanced", "Adv"),
    ("Protection", "Prot."),
    ("Backup", "BU"),
)

Variation = Callable[[str, str, random.Random], str]


def _suffix(text: str, brand: str, rng: random.Random) -> str:
    return text + rng.choice(_SUFFIXES)


def _edition(text: str, brand: str, rng: random.Random) -> str:
    plan = re.search(r"\(?\bPlan\s*(\d)\)?", text)
    if plan:
        digit = plan.group(1)
        new = rng.choice((f"P{digit}", f"(Plan {digit})", f"Plan{digit}", f"Plan-{digit}"))
        return text[: plan.start()] + new + text[plan.end() :]
    short = re.search(r"\b([PE])(\d)\b", text)
    if short:
        letter, digit = short.groups()
        word = "Plan" if letter == "P" else "E"
        new = rng.choice((f"{word} {digit}", f"({word}{digit})", f"{letter}-{digit}"))
        return text[: short.start()] + new + text[short.end() :]
    return text


def _abbreviate(text: str, brand: str, rng: random.Random) -> str:
    pairs = list(_SHORT)
    rng.shuffle(pairs)
    for long, short in pairs:
        if re.search(rf"\b{re.escape(long)}\b", text):
            return re.sub(rf"\b{re.escape(long)}\b", short, text, count=1)
        if re.search(rf"(?<![\w.]){re.escape(short)}(?![\w])", text):
            return re.sub(rf"(?<![\w.]){re.escape(short)}(?![\w])", long, text, count=1)
    return text


def _brand(text: str, brand: str, rng: random.Random) -> str:
    words = text.split()
    if not brand or len(brand) < 3:
        return text
    if words and words[0].lower() == brand.lower():
        return " ".join(words[1:]) if len(words) >= 3 else text
    if brand.lower() not in text.lower():
        return f"{brand} {text}"
    return text


def _order(text: str, brand: str, rng: random.Random) -> str:
    words = text.split()
    if len(words) >= 3 and brand and words[0].lower() == brand.lower():
        rest = " ".join(words[1:])
        return rng.choice((f"{rest} ({words[0]})", f"{rest} - {words[0]}", f"{rest}, {words[0]}"))
    if " - " in text:
        head, _, tail = text.partition(" - ")
        return f"{tail} - {head}"
    return text


def _punctuation(text: str, brand: str, rng: random.Random) -> str:
    words = text.split()
    pick = rng.randrange(4)
    if pick == 0 and len(words) >= 2:
        i = rng.randrange(len(words) - 1)
        return " ".join([*words[:i], words[i] + words[i + 1], *words[i + 2 :]])
    if pick == 1 and len(words) >= 2:
        return "-".join(words)
    if pick == 2 and re.search(r"[()]", text):
        return " ".join(re.sub(r"[()]", " ", text).split())
    return text.upper()


def _typo(text: str, brand: str, rng: random.Random) -> str:
    spots = list(re.finditer(r"[A-Za-z]{5,}", text))
    if not spots:
        return text
    word = rng.choice(spots)
    i = rng.randrange(word.start() + 1, word.end() - 1)
    pick = rng.randrange(3)
    if pick == 0:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if pick == 1:
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i] + text[i:]


VARIATIONS: dict[str, Variation] = {
    "edition": _edition,
    "abbreviate": _abbreviate,
    "brand": _brand,
    "order": _order,
    "punctuation": _punctuation,
    "typo": _typo,
    "suffix": _suffix,
}


def respell(text: str, brand: str, rng: random.Random) -> tuple[str, tuple[str, ...]]:
    """One new spelling of ``text`` by one or two variation classes, and the classes used."""
    for _ in range(20):
        picked = set(rng.sample(sorted(VARIATIONS), rng.choice((1, 1, 2))))
        # The reseller's suffix goes on last, as it does on a real catalogue line.
        names = tuple(name for name in VARIATIONS if name in picked)
        new = text
        for name in names:
            new = VARIATIONS[name](new, brand, rng)
        new = " ".join(new.split())
        if new and new.lower() != text.lower():
            return new, names
    return text, ()


@dataclass(frozen=True, slots=True)
class Perturbed:
    """What one perturbation wrote."""

    folder: Path
    texts: int
    rewritten: dict[str, str]
    classes: dict[str, tuple[str, ...]]


def _strip(text: str) -> str:
    return " ".join(text.split())


def _brands(vendor_spellings: dict[str, str]) -> dict[str, str]:
    """Product id -> its brand: the first word of its vendor spelling, where that word opens
    the spellings of four or more products (a maker's name, not a product's own first word)."""
    first: dict[str, str] = {}
    for spelling, pid in sorted(vendor_spellings.items()):
        if spelling.split():
            first.setdefault(pid, spelling.split()[0])
    makers: dict[str, set[str]] = {}
    for pid, word in first.items():
        makers.setdefault(word.lower(), set()).add(pid)
    return {pid: word for pid, word in first.items() if len(makers[word.lower()]) >= 4}


def perturb(src: Path, dst: Path, *, seed: int, share: float = 0.4) -> Perturbed:
    """Copy the pair in ``src`` to ``dst``, ``share`` of its vendor-product PSA texts respelled."""
    truth: dict[str, Any] = json.loads((src / "truth.json").read_text(encoding="utf-8"))
    psa_map: dict[str, str] = {_strip(k): v for k, v in truth["products"]["psa"].items()}
    vendor_map: dict[str, str] = {_strip(k): v for k, v in truth["products"]["vendor"].items()}
    brands = _brands(truth["products"]["vendor"])
    with (src / "psa.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    col = next(header.index(name) for name in _TEXT_COLUMNS if name in header)
    sold = set(vendor_map.values())
    texts = sorted({r[col] for r in body if psa_map.get(_strip(r[col])) in sold})
    rng = random.Random(seed)
    chosen = rng.sample(texts, round(len(texts) * share))
    rewritten: dict[str, str] = {}
    classes: dict[str, tuple[str, ...]] = {}
    for text in sorted(chosen):
        pid = psa_map[_strip(text)]
        for _ in range(10):
            new, used = respell(text, brands.get(pid, ""), rng)
            key = _strip(new)
            if used and psa_map.get(key, pid) == pid and vendor_map.get(key, pid) == pid:
                psa_map[key] = pid
                truth["products"]["psa"][new] = pid
                rewritten[text], classes[text] = new, used
                break
    dst.mkdir(parents=True, exist_ok=True)
    for name in ("vendor.csv", "commitments.csv"):
        if (src / name).exists():
            shutil.copyfile(src / name, dst / name)
    with (dst / "psa.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(header)
        for row in body:
            new = rewritten.get(row[col])
            w.writerow(row if new is None else [*row[:col], new, *row[col + 1 :]])
    truth["spec"]["perturbed"] = {"seed": seed, "share": share, "texts": len(rewritten)}
    (dst / "truth.json").write_text(
        json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return Perturbed(dst, len(texts), rewritten, classes)
