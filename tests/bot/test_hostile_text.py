"""Data can't mention, link or drive a terminal: every message built from an export is escaped.

An export whose client is called ``<!channel>`` and carries OSC 52 and colour codes, a file
named ``<!here>.csv``, a cell quoting ``<@U...>``: whatever the bot posts (thread replies,
run summaries, channel cards, DMs, errors) shows them as text and pings nobody.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.conversation import Conversation
from bot.notify import notify_after_run
from bot.settings import BotSettings
from recon import Store
from tests.bot.conftest import ADMIN, PSA_CSV, VENDOR_CSV, Slack, web_client
from tests.bot.fake_slack import FakeSlack

EVIL = "Pied Piper <!channel> <!here> <@U0EVIL001> <#C0EVIL01|x> & \x1b]52;c;ZXZpbA==\x07\x1b[31m"
FORBIDDEN = ("<!channel>", "<!here>", "<@U0EVIL001>", "<#C0EVIL01", "\x1b", "\x07", "\x9b")


def _everything_posted(fake: FakeSlack) -> str:
    return json.dumps([c.params for c in fake.calls], ensure_ascii=False)


def _parsed_texts(value: Any, *, plain: bool = False) -> Iterator[str]:
    """Every string Slack would parse for mentions and links: all but plain_text objects
    (a header shows ``<!channel>`` as typed; it never notifies); ``plain``: those too."""
    if isinstance(value, str):
        if value.startswith(("[", "{")):
            try:
                value = json.loads(value)
            except ValueError:
                yield value
                return
            yield from _parsed_texts(value, plain=plain)
            return
        yield value
    elif isinstance(value, dict):
        if value.get("type") == "plain_text" and not plain:
            return
        for item in value.values():
            yield from _parsed_texts(item, plain=plain)
    elif isinstance(value, list):
        for item in value:
            yield from _parsed_texts(item, plain=plain)


def _assert_inert(fake: FakeSlack) -> None:
    mentions = [
        (c.method, bad)
        for c in fake.calls
        for text in _parsed_texts(c.params)
        for bad in FORBIDDEN[:4]
        if bad in text
    ]
    assert mentions == []
    controls = [
        (c.method, bad)
        for c in fake.calls
        for text in _parsed_texts(c.params, plain=True)
        for bad in FORBIDDEN[4:]
        if bad in text
    ]
    assert controls == []  # not even in plain text


def test_hostile_names_in_a_run_are_shown_escaped_everywhere(
    slack: Slack, fake: FakeSlack, store: Store, settings: BotSettings, chat: Conversation
) -> None:
    vendor = VENDOR_CSV.replace(b",Pied Piper,", f",{EVIL},".encode())
    psa = PSA_CSV.replace(b"Pied Piper Inc", EVIL.encode())
    files = [
        fake.add_file("F0VENDOR1", "vendor<!here>.csv", vendor, user=ADMIN),
        fake.add_file("F0PSA0001", "psa.csv", psa, user=ADMIN),
    ]
    slack.upload(files)
    assert store.last_run() is not None

    notify_after_run(web_client(fake), store, chat, settings)
    posted = _everything_posted(fake)
    assert "&lt;!channel&gt;" in posted  # the name is still shown, as text
    assert "vendor&lt;!here&gt;.csv" in posted
    _assert_inert(fake)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("<!channel>.csv", b"Colour,Size\nred,2\n", id="unknown format"),
        pytest.param(
            "cw.csv",
            PSA_CSV.replace(b",40,0,$33.00", b",<@U0EVIL001>\x1b]52;c;eA==\x07,0,$33.00"),
            id="a bad cell quoted in the error",
        ),
    ],
)
def test_thread_replies_about_bad_files_are_escaped(
    slack: Slack, fake: FakeSlack, store: Store, name: str, content: bytes
) -> None:
    files = [
        fake.add_file("F0VENDOR1", "pc.csv", VENDOR_CSV, user=ADMIN),
        fake.add_file("F0BAD0001", name, content, user=ADMIN),
    ]
    slack.upload(files)
    assert store.last_run() is None
    _assert_inert(fake)


def test_a_slash_alias_with_a_mention_is_escaped_in_the_reply(
    slack: Slack, fake: FakeSlack
) -> None:
    slack.command("alias &lt;!channel&gt; = Acme")  # Slack sends the text escaped
    [reply] = fake.wait_for("/webhook")
    assert "&lt;!channel&gt;" in reply.params["text"]
    _assert_inert(fake)
