"""Uploads: size and login-page checks, detection, pairing across messages, one run per file."""

from __future__ import annotations

from bot.conversation import Conversation
from bot.settings import BotSettings
from recon import Store
from tests.bot.conftest import (
    ADMIN,
    OUTSIDER,
    PSA_CSV,
    VENDOR_CSV,
    Slack,
    blocks_text,
    posted_texts,
)
from tests.bot.fake_slack import FakeSlack

GENERIC = b"Customer,Item,Seats\nAcme,Widget Pro,3\n"


def test_a_file_over_the_limit_is_refused_before_downloading(
    slack: Slack, fake: FakeSlack, settings: BotSettings, store: Store, chat: Conversation
) -> None:
    big = fake.add_file(
        "F0BIG0001", "huge.csv", b"x", user=ADMIN, size=settings.max_upload_bytes + 1
    )
    slack.upload([big])
    assert not [c for c in fake.calls if c.path.startswith("/files/")]  # never downloaded
    assert any("I only read files up to 25.0 MB" in t for t in posted_texts(fake))
    assert chat.held_uploads("DADMIN001:" + ADMIN) == []


def test_slacks_login_page_instead_of_the_file_is_named_as_such(
    slack: Slack, fake: FakeSlack, store: Store
) -> None:
    page = fake.add_file("F0HTML001", "vendor.csv", VENDOR_CSV, user=ADMIN, html=True)
    slack.upload([page])
    assert any("login page instead of *vendor.csv*" in t for t in posted_texts(fake))
    assert store.last_run() is None


def test_an_unreadable_file_gets_recons_own_words(
    slack: Slack, fake: FakeSlack, store: Store
) -> None:
    junk = fake.add_file("F0JUNK001", "notes.csv", b"\x00\x01\x02binary\x00" * 20, user=ADMIN)
    slack.upload([junk])
    texts = posted_texts(fake)
    assert any(t.startswith(":x: notes.csv:") for t in texts), texts
    assert store.last_run() is None


def test_one_file_then_the_other_runs_once_the_pair_is_complete(
    slack: Slack, fake: FakeSlack, store: Store, chat: Conversation
) -> None:
    vendor = fake.add_file("F0VENDOR1", "pc.csv", VENDOR_CSV, user=ADMIN)
    slack.upload([vendor], ts="1.000001")
    said = posted_texts(fake)[-1]
    assert "Got *pc.csv* as the vendor file" in said and "Now upload the PSA export" in said
    assert store.last_run() is None

    psa = fake.add_file("F0PSA0001", "cw.csv", PSA_CSV, user=ADMIN)
    slack.upload([psa], ts="1.000002")
    run = store.last_run()
    assert run is not None and [f.path for f in run.files] == ["pc.csv", "cw.csv"]
    assert fake.calls_to("chat.update")[-1].params["text"].startswith("Done:")
    assert chat.held_uploads("DADMIN001:" + ADMIN) == []


GENERIC_PSA = b"Customer,Item,Seats,Price\nAcme,Widget Pro,2,10.00\n"


def test_a_lone_unknown_file_waits_for_its_partner_without_a_question(
    slack: Slack, fake: FakeSlack, store: Store, chat: Conversation
) -> None:
    generic = fake.add_file("F0GENER01", "export.csv", GENERIC, user=ADMIN)
    slack.upload([generic])
    text = blocks_text(fake.calls_to("chat.postMessage")[-1].params)
    assert "This is the vendor file" not in text
    assert "Now upload the other export" in text
    assert chat.held_upload("F0GENER01").side is None


