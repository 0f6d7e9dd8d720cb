"""Compare the database with the load test's log; exit 1 on any lost or phantom write.

    DJANGO_SETTINGS_MODULE=maturity.settings.loadtest DATABASE_URL=... SECRET_KEY=... \\
        python -m bench.loadtest.checker RUN_DIR

RUN_DIR holds ``plan.json`` (with the baseline), ``log.jsonl`` (the locustfile's)
and ``events.jsonl`` (the runner's). The rules are in ``bench.loadtest.verdict``.
Prints lost and phantom writes (must be 0), the error rate (must be 0 apart from
deliberate 409 conflicts and, in a fault run, requests cut off by the kill),
acknowledged saves per second, and median and 95th-percentile latency per endpoint.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.loadtest.cpu import describe
from bench.loadtest.verdict import Verdict, judge, read_jsonl, token_in


def database_state(open_round: str) -> tuple[dict, list[dict]]:
    """The open round's answers as they are now, and every history entry of them."""
    from surveys.models import Answer, AnswerChange

    answers = {}
    for row in Answer.objects.filter(assessment__round__slug=open_round).values(
        "assessment__reference",
        "question__code",
        "version",
        "level",
        "not_applicable",
        "yes_no",
        "number",
        "text",
        "evidence",
    ):
        key = f"{row['assessment__reference']}|{row['question__code']}"
        answers[key] = {
            "version": row["version"],
            "level": row["level"],
            "na": row["not_applicable"],
            "yes_no": row["yes_no"],
            "number": row["number"],
            "text": row["text"],
            "evidence": row["evidence"],
            "token": token_in(row["evidence"], row["text"]),
        }
    changes = []
    for row in AnswerChange.objects.filter(answer__assessment__round__slug=open_round).values(
        "answer__assessment__reference",
        "answer__question__code",
        "version",
        "new_value",
        "new_evidence",
    ):
        text = (row["new_value"] or {}).get("text") if isinstance(row["new_value"], dict) else ""
        changes.append(
            {
                "key": f"{row['answer__assessment__reference']}|{row['answer__question__code']}",
                "version": row["version"],
                "token": token_in(row["new_evidence"], text),
            }
        )
    return answers, changes


def report(verdict: Verdict) -> str:
    lines = [
        f"Saves: {verdict.attempted} sent, {verdict.acknowledged} acknowledged "
        f"({verdict.saves_per_second:.1f}/s over {verdict.duration:.0f} s), "
        f"{verdict.conflicts} deliberate conflicts (409), {verdict.refused} refused otherwise, "
        f"{verdict.no_answer} without an answer",
        f"Committed without acknowledgement (allowed): {verdict.committed_unacknowledged}",
        f"Lost writes: {len(verdict.lost)}",
        *[f"  LOST {line}" for line in verdict.lost[:20]],
        f"Phantom writes: {len(verdict.phantom)}",
        *[f"  PHANTOM {line}" for line in verdict.phantom[:20]],
        f"Requests: {verdict.requests}, unexpected errors: {len(verdict.unexpected)} "
        f"(error rate {100 * verdict.error_rate:.2f} %)",
        *[f"  ERROR {line}" for line in verdict.unexpected[:20]],
    ]
    if verdict.kill is not None:
        state = verdict.kill.get("state", "")
        lines += [
            f"Worker killed: pid {verdict.kill['pid']} ({state}) at {verdict.kill['offset']:.0f} s",
            f"  requests failed by the kill: {verdict.kill_failures}",
            f"  requests answered after the kill: {verdict.answered_after_kill}",
        ]
    if len(verdict.servers) > 1:
        answered = ", ".join(
            f"{url}: {verdict.by_server.get(int(url.rsplit(':', 1)[1]), 0)}"
            for url in verdict.servers
        )
        lines.append(f"Servers: {len(verdict.servers)} ({answered} requests answered)")
        if not verdict.cross_server:
            lines.append("  ACROSS SERVERS: the checks did not run")
        for check in verdict.cross_server:
            lines.append(
                f"  across servers, {check['check']}: {'held' if check['ok'] else 'FAILED'}"
                f" ({check['detail']})"
            )
    if verdict.cpu is not None:
        # Per request answered: steadier than the rates when other work shares the CPUs.
        answered = sum(verdict.by_server.values()) or 1
        lines.append(
            describe(verdict.cpu)
            + f"; per request answered: gunicorn {1000 * verdict.cpu['gunicorn'] / answered:.1f}"
            f" ms, PostgreSQL {1000 * verdict.cpu['postgresql'] / answered:.1f} ms"
        )
    if verdict.steady_seconds:
        lines.append(
            f"Steady state (after the last sign-in, {verdict.steady_seconds:.0f} s): "
            f"{verdict.steady_acknowledged / verdict.steady_seconds:.1f} saves/s"
        )
    lines.append(
        f"\n{'endpoint':22} {'requests':>8} {'median':>8} {'p95':>8} {'failed':>6}"
        f"   {'steady median':>13} {'steady p95':>10}"
    )
    for name, count, median, p95, failed, steady in verdict.endpoints:
        steady_text = (
            f"{steady[0]:11.0f}ms {steady[1]:8.0f}ms" if steady else f"{'-':>13} {'-':>10}"
        )
        lines.append(
            f"{name:22} {count:8d} {median:6.0f}ms {p95:6.0f}ms {failed:6d}   {steady_text}"
        )
    lines.append("\nPASS" if verdict.ok else "\nFAIL")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    import django

    django.setup()
    run_dir = Path(argv[0])
    plan = json.loads((run_dir / "plan.json").read_text(encoding="utf-8"))
    answers, changes = database_state(plan["open_round"])
    verdict = judge(
        read_jsonl(run_dir / "log.jsonl"),
        read_jsonl(run_dir / "events.jsonl"),
        answers,
        changes,
        plan["baseline"],
    )
    text = report(verdict)
    print(text)
    (run_dir / "verdict.txt").write_text(text + "\n", encoding="utf-8")
    return 0 if verdict.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
