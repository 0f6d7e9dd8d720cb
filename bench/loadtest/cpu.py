"""Where the CPU went during a load test: gunicorn, PostgreSQL, locust, everything else.

The load generator, the web servers and the database share the machine's CPUs, so
a figure like "saves per second" means little without knowing who used the CPU.
:class:`CpuSampler` reads, about once a second, the CPU time of the gunicorn
processes (masters and workers), the locust process and the PostgreSQL backends
serving the run's database, and the whole machine's busy time. A process that
ends (locust at the end, a killed worker) keeps its last reading.
"""

from __future__ import annotations

import threading
import time

import psutil


def _busy(times) -> float:
    return times.user + times.system


def _machine_busy() -> float:
    times = psutil.cpu_times()
    return sum(
        getattr(times, name, 0.0) for name in ("user", "nice", "system", "irq", "softirq", "steal")
    )


class CpuSampler:
    """CPU seconds used by each part of the run between ``start()`` and ``stop()``."""

    def __init__(self, gunicorn_pids: list[int], locust_pid: int, database: str):
        self.gunicorn_pids, self.locust_pid, self.database = gunicorn_pids, locust_pid, database
        self.first: dict[tuple[str, int], float] = {}
        self.last: dict[tuple[str, int], float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.started = self.ended = 0.0
        self.machine_start = self.machine_end = 0.0

    def _processes(self):
        for pid in self.gunicorn_pids:
            try:
                master = psutil.Process(pid)
                yield "gunicorn", master
                for child in master.children(recursive=True):
                    yield "gunicorn", child
            except psutil.Error:
                continue
        try:
            locust = psutil.Process(self.locust_pid)
            yield "locust", locust
            for child in locust.children(recursive=True):
                yield "locust", child
        except psutil.Error:
            pass
        for process in psutil.process_iter(["name", "cmdline"]):
            cmdline = " ".join(process.info["cmdline"] or [])
            if cmdline.startswith("postgres:") and f" {self.database} " in cmdline:
                yield "postgresql", process

    def sample(self, *, initial: bool = False) -> None:
        for part, process in self._processes():
            try:
                used = _busy(process.cpu_times())
            except psutil.Error:
                continue
            key = (part, process.pid)
            # A process first seen after the start began within the run: count from 0.
            self.first.setdefault(key, used if initial else 0.0)
            self.last[key] = used

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            self.sample()

    def start(self) -> None:
        self.started, self.machine_start = time.monotonic(), _machine_busy()
        self.sample(initial=True)
        self._thread.start()

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        self.sample()
        self.ended, self.machine_end = time.monotonic(), _machine_busy()
        return self.summary()

    def summary(self) -> dict:
        parts: dict[str, float] = {"gunicorn": 0.0, "postgresql": 0.0, "locust": 0.0}
        for (part, pid), used in self.last.items():
            parts[part] += max(used - self.first.get((part, pid), 0.0), 0.0)
        machine = self.machine_end - self.machine_start
        seconds = self.ended - self.started
        return {
            "kind": "cpu",
            "seconds": round(seconds, 1),
            "cpus": psutil.cpu_count(),
            **{part: round(used, 1) for part, used in parts.items()},
            "other": round(max(machine - sum(parts.values()), 0.0), 1),
            "machine": round(machine, 1),
        }


def describe(cpu: dict) -> str:
    available = cpu["seconds"] * cpu["cpus"]
    share = {
        part: f"{cpu[part]:.0f} s ({100 * cpu[part] / available:.0f} %)"
        for part in ("gunicorn", "postgresql", "locust", "other")
    }
    return (
        f"CPU during the load ({cpu['seconds']:.0f} s x {cpu['cpus']} CPUs = {available:.0f} s): "
        f"gunicorn {share['gunicorn']}, PostgreSQL {share['postgresql']}, "
        f"locust {share['locust']}, anything else {share['other']}"
    )
