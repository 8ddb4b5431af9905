"""Score the engine's JSON output against an independent ``truth.json``.

The engine's gaps are mapped to the truth only through the raw spellings it reports
(``vendor_client``, ``psa_client``, ``vendor_product``, ``psa_product``), never through its own
keys: a gap's client is its PSA client's true company when it has one, else its vendor
client's; its product is the vendor spelling's product id, else the PSA spelling's.

Measures:

- **gap precision / recall** over (client id, product id, kind); also "loose", ignoring kind;
- **wrong merges**: a vendor client paired with a PSA client that is not its true one
  (a vendor-only client paired with anyone counts);
- **review share**: vendor clients sent to review / vendor clients in the file;
- **unmapped products**: the engine's unmapped PSA spellings, split into products a vendor
  sells (misnamed: the engine failed to link them) and the MSP's own services;
- **mapping questions**, when the JSON has them;
- **family questions** (``kind`` "family" in the questions list: is a PSA company billed for a
  vendor customer's licences?), and those whose two clients are not one truth client (a
  question naming two companies hides both their true gaps, as a wrong merge would, only
  asked instead of done);
- **maker questions** (``kind`` "maker": is a maker the vendor file sells nothing of bought
  from its source?), counted apart from the mapping questions, with the gaps shown pending
  them and how many of those are true gaps (like every pending gap, they count as found in
  precision and recall: the engine shows them, asked);
- diagnostics: false ``missing_in_psa`` where the PSA does bill the product (one misnaming
  reported as a gap), gaps raised on trials or one-time purchases, gaps whose vendor and
  PSA spellings name two different products.

Usage::

    python -m benchmarks.independent score OUT.json benchmarks/data/independent/<pair>/truth.json
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.independent.model import KINDS, MISSING_IN_PSA, MISSING_IN_VENDOR

GapKey = tuple[str, str, str]
_QUESTION_KEYS = ("mapping_questions", "questions")
#: How a gap's ``rests_on`` begins when it is pending a maker question.
_MAKER_WORDS = "the maker question "


@dataclass(slots=True)
class Score:
    """How close one engine run came to the truth."""

    true_gaps: int
    found_gaps: int
    correct_gaps: int
    loose_true: int
    loose_found: int
    loose_correct: int
    by_kind: dict[str, tuple[int, int, int]]  # kind -> (true, found, correct)
    true_pairs: int
    matched: int
    correct_matches: int
    wrong_merges: list[tuple[str, str, str]]  # vendor spelling, engine PSA, true PSA (or "-")
    vendor_clients: int
    review: int
    review_true_first: int
    unmapped: int
    unmapped_vendor_products: int
    unmapped_services: int
    mapping_questions: int | None
    misnamed_missing_in_psa: int
    misnamed_missing_in_vendor: int
    gaps_on_trials_or_one_time: int
    product_pairing_errors: int
    unknown_spellings: int
    family_questions: int = 0
    wrong_family_questions: list[tuple[str, str]] = field(default_factory=list)
    maker_questions: int = 0
    maker_pending_gaps: int = 0
    maker_pending_true: int = 0
    false_examples: list[GapKey] = field(default_factory=list)
    missed_examples: list[GapKey] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct_gaps / self.found_gaps if self.found_gaps else 1.0

    @property
    def recall(self) -> float:
        return self.correct_gaps / self.true_gaps if self.true_gaps else 1.0

    @property
    def loose_precision(self) -> float:
        return self.loose_correct / self.loose_found if self.loose_found else 1.0

    @property
    def loose_recall(self) -> float:
        return self.loose_correct / self.loose_true if self.loose_true else 1.0

    @property
    def review_share(self) -> float:
        return self.review / self.vendor_clients if self.vendor_clients else 0.0

    @property
    def pair_recall(self) -> float:
        return self.correct_matches / self.true_pairs if self.true_pairs else 1.0

    def to_dict(self) -> dict[str, Any]:
        """The scores and their derived ratios as a JSON-ready dict."""
        out = asdict(self)
        out |= {
            "precision": self.precision,
            "recall": self.recall,
            "loose_precision": self.loose_precision,
            "loose_recall": self.loose_recall,
            "review_share": self.review_share,
            "pair_recall": self.pair_recall,
            "wrong_merge_count": len(self.wrong_merges),
        }
        return out


def _strip(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


class _Maps:
    def __init__(self, truth: dict[str, Any]) -> None:
        self.vendor_client = {_strip(c["vendor"]): c["id"] for c in truth["clients"] if c["vendor"]}
        self.psa_client = {_strip(c["psa"]): c["id"] for c in truth["clients"] if c["psa"]}
        self.psa_of = {c["id"]: c["psa"] for c in truth["clients"]}
        # A family: one vendor customer billed as several PSA companies (or the reverse).
        # Every member's name is its client's, so a gap on the summed seats is one gap under
        # any member's name, and a member paired with another client is a wrong merge.
        for family in truth.get("families", []):
            for name in family.get("vendor", []):
                self.vendor_client[_strip(name)] = family["client"]
            for name in family.get("psa", []):
                self.psa_client[_strip(name)] = family["client"]
        self.vendor_product = {_strip(k): v for k, v in truth["products"]["vendor"].items()}
        self.psa_product = {_strip(k): v for k, v in truth["products"]["psa"].items()}
        self.unknown = 0

    def client(self, gap: dict[str, Any]) -> str:
        if gap.get("psa_client"):
            found = self.psa_client.get(_strip(gap["psa_client"]))
        else:
            found = self.vendor_client.get(_strip(gap.get("vendor_client")))
        if found is None:
            self.unknown += 1
            return "?" + str(gap.get("psa_client") or gap.get("vendor_client"))
        return str(found)

    def products(self, gap: dict[str, Any]) -> tuple[str | None, str | None]:
        vendor = self.vendor_product.get(_strip(gap.get("vendor_product")) or "")
        psa = self.psa_product.get(_strip(gap.get("psa_product")) or "")
        return vendor, psa


def score(result: dict[str, Any], truth: dict[str, Any], *, examples: int = 10) -> Score:
    """Compare an engine JSON document with an independent truth document.

    Args:
        result: ``recon reconcile --format json`` output.
        truth: this package's ``truth.json``.
        examples: how many false and missed gaps to keep (default 10).

    Returns:
        The scores.
    """
    maps = _Maps(truth)
    true_gaps = {(g["client"], g["product"], g["kind"]) for g in truth["gaps"]}
    found: set[GapKey] = set()
    on_makers: set[GapKey] = set()
    pairing_errors = 0
    for gap in result["gaps"]:
        client = maps.client(gap)
        vendor_pid, psa_pid = maps.products(gap)
        if vendor_pid and psa_pid and vendor_pid != psa_pid:
            pairing_errors += 1
        # A missing_in_vendor gap has only its PSA spelling; the others are read vendor first.
        first, second = (
            (psa_pid, vendor_pid) if gap["kind"] == MISSING_IN_VENDOR else (vendor_pid, psa_pid)
        )
        pid = first or second
        key = (
            client,
            pid or "?" + str(gap.get("vendor_product") or gap.get("psa_product")),
            gap["kind"],
        )
        found.add(key)
        if str(gap.get("rests_on") or "").startswith(_MAKER_WORDS):
            on_makers.add(key)
    correct = true_gaps & found
    by_kind = {
        kind: (
            sum(k == kind for *_, k in true_gaps),
            sum(k == kind for *_, k in found),
            sum(k == kind for *_, k in correct),
        )
        for kind in KINDS
    }
    loose_true = {(c, p) for c, p, _ in true_gaps}
    loose_found = {(c, p) for c, p, _ in found}

    holdings: dict[str, dict[str, list[int]]] = truth.get("holdings", {})
    misnamed_mip = sum(
        1
        for c, p, k in found - true_gaps
        if k == MISSING_IN_PSA and holdings.get(c, {}).get(p, [0, 0])[1] > 0
    )
    misnamed_miv = sum(
        1
        for c, p, k in found - true_gaps
        if k == MISSING_IN_VENDOR and holdings.get(c, {}).get(p, [0, 0])[0] > 0
    )
    extras = {(e["client"], e["product"]) for e in (*truth["trials"], *truth["one_time"])}
    on_extras = sum(1 for c, p, _ in found - true_gaps if (c, p) in extras)

    wrong: list[tuple[str, str, str]] = []
    correct_matches = 0
    for m in result.get("matches", []):
        true_id = maps.vendor_client.get(_strip(m["vendor_client"]))
        engine_id = maps.psa_client.get(_strip(m["psa_client"]))
        if true_id is not None and true_id == engine_id:
            correct_matches += 1
        else:
            truth_psa = maps.psa_of.get(true_id or "") or "-"
            wrong.append((m["vendor_client"], m["psa_client"], truth_psa))
    true_pairs = sum(
        1 for c in truth["clients"] if c.get("in_vendor_file") and c.get("in_psa_file")
    )
    review = result.get("review", [])
    review_true_first = 0
    for item in review:
        true_id = maps.vendor_client.get(_strip(item["vendor_client"]))
        cands = item.get("candidates") or []
        if cands and true_id and maps.psa_client.get(_strip(cands[0]["psa_client"])) == true_id:
            review_true_first += 1
    catalogue = truth["products"]["catalogue"]
    unmapped = result.get("unmapped", [])
    unmapped_kinds = Counter(
        "vendor"
        if catalogue.get(maps.psa_product.get(_strip(u["psa_product"]) or "", ""), {}).get(
            "sold_by_vendor"
        )
        else "service"
        for u in unmapped
    )
    asked = next((result[k] for k in _QUESTION_KEYS if k in result), None)
    families = [q for q in asked or [] if q.get("kind") == "family"]
    makers = [q for q in asked or [] if q.get("kind") == "maker"]
    questions = None if asked is None else len(asked) - len(families) - len(makers)
    wrong_families = [
        (str(q["vendor_client"]), str(q["psa_client"]))
        for q in families
        if maps.vendor_client.get(_strip(q["vendor_client"])) is None
        or maps.vendor_client.get(_strip(q["vendor_client"]))
        != maps.psa_client.get(_strip(q["psa_client"]))
    ]
    summary_clients = result.get("summary", {}).get("clients", {})
    vendor_clients = summary_clients.get("vendor") or sum(
        1 for c in truth["clients"] if c.get("in_vendor_file")
    )
    return Score(
        true_gaps=len(true_gaps),
        found_gaps=len(found),
        correct_gaps=len(correct),
        loose_true=len(loose_true),
        loose_found=len(loose_found),
        loose_correct=len(loose_true & loose_found),
        by_kind=by_kind,
        true_pairs=true_pairs,
        matched=len(result.get("matches", [])),
        correct_matches=correct_matches,
        wrong_merges=wrong,
        vendor_clients=vendor_clients,
        review=len(review),
        review_true_first=review_true_first,
        unmapped=len(unmapped),
        unmapped_vendor_products=unmapped_kinds["vendor"],
        unmapped_services=unmapped_kinds["service"],
        mapping_questions=questions,
        misnamed_missing_in_psa=misnamed_mip,
        misnamed_missing_in_vendor=misnamed_miv,
        gaps_on_trials_or_one_time=on_extras,
        product_pairing_errors=pairing_errors,
        family_questions=len(families),
        wrong_family_questions=wrong_families,
        maker_questions=len(makers),
        maker_pending_gaps=len(on_makers),
        maker_pending_true=len(on_makers & true_gaps),
        unknown_spellings=maps.unknown,
        false_examples=sorted(found - true_gaps)[:examples],
        missed_examples=sorted(true_gaps - found)[:examples],
    )


def load(path: Path) -> dict[str, Any]:
    """A JSON document from a file."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def report(s: Score) -> str:
    """The scores as a few lines of text."""
    kinds = ", ".join(f"{k} {c}/{t} found, {f - c} false" for k, (t, f, c) in s.by_kind.items())
    lines = [
        f"gaps: precision {s.precision:.3f}, recall {s.recall:.3f} ({s.correct_gaps:,} correct "
        f"of {s.found_gaps:,} reported; {s.true_gaps:,} true); ignoring kind: precision "
        f"{s.loose_precision:.3f}, recall {s.loose_recall:.3f}",
        f"  by kind: {kinds}",
        f"  false missing_in_psa on a product the PSA bills under another name: "
        f"{s.misnamed_missing_in_psa:,}; "
        f"false missing_in_vendor on a product the vendor sells: {s.misnamed_missing_in_vendor:,}",
        f"  false gaps on trials / one-time purchases: {s.gaps_on_trials_or_one_time:,}; "
        f"gaps pairing two different products: {s.product_pairing_errors:,}",
        f"clients: {s.correct_matches:,} of {s.true_pairs:,} true pairs matched; "
        f"WRONG MERGES: {len(s.wrong_merges)}",
        f"review: {s.review:,} of {s.vendor_clients:,} vendor clients ({s.review_share:.1%}); "
        f"true client first in {s.review_true_first:,}",
        f"unmapped PSA products: {s.unmapped:,} ({s.unmapped_vendor_products:,} are vendor "
        f"products, "
        f"{s.unmapped_services:,} the MSP's own services); mapping questions: "
        f"{'not in the output' if s.mapping_questions is None else s.mapping_questions}",
    ]
    if s.family_questions:
        lines.append(
            f"family questions: {s.family_questions:,}, naming two different clients: "
            f"{len(s.wrong_family_questions):,}"
        )
    if s.maker_questions:
        lines.append(
            f"maker questions: {s.maker_questions:,}; gaps pending them: "
            f"{s.maker_pending_gaps:,}, of which true: {s.maker_pending_true:,}"
        )
    lines += [f"  wrong merge: {v!r} -> {p!r} (truth: {t!r})" for v, p, t in s.wrong_merges[:20]]
    lines += [f"  false gap: {g}" for g in s.false_examples]
    lines += [f"  missed gap: {g}" for g in s.missed_examples]
    return "\n".join(lines)
