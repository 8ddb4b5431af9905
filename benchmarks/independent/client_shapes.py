"""Rewrite a share of a generated pair's CLIENT names into shapes the generator never writes.

A pseudo-holdout for client matching built from dev data only (no held-back list is read, and
nothing is imported from ``recon``). Each chosen client (one billed in both files) has its
name rewritten on one side, or on both, by one class of real-world variation:

- ``trade``: a trade name beside the legal name, "Smith Holdings LLC dba Smith Plumbing",
  "d/b/a", "t/a", "a/k/a", or a former name, "X (formerly Y)", "X fka Y". State and city
  filings call it an assumed name, fictitious name or trade name certificate: an LLC or a
  corporation registered as one name transacts under another, and banks and invoices carry
  "Legal Name d/b/a Trade Name" (e.g. vanderburghcommunities.com "Assumed Name Certificate
  (d/b/a - Doing Business As)"; tax-id-number.info "DBA, Fictitious, Assumed, or Trade").
- ``company_id``: the PSA's company identifier in place of or beside the name. ConnectWise
  Manage keeps a "Company ID" (no spaces, at most 25 characters, often the name run together
  or cut: "WayneEnt", or a code "ACME001") beside the Company Name, and integrations sync on
  it (support.cloudplus.net "ConnectWise Company to Customer Sync Details";
  support.barracudamsp.com "ConnectWise Preflight Migration - Accounts not linking").
- ``diacritics``: accented letters written or dropped ("Muñoz" / "Munoz"), German umlauts
  against their transliteration ("Müller" / "Mueller", DIN 5007-2), "ß" / "ss"; screening
  guides standardise accented characters before matching (Oracle Financial Services
  Customer Screening, "Identifier Preparation": name normalisation).
- ``possessive``: "Bob's" / "Bobs" / "Bob s" / "Bob’s" (a typographic apostrophe); the same
  guide removes apostrophes, and DBA examples are possessives ("John's Plumbing").
- ``number``: "First" / "1st", "Three" / "3" at the head of a name.
- ``ampersand``: "&" / "and" / "+" / "&" without spaces between two names.
- ``people``: a professional firm under its owner's name with a degree or an "office of"
  form against the firm name: "Law Office of J. Smith" / "Smith Law", "Jane Doe DDS" /
  "Doe Family Dentistry" (state boards license the person; the practice trades under a
  firm name). First names are common US given names (SSA's most popular baby names).
- ``article``: a library-style inverted article, "Lighthouse Pediatrics, The" (CRM sort form).
- ``joined``: two words run together or split, "Blue Gate" / "BlueGate" ("Wal Mart" /
  "Walmart": addaptive.com "Using Algorithms To Normalize Company Names").
- ``irish``: the apostrophe and capital of Gaelic and Scottish surnames, "O'Brien" /
  "Obrien" / "O Brien", "McDonald" / "Mc Donald".

``truth.json``'s clients get the new spellings (so the scorer maps each respelt name to its
client) and a ``perturbation`` record lists each rewritten client with its class, side and
both names. Usage::

    python -m benchmarks.independent clients PAIR_DIR OUT_DIR --seed 1 --share 0.5
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_VENDOR_CLIENT = ("companyName", "CustomerName")
_PSA_CLIENT = ("Company Name", "Organization Name")

_TRADE_MARKS = ("dba", "DBA", "d/b/a", "D/B/A", "DBA:", "t/a", "T/A", "a/k/a", "AKA")
_FORMER = ("(formerly {})", "fka {}", "f/k/a {}", "(fka {})", "- formerly {}")
_LEGAL_HEADS = ("Holdings", "Enterprises", "Ventures", "Capital", "Group")
_LEGAL_FORMS = ("LLC", "Inc.", "Corp.", "L.L.C.", "Inc")
_OLD_WORDS = ("Associates", "Company", "& Sons", "Partners", "Services")

_ACCENT = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú", "n": "ñ", "c": "ç"}
_UMLAUT = (("ue", "ü"), ("oe", "ö"), ("ae", "ä"))

_ORDINALS = (("First", "1st"), ("Second", "2nd"), ("Third", "3rd"), ("Fifth", "5th"))
_CARDINALS = (("Two", "2"), ("Three", "3"), ("Four", "4"), ("Seven", "7"), ("Twelve", "12"))

_TRADES = {"supply", "supplies", "equipment", "staffing", "billing", "products", "software"}
_SMALL_WORDS = {"the", "and", "of", "for"}
_GIVEN = ("James", "Mary", "John", "Linda", "Robert", "Susan", "David", "Karen", "Maria")
# A firm word (second word of "Surname Word ...") and the degree its owner writes.
_PROFESSIONS: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = (
    (("Law", "Legal", "Attorneys"), "Esq.", ("Law Office of {i}. {s}", "Law Offices of {g} {s}")),
    (("Dental", "Dentistry", "Orthodontics"), "DDS", ("{g} {s} DDS", "Dr. {g} {s}, DDS")),
    (
        ("Pediatrics", "Medical", "Medicine", "Clinic", "Health"),
        "MD",
        ("{g} {s} MD", "Dr. {i}. {s}, M.D."),
    ),
    (("Accounting", "Tax", "CPA"), "CPA", ("{g} {s} CPA", "{i}. {s}, CPA")),
    (("Chiropractic",), "DC", ("Dr. {g} {s} DC", "{s} {g} DC")),
    (("Veterinary", "Animal"), "DVM", ("{g} {s} DVM", "Dr. {i}. {s}, DVM")),
    (("Optometry", "Eye"), "OD", ("{g} {s} OD", "Dr. {g} {s}, O.D.")),
    (("Physical",), "PT", ("{g} {s} PT DPT", "{i}. {s}, DPT")),
    (("Architects", "Architecture"), "AIA", ("{g} {s} AIA", "{g} {s}, Architect")),
)
_GAELIC = re.compile(
    r"\b(O|Mc|Mac)(brien|connor|neil|neill|neal|donnell|hara|reilly|sullivan|"
    r"malley|leary|keefe|toole|rourke|donald|carthy|kenzie|intosh|gregor|"
    r"allister|bride|cormick|dowell|kay|coy|lean|millan|kinney)\b",
    re.I,
)


@dataclass
class Rewrite:
    """One client's new name(s): ``vendor`` and/or ``psa`` (None keeps that side)."""

    vendor: str | None = None
    psa: str | None = None


