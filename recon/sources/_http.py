"""One careful HTTP client for every connector: timeouts, bounded retries, clear errors.

Every request has a timeout. 429, 5xx and connection failures are retried with exponential
backoff, honouring ``Retry-After`` (seconds or an HTTP date) up to :attr:`Runtime.max_wait`;
waiting goes through the injected ``sleep`` and dates are judged by the injected ``clock``,
so tests assert the waits instead of sitting through them. A 401 on an authenticated call
renews the credentials once (an expired token) before it counts as bad credentials.

Failures become :class:`~recon.errors.SourceError` with a ``kind`` a person can act on::

    credentials   401 (or a token endpoint refusing the client)    check the keys
    permission    403                                               grant the API user access
    unreachable   connection errors, timeouts, 5xx after retries    check the URL / network
    rate_limited  429 after retries, or a Retry-After too long      try later
    unexpected    other statuses, not JSON, missing fields          tell us

Messages name the system and the endpoint's path; never a query string, a header, a secret
or a full URL. Known secrets (and tokens as they are issued) are scrubbed from any response
text quoted in a message, and hosts and query strings are scrubbed from the HTTP stack's
own log lines (``httpx``, ``httpcore``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from recon.clock import utc_now
from recon.errors import SourceError
from recon.sources._wire import (
    error_code,
    error_detail,
    parse_json_bytes,
    retry_after_seconds,
    transport_reason,
)

if TYPE_CHECKING:
    import ssl

    # Imported where a client is made or a request sent: a run from files, and every
    # command that pulls nothing, never loads the HTTP and TLS stack.
    import httpx

log = logging.getLogger("recon.sources")

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Runtime:
    """How connectors meet the world: time, waiting, timeouts and retries.

    Tests pass a fake ``clock`` and a ``sleep`` that records instead of waiting.

    Attributes:
        clock: the current UTC time (default: the system clock).
        sleep: waits this many seconds (default :func:`time.sleep`).
        timeout: seconds for connecting and for each read (default 30).
        attempts: tries per request, the first included (default 5).
        backoff: first retry delay in seconds, doubled each time (default 1).
        max_backoff: longest computed delay (default 60).
        max_wait: longest ``Retry-After`` honoured; longer ones fail as rate-limited
            (default 300).
        transport: an ``httpx`` transport to use instead of the network (default none).
    """

    clock: Callable[[], dt.datetime] = utc_now
    sleep: Callable[[float], None] = time.sleep
    timeout: float = 30.0
    attempts: int = 5
    backoff: float = 1.0
    max_backoff: float = 60.0
    max_wait: float = 300.0
    transport: httpx.BaseTransport | None = None


@functools.cache
def _tls() -> ssl.SSLContext:
    """One verifying TLS context for every client: loading the CA bundle costs tens of
    milliseconds, and each pull and each fix opens its own clients."""
    import httpx  # noqa: PLC0415 - see the note at the imports

    return httpx.create_ssl_context()


class Auth(Protocol):
    """Credentials added to a request; renewable when the service says they expired."""

    def apply(self, headers: dict[str, str]) -> None:
        """Add the credential headers."""

    def renew(self) -> bool:
        """Forget cached credentials; True when trying again with fresh ones may help."""


class HeaderAuth:
    """Fixed credential headers (ConnectWise, Autotask): nothing to renew."""

    def __init__(self, headers: Mapping[str, str]) -> None:
        self._headers = dict(headers)

    def apply(self, headers: dict[str, str]) -> None:
        """Add the credential headers."""
        headers.update(self._headers)

    def renew(self) -> bool:
        """Fixed keys don't expire; a 401 means they are wrong."""
        return False


