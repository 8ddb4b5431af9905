"""Render a :class:`ReconResult` for people and programs: a text table, JSON and CSV.

Money leaves as exact two-decimal text ("150.00") in JSON and CSV, never as a float. CSV cells
holding names or explanations are neutralised so a spreadsheet can't run them as formulas
(:func:`neutralise`, used by every CSV recon writes). Names come from files and APIs, so
anything shown on a terminal or in Slack first loses its control characters
(:func:`recon.controls.printable`): an export can't colour the screen, move the cursor or set
the clipboard (OSC 52).

One module per job, each private; use the names below:

- ``_fields``: how each gap field is written (:func:`money_text`, :func:`qty_value`) and
  :class:`GapLabel`;
- ``_dicts``: the result as JSON-ready dicts (:func:`result_to_dict`, :func:`gap_to_dict`);
- ``_json``: the JSON document (:func:`render_json`, :func:`write_json`), a large one
  streamed, its long lists written a column at a time by ``_columns``;
- ``_csv``: gaps as spreadsheet-safe CSV (:func:`render_csv`; :func:`neutralise` itself lives in
  :mod:`recon.controls`, which the command line imports without the matcher);
- ``_table``: the text table (:func:`render_table`).
"""

from __future__ import annotations

from recon.controls import neutralise, unneutralise
from recon.report._csv import neutralise_csv, render_csv
from recon.report._dicts import answer_command, gap_to_dict, result_to_dict
from recon.report._fields import GAP_FIELDS, TEXT_FIELDS, GapLabel, money_text, qty_value
from recon.report._json import PRETTY_JSON_LIMIT, render_json, write_json
from recon.report._table import act_by_text, render_table

__all__ = [
    "GAP_FIELDS",
    "PRETTY_JSON_LIMIT",
    "TEXT_FIELDS",
    "GapLabel",
    "act_by_text",
    "answer_command",
    "gap_to_dict",
    "money_text",
    "neutralise",
    "neutralise_csv",
    "qty_value",
    "render_csv",
    "render_json",
    "render_table",
    "result_to_dict",
    "unneutralise",
    "write_json",
]
