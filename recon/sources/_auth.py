"""OAuth client-credentials tokens, cached for their lifetime and renewed when they expire.

A token is requested on first use and kept until shortly before ``expires_in`` runs out (by
the injected clock), or until the service answers 401, which :class:`HttpClient` reports
through :meth:`BearerToken.renew`.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

from recon.sources._http import HttpClient
from recon.sources._shape import as_dict

#: Renew this long before the token says it expires (clock skew, slow requests).
_MARGIN = dt.timedelta(seconds=60)
#: Lifetime assumed when a token endpoint doesn't say.
_DEFAULT_LIFETIME = 3600.0

TokenRequest = Callable[[], tuple[str, float]]


class BearerToken:
    """``Authorization: Bearer`` from a token endpoint, cached and renewable.

    Args:
        http: the client (its secrets list learns every token issued).
        request_token: asks the endpoint; returns ``(token, lifetime in seconds)``.
    """

    def __init__(self, http: HttpClient, request_token: TokenRequest) -> None:
        self._http = http
        self._request_token = request_token
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires = dt.datetime.min.replace(tzinfo=dt.UTC)

    def token(self) -> str:
        """A valid token: the cached one, or a fresh one when it is missing or expired."""
        with self._lock:
            now = self._http.runtime.clock()
            if self._token is None or now >= self._expires:
                token, lifetime = self._request_token()
                self._http.add_secret(token)
                usable = dt.timedelta(seconds=lifetime)
                self._token = token
                self._expires = now + max(usable - _MARGIN, usable / 2)
            return self._token

    def apply(self, headers: dict[str, str]) -> None:
        """Add ``Authorization: Bearer <token>``."""
        headers["Authorization"] = f"Bearer {self.token()}"

    def renew(self) -> bool:
        """Forget the cached token; the next request gets a fresh one."""
        with self._lock:
            self._token = None
        return True


def read_token(doc: Any, http: HttpClient) -> tuple[str, float]:
    """``(access token, lifetime)`` from a token response (snake_case or camelCase keys).

    Raises:
        SourceError: "unexpected" when there is no token in the response.
    """
    body = as_dict(doc, http, "a token response")
    token = body.get("access_token") or body.get("accessToken")
    if not isinstance(token, str) or not token.strip():
        raise http.error("sent a token response with no access token")
    lifetime = body.get("expires_in", body.get("expiresIn"))
    try:
        seconds = float(lifetime) if lifetime is not None else _DEFAULT_LIFETIME
    except (TypeError, ValueError):
        seconds = _DEFAULT_LIFETIME
    return token.strip(), max(seconds, 1.0)
