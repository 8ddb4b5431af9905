"""What recon prints and writes: no terminal control from data, no formula in any CSV.

A client named with an OSC 52 sequence (set the clipboard), colour codes or a formula must
reach the terminal as plain text and a spreadsheet as text, in every output.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from recon.cli import cli
from recon.controls import printable
from recon.report import neutralise_csv, unneutralise
from recon.store import Store, read_owners_csv
from tests.conftest import FakeClock
from tests.recon.store.build import make_gap, make_result

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "examples" / "vendor_partner_center.csv"
PSA = ROOT / "examples" / "psa_connectwise.csv"
HOSTILE = "Pied Piper \x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b[31mRed\x9b1mSpoof"
CONTROLS = ("\x1b", "\x07", "\x9b", "\r")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\x1b]52;c;ZXZpbA==\x07b", "ab"),  # OSC 52: set the clipboard
        ("\x1b]0;title\x1b\\x", "x"),  # OSC ended by ST: the window title
        ("\x1b[31mred\x1b[0m", "red"),  # colours
        ("x\x9b2Jy", "xy"),  # 8-bit CSI
        ("\x1bPq#0;2;0;0;0\x1b\\z", "z"),  # DCS (sixel)
        ("over\rwrite", "overwrite"),  # a bare CR would overwrite the line
        ("tab\tand\r\nnewline", "tab\tand\r\nnewline"),
        ("nul\x00 del\x7f bell\x07", "nul del bell"),
        ("Zürich 日本 Ærø", "Zürich 日本 Ærø"),
    ],
)
def test_printable_drops_what_a_terminal_would_act_on(text: str, shown: str) -> None:
    assert printable(text) == shown


def _hostile_files(tmp_path: Path) -> tuple[Path, Path]:
    vendor, psa = tmp_path / "vendor.csv", tmp_path / "psa.csv"
    vendor.write_bytes(VENDOR.read_bytes().replace(b",Pied Piper,", f",{HOSTILE},".encode()))
    psa.write_bytes(PSA.read_bytes())  # the hostile name is a vendor-only client: it has gaps
    return vendor, psa


@pytest.mark.parametrize("output_format", ["table", "csv", "json"])
def test_no_control_character_from_a_file_reaches_the_terminal(
    tmp_path: Path, output_format: str
) -> None:
    vendor, psa = _hostile_files(tmp_path)
    db = str(tmp_path / "recon.db")
    result = CliRunner().invoke(
        cli, ["reconcile", str(vendor), str(psa), "--db", db, "--format", output_format]
    )
    assert result.exit_code == 0, result.output
    text = result.output.replace("\r\n", "\n")
    assert [c for c in CONTROLS if c in text] == []
    assert "Pied Piper 2J" not in text  # the sequences went, not just their ESC
    assert "RedSpoof" in text or output_format == "table"  # the table clips long names
    gaps = CliRunner().invoke(cli, ["gaps", "--db", db])
    assert [c for c in CONTROLS if c in gaps.output] == []


def test_an_error_quoting_a_hostile_cell_is_printed_plain(tmp_path: Path) -> None:
    psa = tmp_path / "psa.csv"
    psa.write_bytes(PSA.read_bytes().replace(b",40,0,$33.00", b",4\x1b]52;c;eA==\x070,0,$33.00"))
    result = CliRunner().invoke(
        cli, ["reconcile", str(VENDOR), str(psa), "--db", str(tmp_path / "r.db")]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert [c for c in CONTROLS if c in result.output] == []


def test_the_owners_export_neutralises_formulas_and_reads_back(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = tmp_path / "recon.db"
    store = Store.open(db, clock=clock)
    store.record_run(make_result(make_gap("=HYPERLINK(x)"), make_gap("+Plus Corp")))
    store.set_owner("=HYPERLINK(x)", slack_user="U0AAAAAAA", by="cli:test")
    store.set_owner("+Plus Corp", slack_user="U0BBBBBBB", by="cli:test")
    out = tmp_path / "owners.csv"
    result = CliRunner().invoke(cli, ["owners", "export", "--db", str(db), "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert sorted(r[0] for r in rows[1:]) == ["'+Plus Corp", "'=HYPERLINK(x)"]
    back = read_owners_csv(out.read_text(encoding="utf-8"))
    assert sorted(r.client for r in back) == ["+Plus Corp", "=HYPERLINK(x)"]
    again = CliRunner().invoke(cli, ["owners", "import", str(out), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert "2 already as given" in again.output


def test_neutralise_csv_leaves_numbers_alone() -> None:
    data = "client,product,quantity\r\n=cmd,@SUM(A1),-3\r\nAcme,M365,4\r\n"
    assert neutralise_csv(data, ["client", "product"]) == (
        "client,product,quantity\r\n'=cmd,'@SUM(A1),-3\r\nAcme,M365,4\r\n"
    )
    assert unneutralise("'=cmd") == "=cmd" and unneutralise("'quoted") == "'quoted"


def test_printable_removes_every_character_the_full_rule_would() -> None:
    # printable() skips the full rule when no character of a quick class is present: the
    # class must hold every character a control sequence can start with.
    from recon.controls import _CONTROLS

    for code in range(0x3000):
        text = f"a{chr(code)}[1mb"
        assert printable(text) == _CONTROLS.sub("", text), hex(code)
    # A CR ending a line stays (a CSV report's CR LF); any other is taken out.
    for text in ("a\r\nb", "a\rb", "a\r", "\r\n\r", "x\r\r\ny", "\r\n"):
        assert printable(text) == _CONTROLS.sub("", text), repr(text)


def _through_json_output(texts: list[str]) -> str:
    from recon.cli.output import JsonOutput, PrintableStream

    buffer = io.StringIO()
    out = JsonOutput(PrintableStream(buffer))  # type: ignore[arg-type]
    for text in texts:
        assert out.write(text) == len(text)
    return buffer.getvalue()


def test_json_on_standard_output_drops_what_printable_would() -> None:
    # A JSON report skips the filter's scan where the encoder's text holds nothing it would
    # drop; every character a name can hold, ASCII or not, must still come out as the
    # filter would write it (DEL and the C1 controls are not escaped by json).
    for code in range(0x3000):
        for name in (f"a{chr(code)}[1mb", f"\u00e9 {chr(code)}[2J", f"{chr(code)}"):
            text = json.dumps({"client": name, "n": [1, 2]}, ensure_ascii=False)
            # The filter works a write at a time, as standard output always did.
            assert _through_json_output([text, "\n"]) == printable(text) + "\n", hex(code)
    pretty = json.dumps({"a": ["x\x7fy", "\x9b1m"]}, indent=2, ensure_ascii=False)
    assert _through_json_output(["[", pretty, "]"]) == "[" + printable(pretty) + "]"


def test_a_json_report_on_standard_output_is_the_file_report_filtered(tmp_path: Path) -> None:
    vendor, psa = tmp_path / "vendor.csv", tmp_path / "psa.csv"
    named = "Pied Piper Del\x7fEte \x85Next\x9b31mLine"
    vendor.write_bytes(VENDOR.read_bytes().replace(b",Pied Piper,", f",{named},".encode()))
    psa.write_bytes(PSA.read_bytes())
    common = [str(vendor), str(psa), "--db", str(tmp_path / "r.db"), "--format", "json"]
    shown = CliRunner().invoke(cli, ["reconcile", *common, "--no-save"])
    report = tmp_path / "report.json"
    written = CliRunner().invoke(cli, ["reconcile", *common, "--no-save", "--output", str(report)])
    assert shown.exit_code == 0 and written.exit_code == 0, shown.output + written.output
    stamp = re.compile(r'"generated_at": "[^"]*"')
    filtered = printable(report.read_text(encoding="utf-8"))
    assert "Del\x7f" not in shown.stdout and "DelEte" in shown.stdout
    assert stamp.sub("", shown.stdout) == stamp.sub("", filtered)


def test_output_inside_two_printable_blocks_is_filtered_once() -> None:
    # The recon group and a command's reports_errors each open a block: the inner one must
    # keep the outer's filter, and a JSON report's unfiltered writes must reach the terminal's
    # own stream, not a second filter (half a second of a 60,000-client report).
    from recon.cli.output import JsonOutput, PrintableStream, printable_output

    original = sys.stdout
    with printable_output(), printable_output():
        assert isinstance(sys.stdout, PrintableStream) and sys.stdout._stream is original
        assert JsonOutput(sys.stdout)._raw is original
        nested = PrintableStream(PrintableStream(original))  # type: ignore[arg-type]
        assert JsonOutput(nested)._raw is original  # type: ignore[arg-type]
    assert sys.stdout is original
