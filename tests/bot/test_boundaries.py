"""The bot's boundaries: recon's public names only, no billing code, no Slack call at import."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import recon

ROOT = Path(__file__).resolve().parents[2]
BOT_FILES = sorted((ROOT / "bot").rglob("*.py"))


def test_the_bot_imports_only_recons_public_names() -> None:
    bad = []
    for path in BOT_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("recon"):
                if node.module != "recon":
                    bad.append(f"{path.name}: from {node.module}")
                bad += [f"{path.name}: {a.name}" for a in node.names if a.name not in recon.__all__]
            if isinstance(node, ast.Import):
                bad += [
                    f"{path.name}: import {a.name}"
                    for a in node.names
                    if a.name.startswith("recon")
                ]
    assert bad == []


def test_the_bot_holds_no_data_frames_sql_or_fuzzy_matching() -> None:
    # SQL only in bot/conversation: the bot's own tables (its memory of the conversation).
    own_tables = ROOT / "bot" / "conversation"
    for path in BOT_FILES:
        text = path.read_text(encoding="utf-8")
        words = ["import pandas", "rapidfuzz"]
        if own_tables not in path.parents:
            words += ["import sqlite3", "sqlite_utils", "SELECT "]
        for word in words:
            assert word not in text, f"{path.name} has {word!r}"


def test_the_bots_own_tables_are_reached_only_through_its_memory() -> None:
    own_tables = ROOT / "bot" / "conversation"
    for path in BOT_FILES:
        if own_tables in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "bot.conversation."
            ):
                raise AssertionError(f"{path.name} imports {node.module}: use bot.conversation")


def test_importing_the_bot_makes_no_network_call() -> None:
    code = (
        "import socket\n"
        "def refuse(*a, **k):\n    raise SystemExit('network call at import')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "import bot, bot.app, bot.http, bot.notify, bot.uploads, bot.decisions, bot.__main__\n"
        "print('ok')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert out.stdout.strip() == "ok", out.stderr
