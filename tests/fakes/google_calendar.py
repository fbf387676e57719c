"""A local server speaking the Google Calendar v3 wire protocol (the parts we use).

``events.list`` with pages (``pageToken``/``nextPageToken``), incremental sync
(``syncToken``/``nextSyncToken``, cancelled events included), 410 GONE for expired tokens,
``calendars.get`` for the zone, the OAuth token endpoint, and injectable failures (429,
403 rateLimitExceeded, 500...) for the next requests.

The OAuth consent screen is ``/authorize``: it grants at once (or refuses, with
``deny_consent``) and redirects to the ``redirect_uri`` with a one-time ``code`` and the
given ``state``, as Google does. ``/token`` trades that code only for the PKCE
``code_verifier`` whose S256 digest is the ``code_challenge`` it was issued for, the same
``redirect_uri`` and client; refresh grants are answered as before.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

SCOPE = "https://www.googleapis.com/auth/calendar.readonly"


@dataclass
class FakeGoogleCalendar:
    time_zone: str = "Europe/Berlin"
    page_size: int = 2500
    events: dict[str, dict[str, Any]] = field(default_factory=dict)
    seq: int = 0
    expired_tokens: set[str] = field(default_factory=set)
    failures: list[tuple[int, str | None]] = field(default_factory=list)
    requests: list[tuple[str, dict[str, list[str]]]] = field(default_factory=list)
    refreshes: int = 0
    base_url: str = ""
    # OAuth: codes handed out by /authorize and not yet traded, and what each was issued for.
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    deny_consent: bool = False
    codes_exchanged: int = 0

    def put(self, event: dict[str, Any]) -> None:
        self.seq += 1
        self.events[event["id"]] = {
            "kind": "calendar#event", "status": "confirmed", **event,
            "etag": f'"{self.seq}"', "_seq": self.seq,
        }  # fmt: skip

    def cancel(self, event_id: str) -> None:
        self.put({**self.events[event_id], "status": "cancelled"})

    def fail_next(self, status: int, reason: str | None = None, times: int = 1) -> None:
        self.failures.extend([(status, reason)] * times)

    def expire_tokens(self) -> None:
        self.expired_tokens.update(f"s{n}" for n in range(self.seq + 1))

    # --- the wire protocol ----------------------------------------------------------------

    def list_events(self, query: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        token = query.get("syncToken", [None])[0]
        page = query.get("pageToken", [None])[0]
        size = min(int(query.get("maxResults", ["250"])[0]), self.page_size)
        if token is not None and (token in self.expired_tokens or not token.startswith("s")):
            return 410, _error(410, "fullSyncRequired", "Sync token is no longer valid")
        since = int(token[1:]) if token else 0
        offset, upto = (map(int, page.split(":"))) if page else (0, self.seq)
        items = sorted(
            (e for e in self.events.values() if since < e["_seq"] <= upto),
            key=lambda e: e["_seq"],
        )
        if token is None:
            if query.get("showDeleted", ["false"])[0] != "true":
                items = [e for e in items if e["status"] != "cancelled"]
        chunk = items[offset : offset + size]
        body: dict[str, Any] = {
            "kind": "calendar#events",
            "timeZone": self.time_zone,
            "items": [{k: v for k, v in e.items() if k != "_seq"} for e in chunk],
        }
        if offset + size < len(items):
            body["nextPageToken"] = f"{offset + size}:{upto}"
        else:
            body["nextSyncToken"] = f"s{upto}"
        return 200, body

    def authorize(self, query: dict[str, list[str]]) -> tuple[int, str | dict[str, Any]]:
        """The consent screen: a redirect (302 and its Location) or a 400 with why."""
        one = {name: values[0] for name, values in query.items()}
        missing = {"client_id", "redirect_uri", "state", "code_challenge"} - set(one)
        if missing or one.get("response_type") != "code":
            return 400, {"error": "invalid_request", "error_description": f"missing {missing}"}
        if one.get("code_challenge_method") != "S256":
            return 400, {"error": "invalid_request", "error_description": "PKCE S256 required"}
        if self.deny_consent:
            answer = {"error": "access_denied", "state": one["state"]}
        else:
            code = f"code-{secrets.token_urlsafe(12)}"
            self.codes[code] = {
                key: one[key] for key in ("client_id", "redirect_uri", "code_challenge")
            }
            answer = {"code": code, "state": one["state"], "scope": SCOPE}
        return 302, f"{one['redirect_uri']}?{urlencode(answer)}"

    def exchange_code(self, form: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        """The authorization_code grant: tokens once per code, for the right verifier only."""
        one = {name: values[0] for name, values in form.items()}
        issued = self.codes.pop(one.get("code", ""), None)  # a code is good for one try
        verifier = one.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).decode().rstrip("=")
        if issued is None:
            problem = "unknown or used code"
        elif challenge != issued["code_challenge"]:
            problem = "code_verifier does not match the code_challenge"
        elif one.get("redirect_uri") != issued["redirect_uri"]:
            problem = "redirect_uri differs from the authorization request's"
        elif one.get("client_id") != issued["client_id"] or not one.get("client_secret"):
            problem = "wrong client"
        else:
            self.codes_exchanged += 1
            return 200, {
                "access_token": f"access-code-{self.codes_exchanged}", "expires_in": 3600,
                "token_type": "Bearer", "refresh_token": f"refresh-code-{self.codes_exchanged}",
                "scope": SCOPE,
            }  # fmt: skip
        return 400, {"error": "invalid_grant", "error_description": problem}


def _error(code: int, reason: str | None, message: str) -> dict[str, Any]:
    errors = [
        {
            "domain": "usageLimits" if reason else "global",
            "reason": reason or "forbidden",
            "message": message,
        }
    ]
    return {"error": {"code": code, "message": message, "errors": errors}}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGoogleCalendar

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):  # noqa: N802
        fake = self.server.fake  # type: ignore[attr-defined]
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        fake.requests.append((url.path, query))
        if url.path == "/authorize":  # the consent screen, not the API: no injected failures
            status, answer = fake.authorize(query)
            return self._redirect(answer) if status == 302 else self._send(status, answer)
        if fake.failures:
            status, reason = fake.failures.pop(0)
            return self._send(status, _error(status, reason, f"injected {status}"))
        parts = url.path.strip("/").split("/")
        if parts[:3] == ["calendar", "v3", "calendars"] and len(parts) == 4:
            return self._send(200, {"id": parts[3], "timeZone": fake.time_zone})
        if parts[:3] == ["calendar", "v3", "calendars"] and parts[4:] == ["events"]:
            return self._send(*fake.list_events(query))
        return self._send(404, _error(404, "notFound", "Not Found"))

    def do_POST(self):  # noqa: N802
        fake = self.server.fake  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        fake.requests.append((self.path, form))
        if self.path == "/token" and form.get("grant_type") == ["authorization_code"]:
            return self._send(*fake.exchange_code(form))
        if self.path == "/token":
            fake.refreshes += 1
            return self._send(
                200,
                {"access_token": f"access-{fake.refreshes}", "expires_in": 3600, "token_type": "Bearer",
                 "refresh_token": form.get("refresh_token", ["refresh-1"])[0],
                 "scope": SCOPE},
            )  # fmt: skip
        return self._send(404, _error(404, "notFound", "Not Found"))

    def log_message(self, *args):
        pass


class GoogleServer:
    def __init__(self, fake: FakeGoogleCalendar):
        self.fake = fake
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.fake = fake  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        fake.base_url = f"http://127.0.0.1:{self.httpd.server_port}"

    def __enter__(self) -> FakeGoogleCalendar:
        self.thread.start()
        return self.fake

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