Shape = Callable[[str, str, random.Random], Rewrite | None]


def _words(name: str) -> list[str]:
    return name.split()


def _surname(name: str) -> str | None:
    words = [w for w in _words(name) if w.lower() != "the"]
    head = words[0] if words else ""
    return head if head.isalpha() and head[:1].isupper() and len(head) >= 3 else None


def _trade(vendor: str, psa: str, rng: random.Random) -> Rewrite | None:
    head = _surname(psa)
    if head is None:
        return None
    side = rng.choice(("vendor", "psa"))
    own = psa if side == "psa" else vendor
    pick = rng.randrange(3)
    if pick == 0:
        legal = f"{head} {rng.choice(_LEGAL_HEADS)} {rng.choice(_LEGAL_FORMS)}"
        new = f"{legal} {rng.choice(_TRADE_MARKS)} {own}"
    elif pick == 1:
        trade = f"{head} {rng.choice(_OLD_WORDS)}"
        new = f"{own} {rng.choice(_TRADE_MARKS)} {trade}"
    else:
        old = f"{head} {rng.choice(_OLD_WORDS)}"
        new = f"{own} {rng.choice(_FORMER).format(old)}"
    return Rewrite(vendor=new) if side == "vendor" else Rewrite(psa=new)


def _company_id(vendor: str, psa: str, rng: random.Random) -> Rewrite | None:
    words = [w for w in re.findall(r"[A-Za-z0-9]+", psa) if w.lower() != "the"]
    if len(words) < 2:
        return None
    pick = rng.randrange(4)
    if pick == 0:  # the name run together, cut at the 25 characters the field holds
        ident = "".join(w[:1].upper() + w[1:] for w in words)[:25]
        return Rewrite(psa=ident)
    if pick == 1:  # "WayneEnt": the first word and the head of the second
        ident = words[0][:1].upper() + words[0][1:] + words[1][:3].capitalize()
        return Rewrite(psa=f"{ident} - {psa}" if rng.random() < 0.5 else ident)
    code = (words[0][:4] + words[1][:2]).upper() + f"{rng.randrange(1, 999):03d}"
    return Rewrite(psa=f"{code} - {psa}" if pick == 2 else f"{psa} ({code})")


