"""Draw the README's pictures: an alert DM (our Block Kit, as Slack would show it), the
digest chart and the preview of a fix in the PSA, from the bundled examples.

    python docs/render_blocks.py   # writes docs/img/alert-dm.png, digest-chart.png, fix-preview.png

The messages are the bot's own (``bot.blocks``), built from a real reconciliation of
``examples/`` on a throw-away database, and drawn with matplotlib (the library the digest
chart already uses), so the pictures show what the code sends, not a mock-up. The fix
preview is planned by ``recon.fix`` from the ConnectWise addition the example export holds
(an export carries no record ids, so the agreement and addition ids are made up).
"""

from __future__ import annotations

import io
import re
import sys
import tempfile
import textwrap
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import FancyBboxPatch  # noqa: E402

from bot.blocks import client_card, fix_modal  # noqa: E402
from bot.client_message import build_card  # noqa: E402
from recon import (  # noqa: E402
    GapKind,
    ReconcileRequest,
    Store,
    StoredGap,
    build_digest,
    render_chart,
    run_reconciliation,
)
from recon.fix import FixInputs, plan_change  # noqa: E402
from recon.sources.writeback import Client, Container, Record  # noqa: E402

OUT = Path(__file__).with_name("img")
_WIDTH = 7.2  # inches at 100 dpi: a Slack message column
_CHARS = 88  # characters per line at the body font size
_EMOJI = {
    ":white_check_mark:": "✓",
    ":bust_in_silhouette:": "•",
    ":mag:": "?",
    ":zzz:": "z",
    ":handshake:": "=",
    ":sparkles:": "*",
    ":label:": "#",
    ":chart_with_downwards_trend:": "~",
    ":information_source:": "i",
}


def _plain(text: str) -> str:
    """mrkdwn as a reader sees it: no markup, mentions as @names, entities decoded."""
    for code, mark in _EMOJI.items():
        text = text.replace(code, mark)
    text = re.sub(r"<@([A-Z0-9]+)>", lambda m: "@" + m.group(1).lower()[:6], text)
    text = re.sub(r"[*`]|(?<!\w)_|_(?!\w)", "", text)
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def _lines(text: str) -> list[str]:
    out: list[str] = []
    for paragraph in _plain(text).split("\n"):
        out.extend(textwrap.wrap(paragraph, _CHARS) or [""])
    return out


