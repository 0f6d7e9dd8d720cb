"""Judge a load-test run: the log of what clients were told against what the database holds.

Pure functions (no Django), so the rules can be tested on small hand-made logs.

- A **lost write** is an acknowledged save (the client got its redirect) that the
  database does not hold: the answer's final value is not the last acknowledged one
  (by version order), an acknowledged version is missing from the answer's history,
  or two saves were acknowledged as the same version (one silently overwrote the
  other: the conflict check failed).
- A **phantom write** is a change nobody was told succeeded and nobody could have
  made: a token no client sent, a save that was refused (409 conflict, 400, 403,
  404) but written anyway, a token written to another answer, a save written twice,
  or a change without a token after the baseline.
- A save sent but never answered (cut off when a worker was killed, or the run
  ended) may or may not have been committed: either is correct, and it is counted
  apart as "committed without acknowledgement".
- With more than one server (a ``servers`` event listing several), every server must
  have answered requests, and the checks across servers (``cross-server`` events: a
  session, a sign-in lock-out and the two-factor throttle reached through one server
  hold on the other) must all have run (at least the first two) and held.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

TOKEN = re.compile(r"lt-[0-9a-f]{12}")
KILL_GRACE = 10.0  # seconds after the kill in which failed requests count as the fault's
SERVER_FAULT = {0, 500, 502, 503, 504}


def token_in(*texts: str | None) -> str | None:
    for text in texts:
        match = TOKEN.search(text or "")
        if match:
            return match.group(0)
    return None


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # a line cut off when the process was stopped
    return rows


@dataclass
class Verdict:
    attempted: int = 0
    acknowledged: int = 0
    conflicts: int = 0
    refused: int = 0
    no_answer: int = 0
    committed_unacknowledged: int = 0
    lost: list[str] = field(default_factory=list)
    phantom: list[str] = field(default_factory=list)
    requests: int = 0
    unexpected: list[str] = field(default_factory=list)
    kill_failures: int = 0
    kill: dict | None = None
    answered_after_kill: int = 0
    duration: float = 0.0
    # (name, requests, median ms, p95 ms, failed, (steady median, steady p95) or None)
    endpoints: list[tuple] = field(default_factory=list)
    steady_from: float = 0.0
    steady_seconds: float = 0.0
    steady_acknowledged: int = 0
    # Requests answered by each server (by port); the servers the run started.
    by_server: dict = field(default_factory=dict)
    servers: list[str] = field(default_factory=list)
    cross_server: list[dict] = field(default_factory=list)
    cpu: dict | None = None

    @property
    def servers_ok(self) -> bool:
        """One server; or several, each answering, and every check across them held."""
        if len(self.servers) < 2:
            return True
        answering = {int(url.rsplit(":", 1)[1]) for url in self.servers}
        return (
            all(self.by_server.get(port, 0) > 0 for port in answering)
            and len(self.cross_server) >= 2
            and all(check["ok"] for check in self.cross_server)
        )

    @property
    def error_rate(self) -> float:
        return len(self.unexpected) / self.requests if self.requests else 0.0

    @property
    def saves_per_second(self) -> float:
        return self.acknowledged / self.duration if self.duration else 0.0

    @property
    def ok(self) -> bool:
        survived = self.kill is None or self.answered_after_kill > 0
        return (
            not self.lost
            and not self.phantom
            and not self.unexpected
            and self.acknowledged > 0
            and survived
            and self.servers_ok
        )


def matches(db: dict, value: dict) -> bool:
    """Whether the stored answer ``db`` holds the value a client sent."""
    if "text" in value:
        return db["text"] == value["text"]
    if db["evidence"] != value["evidence"]:
        return False
    if value.get("na"):
        return db["na"] and db["level"] is None
    if "level" in value:
        return db["level"] == value["level"] and not db["na"]
    if "yes_no" in value:
        return db["yes_no"] == value["yes_no"]
    return db["number"] is not None and Decimal(str(db["number"])) == Decimal(value["number"])


def _check_acks(verdict, acks_by_key, answers, changes_at) -> None:
    for key, acks in acks_by_key.items():
        for version, count in Counter(a["version"] for a in acks).items():
            if count > 1:
                verdict.lost.append(f"{key}: {count} saves acknowledged as version {version}")
        for ack in acks:
            if changes_at.get((key, ack["version"])) != ack["token"]:
                verdict.lost.append(f"{key}: acknowledged version {ack['version']} not in history")
        last = max(acks, key=lambda a: a["version"])
        db = answers.get(key)
        if db is None:
            verdict.lost.append(f"{key}: acknowledged but the answer is missing")
        elif db["version"] < last["version"]:
            verdict.lost.append(
                f"{key}: holds version {db['version']}, last acknowledged {last['version']}"
            )
        elif db["version"] == last["version"] and (
            db["token"] != last["token"] or not matches(db, last["value"])
        ):
            verdict.lost.append(f"{key}: version {db['version']} holds another value")


def _check_changes(verdict, changes, attempts, saves, baseline) -> None:
    seen = Counter(c["token"] for c in changes if c["token"])
    for change in changes:
        key, token = change["key"], change["token"]
        if token is None:
            if change["version"] > baseline.get(key, 0):
                verdict.phantom.append(f"{key}: version {change['version']} written by nobody")
            continue
        attempt = attempts.get(token)
        outcome = saves.get(token, {}).get("outcome")
        if attempt is None:
            verdict.phantom.append(f"{key}: {token} was never sent")
        elif f"{attempt['ref']}|{attempt['question']}" != key:
            verdict.phantom.append(f"{key}: {token} was sent for another answer")
        elif seen[token] > 1:
            verdict.phantom.append(f"{key}: {token} written {seen[token]} times")
        elif outcome in ("conflict", "refused"):
            verdict.phantom.append(f"{key}: {token} was refused ({outcome}) but written")
        elif outcome in (None, "unknown"):
            verdict.committed_unacknowledged += 1
        elif saves[token]["version"] != change["version"]:
            verdict.lost.append(
                f"{key}: {token} acknowledged as version {saves[token]['version']} "
                f"but written as {change['version']}"
            )


def _in_kill_window(request: dict, kill: dict | None) -> bool:
    if kill is None or request["status"] not in SERVER_FAULT:
        return False
    started = request["t"] - request["ms"] / 1000
    return started <= kill["t"] + KILL_GRACE and request["t"] >= kill["t"] - 0.5


def _latency(rows: list[dict]) -> tuple[float, float] | None:
    times = [r["ms"] for r in rows if r["status"]]
    if not times:
        return None
    return statistics.median(times), (
        statistics.quantiles(times, n=20)[18] if len(times) > 1 else times[0]
    )


def _requests(verdict, requests, problems, kill) -> None:
    verdict.requests = len(requests)
    by_name = defaultdict(list)
    failures = Counter()
    for request in requests:
        request["start"] = request["t"] - request["ms"] / 1000
        by_name[request["name"]].append(request)
        if request.get("error"):
            failures[request["name"]] += 1
            if _in_kill_window(request, kill):
                verdict.kill_failures += 1
            else:
                verdict.unexpected.append(
                    f"{request['method']} {request['name']}: {request['status']} {request['error']}"
                )
        elif kill is not None and request["start"] > kill["t"] + 1:
            verdict.answered_after_kill += 1
    verdict.unexpected += [f"{p['name']}: {p['error']}" for p in problems]
    if not requests:
        return
    # Steady state: once every user has signed in (each sign-in hashes a password).
    sign_ins = [r["t"] for r in requests if r["name"] == "sign in"]
    verdict.steady_from = max(sign_ins) if sign_ins else min(r["start"] for r in requests)
    for name, rows in sorted(by_name.items()):
        whole = _latency(rows) or (0.0, 0.0)
        steady = _latency([r for r in rows if r["start"] >= verdict.steady_from])
        verdict.endpoints.append((name, len(rows), *whole, failures[name], steady))
    verdict.duration = max(r["t"] for r in requests) - min(r["start"] for r in requests)
    verdict.steady_seconds = max(r["t"] for r in requests) - verdict.steady_from
    verdict.steady_acknowledged = sum(
        1
        for r in requests
        if r["name"] == "answer save" and r["status"] == 302 and r["start"] >= verdict.steady_from
    )


def judge(
    records: list[dict], events: list[dict], answers: dict, changes: list[dict], baseline: dict
) -> Verdict:
    """The verdict on a run.

    ``records``: the locustfile's log lines. ``events``: the runner's (``kill``).
    ``answers``: ``{"ref|question": {version, level, na, yes_no, number, text,
    evidence, token}}`` as stored now. ``changes``: every history entry of those
    answers as ``{key, version, token}``. ``baseline``: versions before the load.
    """
    verdict = Verdict()
    attempts = {r["token"]: r for r in records if r["kind"] == "attempt"}
    saves = {r["token"]: r for r in records if r["kind"] == "save"}
    verdict.attempted = len(attempts)
    outcomes = Counter(s["outcome"] for s in saves.values())
    verdict.acknowledged = outcomes["ack"]
    verdict.conflicts = outcomes["conflict"]
    verdict.refused = outcomes["refused"]
    verdict.no_answer = outcomes["unknown"] + len(set(attempts) - set(saves))
    acks_by_key = defaultdict(list)
    for token, save in saves.items():
        if save["outcome"] == "ack":
            acks_by_key[f"{save['ref']}|{save['question']}"].append(
                {"token": token, "version": save["version"], "value": attempts[token]["value"]}
            )
    changes_at = {(c["key"], c["version"]): c["token"] for c in changes}
    _check_acks(verdict, acks_by_key, answers, changes_at)
    _check_changes(verdict, changes, attempts, saves, baseline)
    verdict.kill = next((e for e in events if e.get("kind") == "kill"), None)
    verdict.servers = next((e["urls"] for e in events if e.get("kind") == "servers"), [])
    verdict.cross_server = [e for e in events if e.get("kind") == "cross-server"]
    verdict.cpu = next((e for e in events if e.get("kind") == "cpu"), None)
    verdict.by_server = dict(
        Counter(r.get("server") for r in records if r["kind"] == "request" and r.get("status"))
    )
    requests = [r for r in records if r["kind"] == "request"]
    _requests(verdict, requests, [r for r in records if r["kind"] == "problem"], verdict.kill)
    return verdict
