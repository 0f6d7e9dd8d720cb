"""A real OpenID provider for tests: scripts/test-identity-provider.mjs run under Node.

``start_identity_provider(clients=[...], accounts=[...])`` starts panva's oidc-provider
on a free loopback port with those clients and accounts (the script's header comment
describes both, and the test controls); ``sign_in_at_provider(authorize_url, login=...,
password=...)`` plays the person at its login page and returns the URL the provider
sends them back to. Nothing here knows about Django.
"""

from __future__ import annotations

import atexit
import json
import os
import queue
import shutil
import socket
import subprocess
import tempfile
import threading
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, NoReturn
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from tests.paths import PROJECT_ROOT

SCRIPT = PROJECT_ROOT / "scripts" / "test-identity-provider.mjs"
START_TIMEOUT = 15  # seconds
REQUEST_TIMEOUT = 10
MAX_STEPS = 20  # redirects and forms at the provider before giving up


class ProviderRefused(Exception):
    """The provider showed an error instead of sending the person back to the client."""


class IdentityProvider:
    """A running test provider: its issuer URL and its test controls."""

    def __init__(
        self,
        process: subprocess.Popen[str],
        issuer: str,
        config_dir: Path,
        readers: list[threading.Thread],
    ) -> None:
        self.process = process
        self.issuer = issuer
        self._config_dir = config_dir
        self._readers = readers

    def _control(self, path: str, body: dict) -> None:
        response = requests.post(f"{self.issuer}{path}", json=body, timeout=REQUEST_TIMEOUT)
        if response.status_code != 204:
            raise AssertionError(f"POST {path} answered {response.status_code}: {response.text}")

    def fault(self, kind: str) -> None:
        """Tamper with the id_token of the next successful token response (see the script)."""
        self._control("/test/next-token-fault", {"fault": kind})

    def disable(self, login: str) -> None:
        """The account can no longer sign in, and its provider sessions stop counting."""
        self._control("/test/accounts/disable", {"login": login})

    def add_account(self, account: dict) -> None:
        """Add an account, or replace the one with the same login."""
        self._control("/test/accounts", account)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for reader in self._readers:  # they end at the process's end of output
            reader.join(timeout=5)
        for stream in (self.process.stdout, self.process.stderr):
            if stream:
                stream.close()
        shutil.rmtree(self._config_dir, ignore_errors=True)


def _unavailable(fix: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(fix)
    pytest.skip(fix)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_identity_provider(*, clients: list[dict], accounts: list[dict]) -> IdentityProvider:
    """Start the test provider with these clients and accounts; stop() it when done."""
    node = shutil.which("node")
    if node is None:
        _unavailable(
            "The test identity provider needs Node.js 20 or newer on the PATH: install it "
            "(e.g. apt-get install nodejs npm), then run `make assets`"
        )
    if not (PROJECT_ROOT / "node_modules" / "oidc-provider").is_dir():
        _unavailable(
            "The test identity provider needs node_modules/oidc-provider: "
            "`make assets` installs node_modules"
        )

    config_dir = Path(tempfile.mkdtemp(prefix="test-idp-"))
    config = config_dir / "config.json"
    config.write_text(json.dumps({"clients": clients, "accounts": accounts}))
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 (our own script, fixed arguments)
        [node, str(SCRIPT), "--port", str(port), "--config", str(config)],
        cwd=PROJECT_ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def read_stdout() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    stdout_reader = threading.Thread(target=read_stdout, daemon=True)
    stdout_reader.start()
    issuer = f"http://127.0.0.1:{port}"
    try:
        line = lines.get(timeout=START_TIMEOUT)
    except queue.Empty:
        line = ""
    if line is None or line.strip() != f"ready {issuer}":
        process.kill()
        process.wait()
        assert process.stderr is not None
        stderr = process.stderr.read()
        shutil.rmtree(config_dir, ignore_errors=True)
        pytest.fail(
            f"the test identity provider did not start (exit code {process.returncode}, "
            f"stdout {line!r}):\n{stderr}"
        )
    # Nothing more is expected on stdout; stderr is read only if it fails to start, so
    # drain it to keep a chatty provider from blocking on a full pipe.
    stderr_reader = threading.Thread(target=_drain, args=(process.stderr,), daemon=True)
    stderr_reader.start()
    provider = IdentityProvider(process, issuer, config_dir, [stdout_reader, stderr_reader])
    atexit.register(provider.stop)  # in case a test forgets: stop() may be called twice
    return provider


def _drain(stream: IO[str]) -> None:
    for _ in stream:
        pass


class _Forms(HTMLParser):
    """The forms of a page (action, method, fields) and the text of its error message."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.error = ""
        self._in_error = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(
                {
                    "action": attributes.get("action", ""),
                    "method": attributes.get("method", "get").lower(),
                    "fields": {},
                }
            )
        elif tag == "input" and self.forms and attributes.get("name"):
            self.forms[-1]["fields"][attributes["name"]] = (
                attributes.get("type", "text"),
                attributes.get("value", ""),
            )
        if attributes.get("id") in ("error-message", "error-details"):
            self._in_error = True

    def handle_endtag(self, tag: str) -> None:
        if self._in_error and tag in ("p", "dl"):
            self._in_error = False
            self.error = " ".join(" ".join(self._text).split())

    def handle_data(self, data: str) -> None:
        if self._in_error:
            self._text.append(data)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def sign_in_at_provider(
    authorize_url: str,
    *,
    login: str,
    password: str,
    session: requests.Session | None = None,
) -> str:
    """Go to the authorize URL, sign in at the provider, and return where it sends us.

    Redirects are followed only while they stay at the provider; the first one that
    leaves it (the client's callback, with code and state, or with an error) is
    returned without being followed. A login page shown again with an error message,
    or a provider error page, raises ProviderRefused with the message.
    """
    session = session or requests.Session()
    provider = _origin(authorize_url)
    method, url, data = "GET", authorize_url, None
    signed_in = False
    for _ in range(MAX_STEPS):
        response = session.request(
            method, url, data=data, allow_redirects=False, timeout=REQUEST_TIMEOUT
        )
        if response.is_redirect:
            location = urljoin(url, response.headers["Location"])
            if _origin(location) != provider:
                return location
            method, url, data = "GET", location, None
            continue
        page = _Forms()
        page.feed(response.text)
        if page.error:
            raise ProviderRefused(page.error)
        if response.status_code != 200:
            raise ProviderRefused(f"{method} {url} answered {response.status_code}")
        login_forms = [form for form in page.forms if "password" in form["fields"]]
        hidden_forms = [
            form
            for form in page.forms
            if form["method"] == "post"
            and all(kind == "hidden" for kind, _ in form["fields"].values())
        ]
        if login_forms and not signed_in:
            form = login_forms[0]
            data = {"login": login, "password": password}
            signed_in = True
        elif hidden_forms:  # the provider's self-submitting forms (e.g. ending a session)
            form = hidden_forms[0]
            data = {name: value for name, (_, value) in form["fields"].items()}
        else:
            raise ProviderRefused(f"unexpected page at {url}: {response.text[:500]}")
        method, url = "POST", urljoin(url, form["action"])
        if _origin(url) != provider:
            raise ProviderRefused(f"a form at the provider posts elsewhere: {url}")
    raise ProviderRefused(f"no way out of the provider after {MAX_STEPS} steps")