def _rows(blocks: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """The blocks as rows to draw: (kind, payload), one per line of text or per control row."""
    rows: list[tuple[str, Any]] = []
    for block in blocks:
        kind = block["type"]
        if kind == "header":
            rows.append(("header", block["text"]["text"]))
        elif kind == "section":
            for line in _lines(block["text"]["text"]):
                rows.append(("text", line))
            accessory = block.get("accessory")
            if accessory and accessory.get("type") == "users_select":
                rows.append(("buttons", [accessory["placeholder"]["text"] + "  ▾"]))
        elif kind == "context":
            for element in block["elements"]:
                for line in _lines(element.get("text", "")):
                    rows.append(("context", line))
        elif kind == "actions":
            rows.append(("buttons", [e["text"]["text"] for e in block["elements"]]))
        elif kind == "divider":
            rows.append(("divider", None))
    return rows


_HEIGHT = {"header": 0.38, "text": 0.22, "context": 0.2, "buttons": 0.42, "divider": 0.16}


def render_message(blocks: list[dict[str, Any]], *, title: str) -> bytes:
    """A PNG of a Block Kit message as Slack lays it out (roughly): one card, top to bottom.

    Args:
        blocks: the message's blocks.
        title: who the message is from, drawn as the sender line.
    """
    rows = _rows(blocks)
    height = 0.7 + sum(_HEIGHT[kind] for kind, _ in rows)
    figure = Figure(figsize=(_WIDTH, height), dpi=100)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, _WIDTH)
    axes.set_ylim(height, 0)
    axes.axis("off")
    axes.add_patch(
        FancyBboxPatch((0.08, 0.08), 0.42, 0.42, boxstyle="round,pad=0.02", color="#4a154b")
    )
    axes.text(0.65, 0.22, title, fontsize=10, fontweight="bold", va="center")
    axes.text(
        0.75 + 0.11 * len(title), 0.22, "APP  9:00 AM", fontsize=7, color="#616061", va="center"
    )
    y = 0.6
    for kind, payload in rows:
        if kind == "header":
            axes.text(0.65, y + 0.18, payload, fontsize=11.5, fontweight="bold", va="center")
        elif kind == "text":
            axes.text(0.65, y + 0.11, payload, fontsize=8.5, va="center", family="DejaVu Sans")
        elif kind == "context":
            axes.text(0.65, y + 0.1, payload, fontsize=7.2, color="#616061", va="center")
        elif kind == "divider":
            axes.plot([0.65, _WIDTH - 0.2], [y + 0.08, y + 0.08], color="#dddddd", linewidth=0.8)
        elif kind == "buttons":
            x = 0.65
            for i, label in enumerate(payload):
                width = 0.18 + 0.075 * len(label)
                primary = i == 0 and "▾" not in label
                axes.add_patch(
                    FancyBboxPatch(
                        (x, y + 0.07),
                        width,
                        0.26,
                        boxstyle="round,pad=0.01,rounding_size=0.05",
                        facecolor="#007a5a" if primary else "white",
                        edgecolor="#007a5a" if primary else "#bbbbbb",
                    )
                )
                axes.text(
                    x + width / 2,
                    y + 0.2,
                    label,
                    fontsize=7.5,
                    ha="center",
                    va="center",
                    fontweight="bold",
                    color="white" if primary else "#1d1c1d",
                )
                x += width + 0.12
        y += _HEIGHT[kind]
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _field_rows(fields: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """A section's fields as (label, value) rows; the bold first line is the label."""
    rows = []
    for element in fields:
        label, _, value = _plain(element["text"]).partition("\n")
        rows.append((label, value))
    return rows


def render_modal(view: dict[str, Any]) -> bytes:
    """A PNG of a Block Kit modal as Slack lays it out (roughly): title, body, buttons.

    Sections with fields are drawn two fields a line, label above value, as Slack does.
    """
    rows: list[tuple[str, Any]] = []
    for block in view["blocks"]:
        if block["type"] == "section" and "fields" in block:
            pairs = _field_rows(block["fields"])
            for start in range(0, len(pairs), 2):
                rows.append(("fields", pairs[start : start + 2]))
        else:
            rows.extend(_rows([block]))
    heights = {**_HEIGHT, "fields": 0.46}
    height = 1.6 + sum(heights[kind] for kind, _ in rows)
    figure = Figure(figsize=(_WIDTH, height), dpi=100)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, _WIDTH)
    axes.set_ylim(height, 0)
    axes.axis("off")
    axes.add_patch(
        FancyBboxPatch(
            (0.1, 0.1),
            _WIDTH - 0.2,
            height - 0.2,
            boxstyle="round,pad=0.02,rounding_size=0.1",
            facecolor="white",
            edgecolor="#bbbbbb",
        )
    )
    axes.text(0.35, 0.42, view["title"]["text"], fontsize=12.5, fontweight="bold", va="center")
    axes.plot([0.1, _WIDTH - 0.1], [0.68, 0.68], color="#dddddd", linewidth=0.8)
    y = 0.8
    for kind, payload in rows:
        if kind == "fields":
            for column, (label, value) in enumerate(payload):
                x = 0.35 + column * (_WIDTH - 0.7) / 2
                axes.text(x, y + 0.1, label, fontsize=8.3, fontweight="bold", va="center")
                axes.text(x, y + 0.3, value, fontsize=8.3, va="center")
        elif kind == "text":
            axes.text(0.35, y + 0.11, payload, fontsize=8.5, va="center")
        elif kind == "context":
            axes.text(0.35, y + 0.1, payload, fontsize=7.2, color="#616061", va="center")
        y += heights[kind]
    axes.plot([0.1, _WIDTH - 0.1], [y + 0.1, y + 0.1], color="#dddddd", linewidth=0.8)
    right = _WIDTH - 0.35
    for label, primary in ((view["submit"]["text"], True), (view["close"]["text"], False)):
        width = 0.3 + 0.08 * len(label)
        right -= width
        axes.add_patch(
            FancyBboxPatch(
                (right, y + 0.25),
                width,
                0.32,
                boxstyle="round,pad=0.01,rounding_size=0.05",
                facecolor="#007a5a" if primary else "white",
                edgecolor="#007a5a" if primary else "#bbbbbb",
            )
        )
        axes.text(
            right + width / 2,
            y + 0.41,
            label,
            fontsize=8,
            ha="center",
            va="center",
            fontweight="bold",
            color="white" if primary else "#1d1c1d",
        )
        right -= 0.15
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def fix_preview(gap: StoredGap, *, today: datetime) -> dict[str, Any]:
    """The modal "Update ConnectWise to N" opens for a gap of the examples: planned by
    ``recon.fix`` from the addition the example export holds (made-up ids)."""
    agreement = Container("3021", "Globex Corporation - Managed Services", 1)
    addition = Record(
        "14807",
        agreement,
        "Microsoft 365 E3",
        "M365-E3",
        quantity=Decimal(20),
        billed=Decimal(20),
        price=Decimal("43.20"),
        effective="2026-01-01",
    )
    client = Client((("19", "Globex Corporation"),), (agreement,), (addition,))
    plan, _ = plan_change(
        FixInputs(
            gap=gap,
            psa="connectwise",
            client=client,
            to=gap.vendor_qty,
            mode="replace",
            effective=today.date(),
            matches=lambda name, sku: sku == "M365-E3",
        )
    )
    return fix_modal(plan, {"g": gap.id, "k": plan.key})


