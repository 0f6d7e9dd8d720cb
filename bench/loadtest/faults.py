"""The fault: SIGKILL one gunicorn worker, preferably one in the middle of a transaction."""

from __future__ import annotations

import os
import random
import signal
import time
from urllib.parse import urlsplit

# Connections to the run's database inside a transaction, and whether their last
# statement locked or wrote answers (an answer save under way).
IN_TRANSACTION = """
    SELECT client_port, query ILIKE '%%FOR UPDATE%%'
        OR query ILIKE 'UPDATE "surveys_answer"%%' OR query ILIKE 'INSERT INTO "surveys_answer%%'
    FROM pg_stat_activity
    WHERE datname = %s AND xact_start IS NOT NULL AND pid <> pg_backend_pid()
      AND client_port IS NOT NULL
"""


def _ports_in_transaction(url: str) -> dict[int, bool]:
    """Client ports of the run database's connections inside a transaction.

    Each maps to whether the transaction has locked rows for an answer save (its
    last statement a ``SELECT ... FOR UPDATE``, or a write to the answers).
    """
    import psycopg2

    name = urlsplit(url).path.lstrip("/")
    connection = psycopg2.connect(url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(IN_TRANSACTION, [name])
            return dict(cursor.fetchall())
    finally:
        connection.close()


def _worker_ports(worker, database_port: int) -> set[int]:
    """The local ports of the worker's connections to PostgreSQL."""
    try:
        connections = worker.net_connections(kind="tcp")
        return {c.laddr.port for c in connections if c.raddr and c.raddr.port == database_port}
    except Exception:  # noqa: BLE001 - the worker may have just gone
        return set()


def kill_a_worker(master_pid: int, url: str, seconds: float = 5.0) -> dict:
    """SIGKILL a worker of the gunicorn ``master_pid``; what was killed, and when.

    For up to ``seconds``, looks for a worker whose PostgreSQL connection is in the
    middle of an answer save (rows locked, nothing committed yet: the interesting
    case); failing that, one inside any transaction; failing that, any worker.
    """
    import psutil

    workers = psutil.Process(master_pid).children()
    if not workers:
        raise RuntimeError("gunicorn has no workers to kill")
    victim, state, fallback = None, "no transaction", None
    deadline = time.monotonic() + seconds
    while victim is None and time.monotonic() < deadline:
        busy = _ports_in_transaction(url)
        for worker in workers:
            ports = _worker_ports(worker, urlsplit(url).port or 5432) & set(busy)
            if any(busy[port] for port in ports):
                victim, state = worker, "in the middle of an answer save"
                break
            if ports and fallback is None:
                fallback = worker
        else:
            time.sleep(0.005)
    if victim is None and fallback is not None:
        victim, state = fallback, "inside a transaction"
    victim = victim or random.choice(workers)
    os.kill(victim.pid, signal.SIGKILL)
    return {"kind": "kill", "pid": victim.pid, "state": state, "t": time.time()}
