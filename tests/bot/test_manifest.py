"""The manifest asks for exactly the scopes and events the code uses."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = (ROOT / "manifest.yml").read_text(encoding="utf-8")
CODE = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "bot").rglob("*.py")))

#: Web API method (as slack_sdk names it) -> the bot scope it needs (None: no scope).
METHOD_SCOPES = {
    "chat_postMessage": "chat:write",
    "chat_update": "chat:write",
    "chat_postEphemeral": "chat:write",
    "conversations_open": "im:write",
    "files_info": "files:read",
    "files_upload_v2": "files:write",
    "users_info": "users:read",
    "users_lookupByEmail": "users:read.email",
    "views_open": None,
    "views_publish": None,
    "views_update": None,
    "auth_test": None,  # checking the token at start-up
}
#: Event -> (the manifest's name for it, the scope it needs).
EVENT_SCOPES = {
    "message": ("message.im", "im:history"),
    "file_shared": ("file_shared", "files:read"),
    "app_home_opened": ("app_home_opened", None),
}


def _list_under(key: str) -> list[str]:
    """The YAML list items right under ``key:`` (the manifest is plain block YAML)."""
    lines = MANIFEST.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"{key}:")
    indent = len(lines[start]) - len(lines[start].lstrip())
    items = []
    for line in lines[start + 1 :]:
        stripped = line.strip()
        if not stripped:
            continue
        if len(line) - len(line.lstrip()) <= indent and not stripped.startswith("- "):
            break
        if stripped.startswith("- "):
            items.append(stripped[2:].strip())
    return items


def test_every_api_method_the_code_calls_is_known() -> None:
    called = set(re.findall(r"\bclient\.([a-z]+_[A-Za-z0-9_]+)\(", CODE))
    assert called, "no Web API calls found"
    assert called <= set(METHOD_SCOPES), f"add the scope of {called - set(METHOD_SCOPES)}"


def test_the_bot_scopes_are_exactly_what_the_code_uses() -> None:
    called = set(re.findall(r"\bclient\.([a-z]+_[A-Za-z0-9_]+)\(", CODE))
    events = set(re.findall(r'app\.event\("([a-z_]+)"\)', CODE))
    needed = {METHOD_SCOPES[m] for m in called} | {EVENT_SCOPES[e][1] for e in events}
    if "url_private_download" in CODE:  # downloads with the bot token
        needed.add("files:read")
    if re.search(r"app\.command\(", CODE):
        needed.add("commands")
    needed.discard(None)
    assert sorted(_list_under("bot")) == sorted(needed)


def test_the_subscribed_events_are_exactly_those_with_listeners() -> None:
    events = set(re.findall(r'app\.event\("([a-z_]+)"\)', CODE))
    assert sorted(_list_under("bot_events")) == sorted(EVENT_SCOPES[e][0] for e in events)


def test_the_app_needs_what_its_features_use() -> None:
    for setting in (
        "home_tab_enabled: true",
        "messages_tab_enabled: true",
        "messages_tab_read_only_enabled: false",
        "socket_mode_enabled: true",
        "is_enabled: true",
        "command: /reconcile",
        "should_escape: true",
    ):
        assert setting in MANIFEST, setting
    assert "usage_hint:" in MANIFEST
