"""Anomalies people marked expected: quiet while the series stays put, back when it moves."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from decimal import Decimal

import numpy as np
import pandas as pd

from recon.anomaly._model import EVERYTHING, RUN_ID, Anomaly, AnomalySettings, ExpectedMark
from recon.model import SeatCol, Side
from recon.money import qty_from_milli

Latest = Mapping[str, Mapping[str, Decimal]]


def settle_expected(
    anomalies: Iterable[Anomaly],
    marks: Mapping[str, ExpectedMark],
    latest: Latest,
    *,
    settings: AnomalySettings | None = None,
) -> tuple[list[Anomaly], list[str]]:
    """Quiet the anomalies people marked expected; lapse the marks whose series moved.

    A mark holds while each side's latest seats stay inside its band: the range the anomaly
    was about when it was marked, widened by max(``band_seats``, ``band_share`` x the top of
    the range), so 2 seats either way on 20 seats, 10 on 100. An anomaly that fires again
    outside the band, or a marked series this run saw outside it (even if its rule is quiet
    now), lapses the mark for good: the anomaly shows again, with a note saying so.

    Args:
        anomalies: what :func:`detect_anomalies` found in this run.
        marks: anomaly key -> active mark.
        latest: anomaly key -> side -> seats in this run, for the marked series this run saw
            (see :func:`latest_seats`).
        settings: the band tolerance (default :class:`AnomalySettings`).

    Returns:
        The anomalies (those a mark still covers flagged ``expected``), and the keys whose
        marks lapse.
    """
    cfg = settings or AnomalySettings()
    out: list[Anomaly] = []
    lapsed: list[str] = []
    for anomaly in anomalies:
        mark = marks.get(anomaly.key)
        if mark is None:
            out.append(anomaly)
        elif holds(mark, anomaly.latest(), cfg):
            out.append(replace(anomaly, expected=True, note=_marked(mark)))
        else:
            lapsed.append(anomaly.key)
            out.append(replace(anomaly, note=f"{_marked(mark)}, but the seats have moved since"))
    fired = {a.key for a in out}
    lapsed += [
        key
        for key, mark in marks.items()
        if key not in fired and key in latest and not holds(mark, latest[key], cfg)
    ]
    return out, lapsed


def holds(mark: ExpectedMark, now: Mapping[str, Decimal], cfg: AnomalySettings) -> bool:
    """True while every side's seats in ``now`` are inside the mark's widened band."""
    for side, (low, high) in mark.bands.items():
        if side in now:
            slack = max(cfg.band_seats, cfg.band_share * abs(high))
            if not low - slack <= now[side] <= high + slack:
                return False
    return True


def latest_seats(history: pd.DataFrame, keys: Iterable[str]) -> dict[str, dict[str, Decimal]]:
    """Side -> seats in the latest run, for each anomaly key whose series that run saw.

    A ``*`` key adds up every row of its client or product in that run.
    """
    wanted = [key.split("|") for key in keys]
    if not wanted or history.empty:
        return {}
    runs = history[RUN_ID].to_numpy()
    rows = history.loc[runs == runs.max()]
    client = rows[SeatCol.CLIENT_KEY].to_numpy(dtype=object)
    product = rows[SeatCol.PRODUCT_KEY].to_numpy(dtype=object)
    vendor = rows[SeatCol.VENDOR_QTY].to_numpy(dtype=np.int64)
    psa = rows[SeatCol.PSA_QTY].to_numpy(dtype=np.int64)
    out: dict[str, dict[str, Decimal]] = {}
    for parts in wanted:
        if len(parts) != 3:
            continue
        client_key, product_key, _rule = parts
        mask = np.ones(len(rows), dtype=bool)
        if client_key != EVERYTHING:
            mask &= client == client_key
        if product_key != EVERYTHING:
            mask &= product == product_key
        if mask.any():
            out["|".join(parts)] = {
                Side.VENDOR.value: qty_from_milli(int(vendor[mask].sum())),
                Side.PSA.value: qty_from_milli(int(psa[mask].sum())),
            }
    return out


def _marked(mark: ExpectedMark) -> str:
    why = f" ({mark.reason})" if mark.reason else ""
    return f"Marked expected by {mark.by} on {mark.at:%Y-%m-%d}{why}"