def test_one_recognised_file_settles_the_other_by_elimination(
    slack: Slack, fake: FakeSlack, store: Store
) -> None:
    """Issue 18.2: the bot asked which file was the vendor's although it had recognised the
    ConnectWise export; the answer follows by elimination."""
    licences = (
        b'Customer,Item,Seats,Unit Cost\n"Wayne Enterprises, Inc.",Microsoft 365 E3,18,36.00\n'
    )
    unknown = fake.add_file("F0GENER01", "licences.csv", licences, user=ADMIN)
    known = fake.add_file("F0PSA0001", "cw.csv", PSA_CSV, user=ADMIN)
    slack.upload([unknown])
    slack.upload([known], ts="1699999999.000200")
    texts = [blocks_text(c.params) for c in fake.calls_to("chat.postMessage")]
    assert not any("This is the vendor file" in t for t in texts)
    assert any("Took *licences.csv* as the vendor file" in t for t in texts)
    run = store.last_run()
    assert run is not None and [f.path for f in run.files] == ["licences.csv", "cw.csv"]


def test_neither_file_recognised_asks_once_and_one_answer_settles_both(
    slack: Slack, fake: FakeSlack, store: Store, chat: Conversation
) -> None:
    first = fake.add_file("F0GENER01", "export.csv", GENERIC, user=ADMIN)
    second = fake.add_file("F0GENER02", "billing.csv", GENERIC_PSA, user=ADMIN)
    slack.upload([first, second])
    questions = [
        c
        for c in fake.calls_to("chat.postMessage")
        if "This is the vendor file" in blocks_text(c.params)
    ]
    assert len(questions) == 1
    asked = "F0GENER01" if "export.csv" in blocks_text(questions[0].params) else "F0GENER02"

    # Someone else may not answer for the uploader.
    slack.click("upload_is_vendor", asked, user=OUTSIDER, channel="DADMIN001", ts="9.1")
    assert chat.held_upload(asked).side is None
    assert "Only <@" in fake.calls_to("chat.postEphemeral")[-1].params["text"]

    slack.click("upload_is_vendor", asked, user=ADMIN, channel="DADMIN001", ts="9.1")
    assert "said this is the vendor file" in fake.calls_to("chat.update")[0].params["text"]
    assert any("as the PSA file" in t for t in posted_texts(fake))
    assert chat.held_uploads("DADMIN001:" + ADMIN) == []  # the pair was taken and run

    # A second click on the old question: the file is no longer waiting.
    slack.click("upload_is_psa", asked, user=ADMIN, channel="DADMIN001", ts="9.1")
    assert "no longer waiting" in fake.calls_to("chat.postEphemeral")[-1].params["text"]


def test_repeated_and_double_events_reconcile_an_upload_once(
    slack: Slack, fake: FakeSlack, store: Store
) -> None:
    vendor = fake.add_file(
        "F0VENDOR1", "pc.csv", VENDOR_CSV, user=ADMIN, channel="DADMIN001", share_ts="1.5"
    )
    psa = fake.add_file(
        "F0PSA0001", "cw.csv", PSA_CSV, user=ADMIN, channel="DADMIN001", share_ts="1.5"
    )
    slack.upload([vendor, psa], event_id="Ev0UPLOAD1")
    slack.upload([vendor, psa], event_id="Ev0UPLOAD1")  # Slack's redelivery after a timeout
    for file_id in ("F0VENDOR1", "F0PSA0001"):  # the file_shared twins of the same upload
        slack.event(
            {
                "type": "file_shared",
                "file_id": file_id,
                "user_id": ADMIN,
                "channel_id": "DADMIN001",
            },
            retry=True,
        )
    assert len(store.runs()) == 1
    downloads = [c for c in fake.calls if c.path.startswith("/files/")]
    assert len(downloads) == 2
    assert len([t for t in posted_texts(fake) if "Reading files" in t]) == 1


def test_a_file_shared_in_a_channel_is_answered_in_its_thread(
    slack: Slack, fake: FakeSlack, store: Store, chat: Conversation
) -> None:
    fake.add_file(
        "F0VENDOR1", "pc.csv", VENDOR_CSV, user=ADMIN, channel="C0TEAM001", share_ts="7.7"
    )
    slack.event(
        {"type": "file_shared", "file_id": "F0VENDOR1", "user_id": ADMIN, "channel_id": "C0TEAM001"}
    )
    reply = fake.calls_to("chat.postMessage")[-1]
    assert reply.params["channel"] == "C0TEAM001" and reply.params["thread_ts"] == "7.7"
    assert chat.held_upload("F0VENDOR1").side == "vendor"