def pictures() -> dict[str, bytes]:
    """The README's pictures, from a real run of the examples: name -> PNG bytes."""
    vendor = (ROOT / "examples" / "vendor_partner_center.csv").read_bytes()
    psa = (ROOT / "examples" / "psa_connectwise.csv").read_bytes()
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    now = [start]
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "recon.db", clock=lambda: now[0])
        # Six weekly runs; two gaps fixed in the PSA along the way make the chart move.
        fixes = {
            3: (b",M365 BP,10,0,$26.40,$264.00", b",M365 BP,18,0,$26.40,$475.20"),  # Wayne
            4: (b",M365 BP,20,5,$26.40,$396.00", b",M365 BP,20,0,$26.40,$528.00"),  # Kord
        }
        text = psa
        for week in range(6):
            now[0] = start + timedelta(weeks=week)
            if week in fixes:
                text = text.replace(*fixes[week])
            run_reconciliation(
                ReconcileRequest(vendor=vendor, psa=text, vendor_name="pc.csv", psa_name="cw.csv"),
                store=store,
                clock=lambda: now[0],
            )
        store.set_owner("Pied Piper", slack_user="UANNAM001", by="docs")
        key = store.resolve_client("Pied Piper")
        gaps = [g.id for g in store.gaps(client=key)]
        card = build_card(store, key, gap_ids=gaps)
        alert = client_card(card, zone=store.settings().zone, now=now[0])
        digest = build_digest(store, now=now[0])
        globex = store.resolve_client("Globex Corporation")
        [gap] = [g for g in store.gaps(client=globex) if g.kind is GapKind.QUANTITY_MISMATCH]
        return {
            "alert-dm.png": render_message(alert.blocks, title="recon"),
            "digest-chart.png": render_chart(digest.weeks),
            "fix-preview.png": render_modal(fix_preview(gap, today=now[0])),
        }


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, data in pictures().items():
        (OUT / name).write_bytes(data)
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
