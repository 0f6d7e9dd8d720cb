"""Run the load test end to end on loopback, check it, and tear everything down.

    .venv/bin/python -m bench.loadtest.run                  # 60 s, 100 borough + 10 CDO users
    .venv/bin/python -m bench.loadtest.run --kill-worker    # SIGKILL a gunicorn worker midway
    .venv/bin/python -m bench.loadtest.run --minutes 5 --workers 4
    .venv/bin/python -m bench.loadtest.run --servers 2 --workers 2   # two servers, one database

1. creates a PostgreSQL database for the run (``ldm_load_<time>_<pid>``), migrates it,
   loads the questionnaire and the demo data (``seed_demo``, with DEBUG=true), starts the
   open round's assessments and writes the plan (``bench.loadtest.plan``);
2. serves it with gunicorn (``maturity.wsgi``, ``maturity.settings.loadtest``: production
   settings with DEBUG off, on 127.0.0.1 only); with ``--servers N``, N gunicorn
   instances on N ports, each with its own ``--bind`` and ``--workers``, the same
   settings and the one database, as N servers behind a load balancer would be;
3. runs locust headless for the given time: borough users sign in, open question
   pages and save answers (some editing the same answers at once), CDO-office users
   browse the round view and the dashboards; every request and save is logged;
   with several servers each user sends its requests to each server in turn (a
   question page from one, its save to the next); the CPU time of gunicorn,
   PostgreSQL and locust is sampled throughout (``bench.loadtest.cpu``);
4. with ``--kill-worker``, SIGKILLs one gunicorn worker halfway through, preferring
   one whose database connection is inside a transaction;
5. with several servers, checks after the load that a session, a sign-in lock-out
   and the two-factor throttle reached through one server hold on the other
   (``bench.loadtest.servers``);
6. runs the checker (``bench.loadtest.checker``), stops gunicorn, drops the database.

Exits with the checker's status: non-zero on any lost or phantom write or unexpected
error. Logs stay in ``bench/results/<run>/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import db  # noqa: E402
from bench.loadtest.cpu import CpuSampler, describe  # noqa: E402
from bench.loadtest.faults import kill_a_worker  # noqa: E402
from bench.loadtest.servers import app_codes, cross_server_checks  # noqa: E402

BIN = Path(sys.executable).parent
QUESTIONNAIRES = ["london-digital-maturity-v1.yaml", "london-digital-maturity-v2.yaml"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def step(label: str, command: list[str], env: dict, out: Path) -> None:
    started = time.perf_counter()
    with open(out / "setup.log", "a", encoding="utf-8") as log:
        subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=log, stderr=log)
    print(f"  {label:<40} {time.perf_counter() - started:6.1f} s", flush=True)


def prepare(env: dict, out: Path, sessions_per_user: int) -> None:
    manage = [str(BIN / "python"), "manage.py"]
    # System checks are `make check-deploy`'s job; here they would only slow each step.
    step("migrate", [*manage, "migrate", "--no-input", "--skip-checks"], env, out)
    for name in QUESTIONNAIRES:
        path = f"fixtures/questionnaires/{name}"
        step(
            f"load_questionnaire {name}",
            [*manage, "load_questionnaire", path, "--publish", "--if-new", "--skip-checks"],
            env,
            out,
        )
    step(
        "seed_demo (DEBUG=true)",
        [*manage, "seed_demo", "--skip-checks"],
        {**env, "DEBUG": "true"},
        out,
    )
    step(
        "collectstatic",
        [*manage, "collectstatic", "--no-input", "-v", "0", "--skip-checks"],
        env,
        out,
    )
    step(
        "plan",
        [
            str(BIN / "python"),
            "-m",
            "bench.loadtest.plan",
            str(out / "plan.json"),
            str(sessions_per_user),
        ],
        env,
        out,
    )


def wait_until_up(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer /health/ in time")


def stop(process: subprocess.Popen | None, seconds: float = 20) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def record_event(out: Path, event: dict) -> None:
    with open(out / "events.jsonl", "a", encoding="utf-8") as events:
        events.write(json.dumps(event) + "\n")


def start_gunicorn(args, env: dict, out: Path, port: int, index: int) -> subprocess.Popen:
    """One server: its own port and log, the same settings and database as the others."""
    command = [
        str(BIN / "gunicorn"), "maturity.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(args.workers), "--worker-class", args.worker_class,
        "--threads", str(args.threads), "--timeout", "60", "--graceful-timeout", "10",
        "--no-control-socket",
    ]  # fmt: skip
    log_name = "gunicorn.log" if index == 0 else f"gunicorn-{index + 1}.log"
    with open(out / log_name, "w", encoding="utf-8") as log:
        return subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)


def run_load(args, env: dict, out: Path, ports: list[int], gunicorns: list) -> None:
    seconds = round(args.minutes * 60)
    users = args.users + args.office_users
    hosts = [f"http://127.0.0.1:{port}" for port in ports]
    command = [
        str(BIN / "locust"), "-f", str(ROOT / "bench/loadtest/locustfile.py"), "--headless",
        "--host", hosts[0], "--users", str(users),
        "--spawn-rate", str(args.spawn_rate), "--run-time", f"{seconds}s",
        "--stop-timeout", "20", "--csv", str(out / "locust"), "--only-summary",
        "--loglevel", "WARNING",
    ]  # fmt: skip
    locust_env = {
        **env,
        "LOADTEST_PLAN": str(out / "plan.json"),
        "LOADTEST_LOG": str(out / "log.jsonl"),
        "LOADTEST_OFFICE_USERS": str(args.office_users),
        "LOADTEST_SIGN_IN_SHARE": str(args.sign_in_share),
        "LOADTEST_HOSTS": ",".join(hosts),
    }
    started = time.time()
    # Other work on the machine skews every figure: say how busy it was.
    print(f"  load average before: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)", flush=True)
    with open(out / "locust.log", "w", encoding="utf-8") as log:
        locust = subprocess.Popen(command, env=locust_env, cwd=ROOT, stdout=log, stderr=log)
        database = env["DATABASE_URL"].rsplit("/", 1)[-1]
        sampler = CpuSampler([g.pid for g in gunicorns], locust.pid, database)
        sampler.start()
        try:
            if args.kill_worker:
                time.sleep(max(seconds / 2, 1))
                event = kill_a_worker(gunicorns[0].pid, env["DATABASE_URL"])
                event["offset"] = event["t"] - started
                record_event(out, event)
                print(
                    f"  killed worker {event['pid']} at {event['offset']:.0f} s ({event['state']})",
                    flush=True,
                )
            locust.wait(timeout=seconds + 120)
        finally:
            stop(locust)
            cpu = sampler.stop()
            record_event(out, cpu)
            print(f"  {describe(cpu)}", flush=True)
    print(
        f"  load: {time.time() - started:.0f} s, locust exit {locust.returncode}, "
        f"load average at the end {os.getloadavg()[0]:.1f}",
        flush=True,
    )


def check_across_servers(env: dict, out: Path, ports: list[int]) -> None:
    """A session, a lock-out and the two-factor throttle through one server, seen through
    the other (events.jsonl)."""
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    # Two borough leads the load used, one for each check.
    accounts = [f"lead-{a['slug']}" for a in plan["authorities"][-2:]]
    servers = [f"http://127.0.0.1:{port}" for port in ports]
    # The CDO office signs in with an authenticator app (the demo's has one).
    codes = app_codes(env["DATABASE_URL"], "cdo")
    office = None if codes is None else ("cdo", codes)
    checks = cross_server_checks(
        servers, accounts, plan["password"], plan["failure_limit"], office=office
    )
    for event in checks:
        record_event(out, event)
        print(f"  {event['check']}: {'held' if event['ok'] else 'FAILED'}: {event['detail']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0, help="load time (default 1)")
    parser.add_argument("--users", type=int, default=100, help="borough users (default 100)")
    parser.add_argument("--office-users", type=int, default=10, help="CDO office (default 10)")
    parser.add_argument(
        "--spawn-rate", type=float, default=5.0, help="users started a second (default 5)"
    )
    parser.add_argument(
        "--workers", type=int, default=4, help="gunicorn workers per server (default 4)"
    )
    parser.add_argument(
        "--worker-class", default="sync", help="gunicorn worker class (default sync)"
    )
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per gunicorn worker (default 1)"
    )
    parser.add_argument(
        "--servers",
        type=int,
        default=1,
        help="gunicorn instances on as many ports, one database (default 1)",
    )
    parser.add_argument(
        "--sign-in-share",
        type=float,
        default=0.2,
        help="share of users who sign in with a password; the rest start signed in "
        "(default 0.2; 1 for a sign-in storm)",
    )
    parser.add_argument("--kill-worker", action="store_true", help="SIGKILL a worker midway")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    if not (0 < args.minutes <= 30 and 0 < args.users <= 500 and 0 <= args.office_users <= 50):
        parser.error("keep the run bounded: at most 30 minutes, 500 + 50 users")
    if not (1 <= args.servers <= 4 and 1 <= args.workers <= 16 and 1 <= args.threads <= 16):
        parser.error("keep the run bounded: 1-4 servers, 1-16 workers, 1-16 threads")

    name = f"ldm_load_{int(time.time())}_{os.getpid()}"
    out = ROOT / "bench" / "results" / name
    out.mkdir(parents=True)
    ports = []
    while len(ports) < args.servers:
        port = free_port()
        if port not in ports:
            ports.append(port)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "maturity.settings.loadtest",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        "LOADTEST_STATIC_ROOT": str(out / "static"),
        "DEMO_PASSWORD": os.environ.get("DEMO_PASSWORD", "london-digital-demo"),
        "PYTHONPATH": str(ROOT),
    }
    print(
        f"Load test {name}: {args.users} borough + {args.office_users} CDO users, "
        f"{args.minutes:g} min, {args.workers} {args.worker_class} workers"
        f"{f' x {args.threads} threads' if args.threads > 1 else ''} on "
        f"{' and '.join(f'127.0.0.1:{p}' for p in ports)}"
        f"{', killing a worker midway' if args.kill_worker else ''}",
        flush=True,
    )
    gunicorns: list[subprocess.Popen] = []
    url = db.create(name)
    env["DATABASE_URL"] = url
    try:
        # Enough sessions for every user of an account (two accounts per authority).
        prepare(env, out, max(args.office_users, args.users // 66 + 2))
        for index, port in enumerate(ports):
            gunicorns.append(start_gunicorn(args, env, out, port, index))
        for port in ports:
            wait_until_up(port)
        record_event(out, {"kind": "servers", "urls": [f"http://127.0.0.1:{p}" for p in ports]})
        run_load(args, env, out, ports, gunicorns)
        if len(ports) > 1:
            check_across_servers(env, out, ports)
        for gunicorn in gunicorns:
            stop(gunicorn)  # so every response is written before the database is read
        checker = subprocess.run(
            [str(BIN / "python"), "-m", "bench.loadtest.checker", str(out)], env=env, cwd=ROOT
        )
        return checker.returncode
    finally:
        for gunicorn in gunicorns:
            stop(gunicorn)
        shutil.rmtree(out / "static", ignore_errors=True)  # a copy of the static files
        if args.keep:
            print(f"Kept database: {url}")
        else:
            db.drop(url)
        print(f"Logs: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
