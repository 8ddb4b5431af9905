"""Text renderings of anomalies for people: the reconcile footer and ``recon anomalies``."""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Sequence

from recon.anomaly._explain import plural
from recon.anomaly._model import Anomaly, AnomalyRule, AnomalySettings, Period, Severity
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


def anomaly_line(anomaly: Anomaly, *, width: int = 300) -> str:
    """One anomaly in one line, for the digest: severity, client / product, money, since
    when, the first sentence, then what was expected.

    Args:
        anomaly: the anomaly.
        width: the longest line (default 300 characters; longer ones end with an ellipsis).
    """
    first = anomaly.explanation.split(". ")[0].rstrip(".") + "."
    head = f"{anomaly.severity.value}: {anomaly.client} / {anomaly.product}{_money(anomaly)}"
    if anomaly.since is not None:
        head += f", since {anomaly.since:%Y-%m-%d}"
    tail = f" Expected: {anomaly.usual}." if anomaly.usual else ""
    return _clip(f"{head}: {first}{tail}", width)


def numbers_line(anomaly: Anomaly) -> str:
    """The period values an anomaly rests on, in one line.

    ``Months 2026-01 to 2026-06: vendor 20, 24, 28, 32, 36, 40; PSA 20, 20, 20, 20, 20, 20``
    """
    if not anomaly.periods:
        return ""
    span = anomaly.periods[0]
    if len(anomaly.periods) > 1:
        span += f" to {anomaly.periods[-1]}"
    vendor = ", ".join(format_qty(q) for q in anomaly.vendor_seats)
    psa = ", ".join(format_qty(q) for q in anomaly.psa_seats)
    return f"{anomaly.period.value.capitalize()}s {span}: vendor {vendor}; PSA {psa}"


def history_note(
    periods: int,
    period: Period = Period.MONTH,
    months: int | None = None,
    settings: AnomalySettings | None = None,
) -> str:
    """Which rules can't fire yet with this much history ("" when all can).

    Args:
        periods: periods of the cadence seen (months, weeks or days).
        period: the cadence's period (default month).
        months: calendar months seen (default ``periods`` for monthly runs).
        settings: thresholds (default :class:`AnomalySettings`).
    """
    cfg = settings or AnomalySettings()
    months = periods if months is None or period is Period.MONTH else months
    waiting: list[tuple[AnomalyRule, int, Period]] = []
    for rule in AnomalyRule:
        need, unit = cfg.min_history(rule, period)
        if need > (months if unit is Period.MONTH else periods):
            waiting.append((rule, need, unit))
    if not waiting:
        return ""
    waiting.sort(key=lambda w: (w[1] * w[2].days, w[0].value))
    needs = ", ".join(
        f"{rule.value} needs {plural(need, unit.value)}" for rule, need, unit in waiting
    )
    seen = plural(periods, period.value)
    if period is not Period.MONTH:
        seen += f" ({plural(months, 'month')})"
    return f"Only {seen} of history so far: {needs} before it can fire."


def render_anomalies(
    anomalies: Sequence[Anomaly],
    *,
    run_id: int | None,
    checked_at: str | None,
    series: int = 0,
    period: Period = Period.MONTH,
    periods: int = 0,
    months: int = 0,
    hidden: int = 0,
) -> str:
    """The ``recon anomalies`` listing: a header, then one block per anomaly.

    Args:
        anomalies: what to list (most urgent first).
        run_id: the run they belong to; None when no run was checked yet.
        checked_at: when that run was checked, as text for people.
        series: (client, product) series the run saw.
        period: the period the runs' cadence was resampled to.
        periods: periods of history the check read.
        months: calendar months of history the check read.
        hidden: anomalies marked expected that are not listed.
    """
    if run_id is None:
        return "No run has been checked for anomalies yet: run `recon reconcile` first."
    seen = plural(periods, period.value)
    if period is not Period.MONTH:
        seen += f", {plural(months, 'month')}"
    head = f"Run {run_id} (checked {checked_at}): {series:,} series over {seen} of history; "
    head += f"{len(anomalies)} anomal{'y' if len(anomalies) == 1 else 'ies'}"
    head += f" ({_counts(anomalies)})" if anomalies else ""
    head += f", {hidden} more marked expected (--include-expected)" if hidden else ""
    out = [head + "."]
    note = history_note(periods, period, months)
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
        if a.since is not None:
            out.append(f"   since   {a.since:%Y-%m-%d}")
        if a.usual:
            out += textwrap.wrap(
                a.usual, _WIDTH, initial_indent="   usual   ", subsequent_indent=" " * 11
            )
        cells = [
            list(a.periods) or [str(r) for r in a.run_ids],
            [format_qty(q) for q in a.vendor_seats],
            [format_qty(q) for q in a.psa_seats],
        ]
        width = max(len(c) for row in cells for c in row)
        label = a.period.value if a.periods else "runs"
        for name, row in zip((label, "vendor", "psa"), cells, strict=True):
            out.append(f"   {name:<6}  " + " ".join(c.rjust(width) for c in row))
        out.append(f"   key     {a.key}")
    return "\n".join(out)
