"""Score a reconciliation against the generator's ground truth.

Gaps are compared as sets of (true client, catalogue product id, kind). The engine's client
of a gap is its PSA client when it has one, else its vendor client (a vendor-only client).

- **Gap precision / recall**: engine gaps that are true / true gaps the engine found.
- **Client pairing precision / recall**: matches whose PSA client is the true one / vendor
  clients with a true PSA client that were matched to it.
- **Wrong merges**: matches whose PSA client is not the vendor client's true one (including
  a vendor-only client paired with anybody). Must be 0: a wrong merge hides real money.
- **Review queue**: vendor clients the engine asked a person about; how many of those have
  their true client as the first candidate, and how many true gaps sit behind the queue (the
  engine raises no gap for a client in review, nor for the PSA clients offered there);
  recall outside the queue leaves those out.

Usage::

    python -m benchmarks.quality OUT.json benchmarks/data/100k-c2000-s42/truth.json
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GapKey = tuple[str, str, str]  # (client, product id, kind)
_CATALOGUE = "cat:"


@dataclass(frozen=True, slots=True)
class Quality:
    """How close a run came to the truth (see the module docstring)."""

    true_gaps: int
    found_gaps: int
    correct_gaps: int
    by_kind: dict[str, tuple[int, int, int]]  # kind -> (true, found, correct)
    true_pairs: int
    matched: int
    correct_matches: int
    wrong_merges: list[tuple[str, str, str | None]]  # vendor name, engine PSA, true PSA
    review: int
    review_true_first: int
    review_distractors: int
    missed_behind_review: int
    false_gap_examples: list[GapKey] = field(default_factory=list)
    missed_gap_examples: list[GapKey] = field(default_factory=list)

    @property
    def gap_precision(self) -> float:
        return self.correct_gaps / self.found_gaps if self.found_gaps else 1.0

    @property
    def gap_recall(self) -> float:
        return self.correct_gaps / self.true_gaps if self.true_gaps else 1.0

    @property
    def gap_recall_decided(self) -> float:
        """Recall over the gaps of clients not waiting in the review queue."""
        decided = self.true_gaps - self.missed_behind_review
        return self.correct_gaps / decided if decided else 1.0

    @property
    def pair_precision(self) -> float:
        return self.correct_matches / self.matched if self.matched else 1.0

    @property
    def pair_recall(self) -> float:
        return self.correct_matches / self.true_pairs if self.true_pairs else 1.0


def _engine_gap(gap: dict[str, Any]) -> GapKey:
    client = gap["psa_client"] if gap["psa_client"] is not None else gap["vendor_client"]
    product_key = gap["gap_key"].split("|")[-2]
    product = product_key[len(_CATALOGUE) :] if product_key.startswith(_CATALOGUE) else product_key
    return (client, product, gap["kind"])


def score(result: dict[str, Any], truth: dict[str, Any], *, examples: int = 10) -> Quality:
    """Compare the engine's JSON document with a truth document.

    Args:
        result: ``recon reconcile --format json`` output (or ``recon.report.result_to_dict``).
        truth: the generator's ``truth.json``.
        examples: how many false and missed gaps to keep as examples (default 10).

    Returns:
        The scores.
    """
    # Readers strip cells, so " Acme Inc " in the file is "Acme Inc" in the result.
    true_psa = {c["vendor"].strip(): c["psa"] for c in truth["clients"] if c["vendor"] is not None}
    true_gaps = {(g["client"].strip(), g["product_id"], g["kind"]) for g in truth["gaps"]}
    found = [_engine_gap(g) for g in result["gaps"]]
    found_set = set(found)
    correct = true_gaps & found_set
    by_kind: dict[str, tuple[int, int, int]] = {}
    for kind in ("missing_in_psa", "missing_in_vendor", "quantity_mismatch", "price_below_cost"):
        by_kind[kind] = (
            sum(k == kind for *_, k in true_gaps),
            sum(k == kind for *_, k in found_set),
            sum(k == kind for *_, k in correct),
        )

    wrong: list[tuple[str, str, str | None]] = []
    correct_matches = 0
    for m in result["matches"]:
        expected = true_psa.get(m["vendor_client"])
        if expected == m["psa_client"]:
            correct_matches += 1
        else:
            wrong.append((m["vendor_client"], m["psa_client"], expected))

    review = result["review"]
    in_review = {r["vendor_client"] for r in review}
    # PSA clients offered as candidates (and not matched elsewhere) raise no gap either.
    matched_psa = {m["psa_client"] for m in result["matches"]}
    held = {c["psa_client"] for r in review for c in r["candidates"]} - matched_psa
    behind = {true_psa.get(v) or v for v in in_review} | held
    missed = true_gaps - found_set
    return Quality(
        true_gaps=len(true_gaps),
        found_gaps=len(found_set),
        correct_gaps=len(correct),
        by_kind=by_kind,
        true_pairs=sum(1 for v, p in true_psa.items() if p is not None),
        matched=len(result["matches"]),
        correct_matches=correct_matches,
        wrong_merges=wrong,
        review=len(review),
        review_true_first=sum(
            1
            for r in review
            if r["candidates"]
            and r["candidates"][0]["psa_client"] == true_psa.get(r["vendor_client"])
        ),
        review_distractors=sum(1 for r in review if true_psa.get(r["vendor_client"]) is None),
        missed_behind_review=sum(1 for g in missed if g[0] in behind),
        false_gap_examples=sorted(found_set - true_gaps)[:examples],
        missed_gap_examples=sorted(g for g in missed if g[0] not in behind)[:examples],
    )


def load(path: Path) -> dict[str, Any]:
    """A JSON document from a file."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def report(q: Quality) -> str:
    """The scores as a few lines of text."""
    kinds = ", ".join(
        f"{kind} {c}/{t} found, {f - c} false" for kind, (t, f, c) in q.by_kind.items()
    )
    lines = [
        f"gaps: precision {q.gap_precision:.3f}, recall {q.gap_recall:.3f} "
        f"({q.correct_gaps:,} correct of {q.found_gaps:,} reported; {q.true_gaps:,} true); "
        f"recall outside the review queue {q.gap_recall_decided:.3f}",
        f"  by kind: {kinds}",
        f"  missed because the client is in review (or offered there): {q.missed_behind_review:,}",
        f"clients: pairing precision {q.pair_precision:.4f}, recall {q.pair_recall:.4f} "
        f"({q.correct_matches:,} of {q.true_pairs:,} true pairs)",
        f"  WRONG MERGES: {len(q.wrong_merges)}",
        f"review queue: {q.review:,} ({q.review_true_first:,} with the true client first, "
        f"{q.review_distractors:,} with no true client)",
    ]
    lines += [f"  wrong merge: {v!r} -> {p!r} (truth: {t!r})" for v, p, t in q.wrong_merges[:20]]
    lines += [f"  false gap: {g}" for g in q.false_gap_examples]
    lines += [f"  missed gap: {g}" for g in q.missed_gap_examples]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m benchmarks.quality RESULT.json TRUTH.json``."""
    parser = argparse.ArgumentParser(description="Score a reconciliation against the truth.")
    parser.add_argument("result", type=Path, help="recon reconcile --format json output")
    parser.add_argument("truth", type=Path, help="truth.json from benchmarks.generate")
    args = parser.parse_args(argv)
    print(report(score(load(args.result), load(args.truth))))


if __name__ == "__main__":
    main()