def test_a_bad_file_records_nothing_and_the_good_one_is_kept(
    slack: Slack, fake: FakeSlack, store: Store, chat: Conversation
) -> None:
    header, rest = PSA_CSV.split(b"\n", 1)
    bad = header.replace(b"Quantity", b"Qty Typo") + b"\n" + rest
    vendor = fake.add_file("F0VENDOR1", "pc.csv", VENDOR_CSV, user=ADMIN)
    psa = fake.add_file("F0PSA0001", "cw.csv", bad, user=ADMIN)
    slack.upload([vendor, psa])
    final = fake.calls_to("chat.update")[-1].params["text"]
    assert final.startswith(":x: Nothing was recorded. cw.csv:")
    assert "no column was found for quantity" in final and '--map quantity="Qty Typo"' in final
    assert store.last_run() is None and store.gaps(status="all") == []
    assert chat.held_upload("F0VENDOR1") is not None
    assert chat.held_upload("F0PSA0001") is None
    assert "I still have *pc.csv* as the vendor file" in posted_texts(fake)[-1]

    fixed = fake.add_file("F0PSA0002", "cw-fixed.csv", PSA_CSV, user=ADMIN)
    slack.upload([fixed], ts="2.0")
    run = store.last_run()
    assert run is not None and [f.path for f in run.files] == ["pc.csv", "cw-fixed.csv"]


def test_an_unknown_format_is_explained_in_the_thread(
    slack: Slack, fake: FakeSlack, store: Store, chat: Conversation
) -> None:
    odd = fake.add_file("F0ODD0001", "colours.csv", b"Colour,Size\nred,2\n", user=ADMIN)
    slack.upload([odd], ts="3.3")
    reply = fake.calls_to("chat.postMessage")[-1]
    assert reply.params["thread_ts"] == "3.3"
    assert reply.params["text"].startswith(":x: colours.csv: no header row found")
    assert chat.held_upload("F0ODD0001") is None


def test_the_bots_own_csv_in_the_dm_is_not_taken_for_an_upload(
    slack: Slack, fake: FakeSlack, store: Store, chat: Conversation
) -> None:
    from tests.bot.conftest import BOT_USER

    own = fake.add_file("F0REPORT1", "recon-run-1.csv", VENDOR_CSV, user=BOT_USER)
    slack.upload([own], user=BOT_USER)
    slack.event(
        {
            "type": "file_shared",
            "file_id": "F0REPORT1",
            "user_id": BOT_USER,
            "channel_id": "DADMIN001",
        }
    )
    assert fake.calls == []
    assert chat.held_upload("F0REPORT1") is None


def test_a_plain_dm_gets_a_hint_once(slack: Slack, fake: FakeSlack) -> None:
    event = {
        "type": "message",
        "channel": "DADMIN001",
        "channel_type": "im",
        "user": ADMIN,
        "text": "hi",
        "ts": "4.4",
    }
    slack.event(event, event_id="Ev0HELLO01")
    slack.event(event, event_id="Ev0HELLO01", retry=True)
    hints = [t for t in posted_texts(fake) if "Upload a vendor export" in t]
    assert len(hints) == 1


def test_the_run_answer_names_each_gap_by_the_id_commands_take(
    slack: Slack, fake: FakeSlack, store: Store
) -> None:
    vendor = fake.add_file("F0VENDOR1", "pc.csv", VENDOR_CSV, user=ADMIN)
    psa = fake.add_file("F0PSA0001", "cw.csv", PSA_CSV, user=ADMIN)
    slack.upload([vendor, psa])
    answer = blocks_text(fake.calls_to("chat.update")[-1].params)
    first = store.gaps()[0]
    assert f"`#{first.id}` *{first.client}*" in answer
