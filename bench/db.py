"""Throw-away databases for benchmark runs: created, named for the run, dropped.

PostgreSQL on 127.0.0.1 (trust authentication, as on every development and CI
machine) by default; ``BENCH_ADMIN_URL`` or an explicit URL names another server.
An ``sqlite:///`` URL gives a file in the temporary directory instead.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def admin_url() -> str:
    return os.environ.get("BENCH_ADMIN_URL", DEFAULT_ADMIN_URL)


def url_for(name: str, base: str | None = None) -> str:
    """The URL of database ``name`` on the server of ``base`` (default: the admin URL)."""
    if not NAME.match(name):
        raise ValueError(f"Not a safe database name: {name!r}")
    base = base or admin_url()
    if base.startswith("sqlite"):
        return f"sqlite:///{Path(tempfile.gettempdir()) / (name + '.sqlite3')}"
    return urlunsplit(urlsplit(base)._replace(path=f"/{name}"))


def _admin(base: str):
    import psycopg2

    connection = psycopg2.connect(urlunsplit(urlsplit(base)._replace(path="/postgres")))
    connection.autocommit = True
    return connection


def create(name: str, base: str | None = None, *, replace: bool = True) -> str:
    """Create database ``name`` (dropping an old one of that name if ``replace``); its URL."""
    url = url_for(name, base)
    if url.startswith("sqlite"):
        path = Path(urlsplit(url).path)
        if replace:
            path.unlink(missing_ok=True)
        return url
    connection = _admin(base or admin_url())
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            exists = cursor.fetchone() is not None
            if exists and replace:
                cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            if not exists or replace:
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()
    return url


def drop(url: str) -> None:
    """Drop the database at ``url`` (closing anyone still connected to it)."""
    if url.startswith("sqlite"):
        Path(urlsplit(url).path).unlink(missing_ok=True)
        return
    name = urlsplit(url).path.lstrip("/")
    if not NAME.match(name):
        raise ValueError(f"Not a safe database name: {name!r}")
    connection = _admin(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        connection.close()


def measuring_parser(description: str, default_scale: str) -> argparse.ArgumentParser:
    """The options every measuring script shares: ``--scale`` and ``--database-url``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--scale", choices=["london", "national"], default=default_scale)
    parser.add_argument("--database-url", help="default: ldm_bench_<scale> on 127.0.0.1")
    return parser


def open_generated(args: argparse.Namespace) -> str:
    """Set Django up on the database ``bench/generate.py`` filled for ``args.scale`` (or
    ``args.database_url``), with the audit log quietened (a line per request); its URL."""
    url = args.database_url or url_for(f"ldm_bench_{args.scale}")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maturity.settings.test")
    import django

    django.setup()
    logging.getLogger("maturity.audit").setLevel(logging.WARNING)
    return url
