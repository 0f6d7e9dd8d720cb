"""The load test's CPU accounting (bench.loadtest.cpu): sums per part, and its summary line."""

from bench.loadtest.cpu import CpuSampler, describe


def sampler(first, last, machine=(100.0, 180.0), seconds=(0.0, 60.0)):
    cpu = CpuSampler([], 0, "ldm_load_test")
    cpu.first, cpu.last = first, last
    cpu.machine_start, cpu.machine_end = machine
    cpu.started, cpu.ended = seconds
    return cpu


def test_each_part_counts_what_its_processes_used_during_the_run():
    summary = sampler(
        first={("gunicorn", 1): 2.0, ("gunicorn", 2): 1.0, ("locust", 3): 0.5},
        # Worker 4 started during the run (counted from 0); the database backend too.
        last={
            ("gunicorn", 1): 30.0,
            ("gunicorn", 2): 21.0,
            ("gunicorn", 4): 4.0,
            ("locust", 3): 8.5,
            ("postgresql", 5): 10.0,
        },
    ).summary()
    assert (summary["gunicorn"], summary["locust"], summary["postgresql"]) == (52.0, 8.0, 10.0)
    # The machine was busy 80 s: the other 10 s were something else's.
    assert summary["other"] == 10.0
    assert summary["seconds"] == 60.0


def test_the_summary_line_gives_shares_of_the_cpu_available():
    line = describe(
        {"seconds": 50, "cpus": 2, "gunicorn": 50, "postgresql": 10, "locust": 5, "other": 0}
    )
    assert "50 s x 2 CPUs = 100 s" in line
    assert "gunicorn 50 s (50 %)" in line and "PostgreSQL 10 s (10 %)" in line