class HttpClient:
    """Requests to one system, with retries, renewal of expired tokens and clear errors.

    Args:
        system: the name people know ("Pax8", "ConnectWise Manage"), used in messages.
        source: the registry name, for :attr:`SourceError.source`.
        runtime: clock, sleep, timeouts and retry policy.
        url_setting: the variable that holds the base URL, named in "unreachable" errors.
        credential_settings: the variables holding the credentials, named in "credentials"
            errors.
        secrets: values that must never appear in a message.
        max_concurrency: the most requests in flight at once (default: no limit).
        headers: sent with every request.
    """

    def __init__(
        self,
        system: str,
        *,
        source: str,
        runtime: Runtime,
        url_setting: str,
        credential_settings: str,
        secrets: Iterable[str] = (),
        max_concurrency: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.system = system
        self.source = source
        self.runtime = runtime
        self.url_setting = url_setting
        self.credential_settings = credential_settings
        self._secrets = {s for s in secrets if s}
        self._secrets_lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(max_concurrency) if max_concurrency else None
        import httpx  # noqa: PLC0415 - see the note at the imports

        self._client = httpx.Client(
            timeout=httpx.Timeout(runtime.timeout),
            verify=_tls(),
            transport=runtime.transport,
            follow_redirects=False,
            headers={"User-Agent": "msp-billing-recon", **(headers or {})},
        )

    def add_secret(self, value: str) -> None:
        """Never show this value (an issued token, a SAS signature) in a message."""
        if value:
            with self._secrets_lock:
                self._secrets.add(value)

    def redact(self, text: str) -> str:
        """``text`` with every known secret replaced by ``***``."""
        with self._secrets_lock:
            secrets = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets:
            text = text.replace(secret, "***")
        return text

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def error(self, message: str, kind: str = "unexpected") -> SourceError:
        """A :class:`SourceError` about this system, scrubbed of secrets."""
        return SourceError(self.redact(f"{self.system} {message}"), source=self.source, kind=kind)

    # --- requests ---------------------------------------------------------------------
    def request(
        self,
        method: str,
        url: str,
        *,
        what: str | None = None,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        form: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        auth: Auth | None = None,
        credential_statuses: frozenset[int] = frozenset({401}),
        allow: frozenset[int] = frozenset(),
        url_setting: str | None = None,
    ) -> httpx.Response:
        """Send a request; retry what is worth retrying; raise a clear error otherwise.

        Args:
            method: ``GET``, ``POST``...
            url: absolute URL.
            what: how to name the call in messages (default ``METHOD /path``).
            params: query parameters.
            json_body: a JSON body.
            form: a form-encoded body.
            headers: extra headers.
            auth: credentials to add (renewed once on a 401).
            credential_statuses: statuses that mean bad credentials (token endpoints also
                answer 400 for a wrong secret).
            allow: statuses returned to the caller instead of raising (e.g. 404).
            url_setting: the variable holding this URL, when not the client's (a token URL);
                "" when no setting holds it (a download link).

        Returns:
            The 2xx (or allowed) response.

        Raises:
            SourceError: with the kind described in the module docstring.
        """
        label = what or f"{method} {urlsplit(url).path or '/'}"
        import httpx  # noqa: PLC0415 - see the note at the imports

        renewed = False
        attempt = 0
        while True:
            attempt += 1
            sent = dict(headers or {})
            if auth is not None:
                auth.apply(sent)
            try:
                response = self._send(method, url, params, json_body, form, sent)
            except httpx.TransportError as err:
                reason = transport_reason(err)
                if attempt >= self.runtime.attempts:
                    setting = self.url_setting if url_setting is None else url_setting
                    check = f"{setting} and the network" if setting else "the network"
                    raise self.error(
                        f"can't be reached ({reason}) for {label} after {attempt} attempts; "
                        f"check {check}",
                        "unreachable",
                    ) from None
                self._wait(self._backoff(attempt), f"{reason} on {label}", attempt)
                continue
            status = response.status_code
            if status == 401 and auth is not None and not renewed and auth.renew():
                renewed = True  # an expired token: one more go with a fresh one
                log.info("%s: credentials expired on %s; renewed them", self.system, label)
                attempt -= 1
                continue
            if status in allow or 200 <= status < 300:
                return response
            if status in _RETRY_STATUSES:
                self._retry_or_raise(response, label, attempt)
                continue
            raise self._status_error(response, label, credential_statuses)

    def json(self, method: str, url: str, **kwargs: Any) -> Any:
        """:meth:`request`, then the body as JSON (decimals exact).

        Raises:
            SourceError: as :meth:`request`, or "unexpected" when the body is not JSON.
        """
        label = kwargs.get("what") or f"{method} {urlsplit(url).path or '/'}"
        response = self.request(method, url, **kwargs)
        return self.parse(response, label)

    def parse(self, response: httpx.Response, label: str) -> Any:
        """A response body as JSON, or an "unexpected" error naming the call."""
        try:
            return parse_json_bytes(response.content)
        except ValueError:
            raise self.error(f"sent a response to {label} that is not JSON") from None

    # --- internals --------------------------------------------------------------------
    def _send(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        json_body: Any,
        form: Mapping[str, str] | None,
        headers: Mapping[str, str],
    ) -> httpx.Response:
        content = None
        if json_body is not None:
            content = json.dumps(json_body, default=str).encode("utf-8")
            headers = {"Content-Type": "application/json", **headers}
        if self._slots is None:
            return self._client.request(
                method, url, params=params, content=content, data=form, headers=headers
            )
        if not self._slots.acquire(blocking=False):
            log.debug("%s: the most requests allowed are in flight; waiting for one", self.system)
            self._slots.acquire()
        try:
            return self._client.request(
                method, url, params=params, content=content, data=form, headers=headers
            )
        finally:
            self._slots.release()

    def _backoff(self, attempt: int) -> float:
        return float(min(self.runtime.backoff * 2 ** (attempt - 1), self.runtime.max_backoff))

    def _wait(self, seconds: float, why: str, attempt: int) -> None:
        log.warning(
            "%s: %s; retrying in %gs (attempt %d of %d)",
            self.system,
            why,
            seconds,
            attempt + 1,
            self.runtime.attempts,
        )
        self.runtime.sleep(seconds)

    def _retry_or_raise(self, response: httpx.Response, label: str, attempt: int) -> None:
        status = response.status_code
        asked = retry_after_seconds(response.headers.get("Retry-After"), self.runtime.clock())
        if status == 429 and asked is not None and asked > self.runtime.max_wait:
            raise self.error(
                f"is rate-limiting us (HTTP 429 on {label}) and asks to wait {asked:.0f}s; "
                "try again later",
                "rate_limited",
            )
        if attempt >= self.runtime.attempts:
            if status == 429:
                raise self.error(
                    f"is still rate-limiting us (HTTP 429 on {label}) after {attempt} "
                    "attempts; try again later",
                    "rate_limited",
                )
            raise self.error(
                f"kept failing (HTTP {status} on {label}) after {attempt} attempts; "
                "the service may be down, try again later",
                "unreachable",
            )
        wait = asked if asked is not None else self._backoff(attempt)
        self._wait(min(wait, self.runtime.max_wait), f"HTTP {status} on {label}", attempt)

    def _status_error(
        self, response: httpx.Response, label: str, credential_statuses: frozenset[int]
    ) -> SourceError:
        status = response.status_code
        if status in credential_statuses:
            code = error_code(response)
            return self.error(
                f"rejected the credentials (HTTP {status}{code} on {label}); "
                f"check {self.credential_settings}",
                "credentials",
            )
        if status == 403:
            return self.error(
                f"refused access to {label} (HTTP 403): the API user or app lacks permission "
                "for it; grant it in the vendor's portal",
                "permission",
            )
        if 300 <= status < 400:
            return self.error(
                f"redirected {label} (HTTP {status}); check {self.url_setting}", "unexpected"
            )
        detail = self.redact(error_detail(response))
        return self.error(f"answered HTTP {status} to {label}{detail}", "unexpected")