def _diacritics(vendor: str, psa: str, rng: random.Random) -> Rewrite | None:
    side = rng.choice(("vendor", "psa"))
    own = psa if side == "psa" else vendor
    for plain, mark in _UMLAUT:
        hit = re.search(rf"\b\w*{plain}\w*\b", own)
        if hit and rng.random() < 0.7:
            word = hit.group(0)
            new = own.replace(word, word.replace(plain, mark, 1), 1)
            return Rewrite(vendor=new) if side == "vendor" else Rewrite(psa=new)
    if "ss" in own and rng.random() < 0.3:
        new = own.replace("ss", "ß", 1)
        return Rewrite(vendor=new) if side == "vendor" else Rewrite(psa=new)
    words = own.split()
    spots = [
        (i, j)
        for i, w in enumerate(words)
        if len(w) >= 4 and w.isalpha()
        for j, ch in enumerate(w)
        if j > 0 and ch in _ACCENT
    ]
    if not spots:
        return None
    for i, j in rng.sample(spots, min(len(spots), rng.choice((1, 1, 2)))):
        w = words[i]
        words[i] = w[:j] + _ACCENT[w[j]] + w[j + 1 :]
    new = " ".join(words)
    return Rewrite(vendor=new) if side == "vendor" else Rewrite(psa=new)


def _possessive(vendor: str, psa: str, rng: random.Random) -> Rewrite | None:
    head = _surname(psa)
    if head is None or head.endswith("s") or len(_words(psa)) < 2:
        return None
    forms = [f"{head}'s", f"{head}s", f"{head} s", f"{head}\u2019s", f"{head}'S", head]
    a, b = rng.sample(forms[:5], 2) if rng.random() < 0.7 else (rng.choice(forms[:5]), head)
    return Rewrite(vendor=vendor.replace(head, a, 1), psa=psa.replace(head, b, 1))


def _number(vendor: str, psa: str, rng: random.Random) -> Rewrite | None:
    if _surname(psa) is None or len(_words(psa)) < 2:
        return None
    word, digits = rng.choice(_ORDINALS if rng.random() < 0.6 else _CARDINALS)
    strip_the = re.compile(r"^the\s+", re.I)
    v, p = strip_the.sub("", vendor), strip_the.sub("", psa)
    if rng.random() < 0.5:
        return Rewrite(vendor=f"{word} {v}", psa=f"{digits} {p}")
    return Rewrite(vendor=f"{digits} {v}", psa=f"{word} {p}")


def _ampersand(vendor: str, psa: str, rng: random.Random) -> Rewrite | None:
    side = rng.choice(("vendor", "psa"))
    own = psa if side == "psa" else vendor
    hit = re.search(r"\s(&|and)\s", own)
    if not hit:
        return None
    other = [x for x in (" & ", " and ", " + ", "&", " And ", " n' ") if x.strip() != hit.group(1)]
    new = own[: hit.start()] + rng.choice(other) + own[hit.end() :]
    return Rewrite(vendor=new) if side == "vendor" else Rewrite(psa=new)


def _people(vendor: str, psa: str, rng: random.Random) -> Rewrite | None:
    words = _words(psa)
    head = _surname(psa)
    if head is None or len(words) < 2 or words[0].lower() == "the":
        return None
    if _TRADES & {w.strip(".,").lower() for w in words}:
        return None  # "Everett Medical Supply" sells to doctors; it is not a practice
    # "Doe Family Dentistry" / "Doe Family Medicine": the word after "Family" says which.
    word = words[2] if words[1] == "Family" and len(words) > 2 else words[1]
    for firm_words, _degree, forms in _PROFESSIONS:
        if word.strip(".,") in firm_words:
            given = rng.choice(_GIVEN)
            new = rng.choice(forms).format(g=given, i=given[0], s=head)
            side = rng.choice(("vendor", "psa"))
            return Rewrite(vendor=new) if side == "vendor" else Rewrite(psa=new)
    return None


def _article(vendor: str, psa: str, rng: random.Random) -> Rewrite | None:
    side = rng.choice(("vendor", "psa"))
    own = psa if side == "psa" else vendor
    hit = re.match(r"(?i)the\s+(.+)$", own)
    body = hit.group(1) if hit else own
    if len(body.split()) < 2:
        return None
    new = f"{body}, The" if rng.random() < 0.7 else f"{body} (The)"
    return Rewrite(vendor=new) if side == "vendor" else Rewrite(psa=new)


def _joined(vendor: str, psa: str, rng: random.Random) -> Rewrite | None:
    side = rng.choice(("vendor", "psa"))
    own = psa if side == "psa" else vendor
    words = own.split()
    spots = [
        i
        for i in range(len(words) - 1)
        if words[i].isalpha()
        and words[i + 1].isalpha()
        and not {words[i].lower(), words[i + 1].lower()} & _SMALL_WORDS
        and len(words[i]) >= 3
        and len(words[i + 1]) >= 3
    ]
    if not spots:
        return None
    i = rng.choice(spots)
    second = words[i + 1] if rng.random() < 0.6 else words[i + 1].lower()
    new = " ".join([*words[:i], words[i] + second, *words[i + 2 :]])
    return Rewrite(vendor=new) if side == "vendor" else Rewrite(psa=new)


