"""Text renderings of anomalies for people: the reconcile footer and ``recon anomalies``."""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Sequence

from recon.anomaly._model import Anomaly, AnomalyRule, AnomalySettings, Severity
from recon.money import format_money, format_qty

_WIDTH = 100


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _money(a: Anomaly) -> str:
    return "" if a.money_at_stake is None else f", {format_money(a.money_at_stake)}/mo"


def _counts(anomalies: Sequence[Anomaly]) -> str:
    counts = Counter(a.severity for a in anomalies)
    return ", ".join(f"{counts[s]} {s.value}" for s in Severity if counts[s])


def summary_lines(anomalies: Sequence[Anomaly], *, limit: int = 5) -> str:
    """The short section under the reconcile table: how many, then the most urgent few.

    Args:
        anomalies: the run's anomalies (those marked expected are only counted).
        limit: at most this many are listed (default 5).

    Returns:
        The section, starting with a blank line; empty when there is nothing to show.
    """
    active = [a for a in anomalies if not a.expected]
    if not active:
        return ""
    quiet = len(anomalies) - len(active)
    head = f"\nAnomalies in the seat history: {len(active)} ({_counts(active)})"
    head += f"; {quiet} marked expected" if quiet else ""
    lines = [head + ". See `recon anomalies`."]
    for a in active[:limit]:
        first = a.explanation.split(". ")[0].rstrip(".") + "."
        lines.append(
            _clip(f"  {a.severity.value:<6}  {a.client} / {a.product}{_money(a)}: {first}", 160)
        )
    if len(active) > limit:
        lines.append(f"  ... and {len(active) - limit} more")
    return "\n".join(lines) + "\n"


def anomaly_line(anomaly: Anomaly, *, width: int = 200) -> str:
    """One anomaly in one line, for the digest: severity, client / product, money, first sentence.

    Args:
        anomaly: the anomaly.
        width: the longest line (default 200 characters; longer ones end with an ellipsis).
    """
    first = anomaly.explanation.split(". ")[0].rstrip(".") + "."
    head = f"{anomaly.severity.value}: {anomaly.client} / {anomaly.product}{_money(anomaly)}"
    return _clip(f"{head}: {first}", width)


def history_note(history_runs: int, settings: AnomalySettings | None = None) -> str:
    """Which rules can't fire yet with this much history ("" when all can)."""
    cfg = settings or AnomalySettings()
    waiting = [(rule, cfg.min_runs(rule)) for rule in AnomalyRule]
    waiting = [(rule, need) for rule, need in waiting if need > history_runs]
    if not waiting:
        return ""
    needs = ", ".join(f"{rule.value} needs {need}" for rule, need in sorted(waiting, key=_need))
    return (
        f"Only {history_runs} run{'s' if history_runs != 1 else ''} of history so far: "
        f"{needs} runs of a series before it can fire."
    )


def _need(item: tuple[AnomalyRule, int]) -> tuple[int, str]:
    return item[1], item[0].value


def render_anomalies(
    anomalies: Sequence[Anomaly],
    *,
    run_id: int | None,
    checked_at: str | None,
    series: int = 0,
    history_runs: int = 0,
    hidden: int = 0,
) -> str:
    """The ``recon anomalies`` listing: a header, then one block per anomaly.

    Args:
        anomalies: what to list (most urgent first).
        run_id: the run they belong to; None when no run was checked yet.
        checked_at: when that run was checked, as text for people.
        series: (client, product) series the run saw.
        history_runs: runs of history the check read.
        hidden: anomalies marked expected that are not listed.
    """
    if run_id is None:
        return "No run has been checked for anomalies yet: run `recon reconcile` first."
    head = (
        f"Run {run_id} (checked {checked_at}): {series:,} series over {history_runs} "
        f"run{'s' if history_runs != 1 else ''} of history; "
    )
    head += f"{len(anomalies)} anomal{'y' if len(anomalies) == 1 else 'ies'}"
    head += f" ({_counts(anomalies)})" if anomalies else ""
    head += f", {hidden} more marked expected (--include-expected)" if hidden else ""
    out = [head + "."]
    note = history_note(history_runs)
    if note:
        out.append(note)
    for i, a in enumerate(anomalies, start=1):
        out.append("")
        sides = "+".join(s.value for s in a.sides)
        out.append(
            f"{i}. {a.severity.value.upper()}  {a.rule.value}  {a.client} / {a.product} "
            f"({sides}): {format_qty(a.seats)} seats{_money(a)}"
            + ("  [expected]" if a.expected else "")
        )
        out += textwrap.wrap(a.explanation, _WIDTH, initial_indent="   ", subsequent_indent="   ")
        if a.note:
            out += textwrap.wrap(a.note, _WIDTH, initial_indent="   ", subsequent_indent="   ")
        cells = [
            [str(r) for r in a.run_ids],
            [format_qty(q) for q in a.vendor_seats],
            [format_qty(q) for q in a.psa_seats],
        ]
        width = max(len(c) for row in cells for c in row)
        for label, row in zip(("runs", "vendor", "psa"), cells, strict=True):
            out.append(f"   {label:<6}  " + " ".join(c.rjust(width) for c in row))
        out.append(f"   key     {a.key}")
    return "\n".join(out)
