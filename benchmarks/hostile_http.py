"""How the bot's HTTP mode takes 20 MB unsigned POSTs: status, time and memory growth.

    PYTHONPATH=. python -m benchmarks.hostile_http

Serves the real app through waitress on 127.0.0.1 (against the tests' fake Slack, so nothing
leaves the machine), posts 20 MB unsigned bodies to /slack/events, /healthz and another path
(and one chunked), and prints each answer, how long it took, and how much this process grew.
tests/bot/test_http_hygiene.py asserts the same without timing.
"""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path

from waitress import wasyncore
from waitress.server import create_server

from bot.app import build_app
from bot.http import EVENTS_PATH, HEALTH_PATH, make_wsgi_app
from bot.settings import BotSettings
from recon import Store
from tests.bot.conftest import ADMIN, SECRET, InlineExecutor, authorize
from tests.bot.fake_slack import FakeSlack
from tests.bot.test_http_hygiene import MB, _raw_post, _rss_kb


def main() -> None:
    """Print one line per request, then the growth of this process."""
    with FakeSlack() as fake, tempfile.TemporaryDirectory() as folder:
        settings = BotSettings(
            bot_token="xoxb-x",
            signing_secret=SECRET,
            admins=frozenset({ADMIN}),
            api_url=fake.api_url,
        )
        store = Store.open(Path(folder) / "recon.db")
        app = build_app(settings, store, authorize=authorize, listener_executor=InlineExecutor())
        wsgi = make_wsgi_app(app, signing_secret=SECRET, max_body=settings.max_request_bytes)
        server = create_server(
            wsgi, host="127.0.0.1", port=0, max_request_body_size=settings.max_request_bytes + 1
        )
        stop = threading.Event()

        def loop() -> None:
            while not stop.is_set():
                wasyncore.loop(timeout=0.05, map=server._map, count=1)

        threading.Thread(target=loop, daemon=True).start()
        before = _rss_kb()
        for path in (EVENTS_PATH, HEALTH_PATH, "/other"):
            start = time.perf_counter()
            status = _raw_post(int(server.effective_port), path, 20 * MB)
            print(f"{path}: {status} in {(time.perf_counter() - start) * 1000:.1f} ms")
        start = time.perf_counter()
        status = _raw_post(int(server.effective_port), EVENTS_PATH, 20 * MB, chunked=True)
        print(f"{EVENTS_PATH} chunked: {status} in {(time.perf_counter() - start) * 1000:.1f} ms")
        print(f"process grew by {(_rss_kb() - before) / 1024:.1f} MB")
        stop.set()


if __name__ == "__main__":
    main()