def _irish(vendor: str, psa: str, rng: random.Random) -> Rewrite | None:
    hit = _GAELIC.search(psa) or _GAELIC.search(vendor)
    if not hit:
        return None
    lead, rest = hit.group(1).capitalize(), hit.group(2).lower()
    joiner = "'" if lead == "O" else ""
    forms = [
        f"{lead}{joiner}{rest.capitalize()}",
        f"{lead} {rest.capitalize()}",
        f"{lead}{rest}",
        f"{lead}\u2019{rest.capitalize()}" if lead == "O" else f"{lead}{rest.upper()}",
    ]
    a, b = rng.sample(forms, 2)
    return Rewrite(vendor=_GAELIC.sub(a, vendor, 1), psa=_GAELIC.sub(b, psa, 1))


SHAPES: dict[str, Shape] = {
    "trade": _trade,
    "company_id": _company_id,
    "diacritics": _diacritics,
    "possessive": _possessive,
    "number": _number,
    "ampersand": _ampersand,
    "people": _people,
    "article": _article,
    "joined": _joined,
    "irish": _irish,
}


@dataclass
class Made:
    """What :func:`reshape` wrote."""

    folder: Path
    rewritten: list[dict[str, str]] = field(default_factory=list)


def _column(header: list[str], names: tuple[str, ...]) -> int:
    for name in names:
        if name in header:
            return header.index(name)
    raise SystemExit(f"no client column among {names}")


def _read(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def _strip(text: str) -> str:
    return " ".join(text.split())


def reshape(
    src: Path, out: Path, *, seed: int = 1, share: float = 0.5, classes: tuple[str, ...] = ()
) -> Made:
    """Copy the pair in ``src`` to ``out`` with a ``share`` of its clients renamed.

    Only clients in both files are renamed; each gets one class of ``classes`` (all by
    default) that applies to its name, the rarest so far first, so small pairs see every
    class. A new name already used by another client of that file is not written.
    """
    rng = random.Random(seed)
    truth: dict[str, Any] = json.loads((src / "truth.json").read_text(encoding="utf-8"))
    vendor_rows, psa_rows = _read(src / "vendor.csv"), _read(src / "psa.csv")
    vcol, pcol = _column(vendor_rows[0], _VENDOR_CLIENT), _column(psa_rows[0], _PSA_CLIENT)
    taken = {
        "vendor": {_strip(r[vcol]).casefold() for r in vendor_rows[1:]},
        "psa": {_strip(r[pcol]).casefold() for r in psa_rows[1:]},
    }
    taken_any = taken["vendor"] | taken["psa"]
    names = list(classes) or list(SHAPES)
    used = dict.fromkeys(names, 0)
    renames: dict[str, dict[str, str]] = {"vendor": {}, "psa": {}}
    made = Made(out)
    for client in truth["clients"]:
        if not (client["vendor"] and client["psa"] and client["in_vendor_file"]):
            continue
        if not client["in_psa_file"] or rng.random() >= share:
            continue
        order = sorted(names, key=lambda n: (used[n], rng.random()))
        for name in order:
            rewrite = SHAPES[name](client["vendor"], client["psa"], rng)
            if rewrite is None:
                continue
            new = {"vendor": rewrite.vendor, "psa": rewrite.psa}
            # A name no other client has on either side: two firms of one surname written as
            # one person would be undecidable, not a shape of this client's name.
            if any(
                v is not None and (_strip(v).casefold() in taken_any or not v.strip())
                for v in new.values()
            ):
                continue
            for side, value in new.items():
                if value is None:
                    continue
                old = _strip(client[side])
                renames[side][old] = value
                taken_any.add(_strip(value).casefold())
                made.rewritten.append(
                    {"client": client["id"], "class": name, "side": side, "was": old, "now": value}
                )
                client[side] = value
            used[name] += 1
            break
    for rows, col, side in ((vendor_rows, vcol, "vendor"), (psa_rows, pcol, "psa")):
        for row in rows[1:]:
            row[col] = renames[side].get(_strip(row[col]), row[col])
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("vendor.csv", vendor_rows), ("psa.csv", psa_rows)):
        with (out / name).open("w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
    if (src / "commitments.csv").exists():
        (out / "commitments.csv").write_bytes((src / "commitments.csv").read_bytes())
    truth["perturbation"] = {
        "kind": "client_shapes",
        "seed": seed,
        "share": share,
        "classes": names,
        "rewritten": made.rewritten,
    }
    (out / "truth.json").write_text(
        json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return made
