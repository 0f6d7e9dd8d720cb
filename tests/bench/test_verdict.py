"""The load-test checker's rules, on small hand-made logs (no server, no database)."""

import pytest

from bench.loadtest.verdict import judge, matches, token_in

KEY = "LDM-2026-E09000007|tech-cloud"
T0 = 1_000_000.0


def attempt(token, value=None, key=KEY):
    ref, question = key.split("|")
    value = value or {"level": 3, "evidence": f"Load test {token}"}
    return {"kind": "attempt", "token": token, "ref": ref, "question": question, "value": value}


def save(token, outcome, version=None, key=KEY):
    ref, question = key.split("|")
    return {
        "kind": "save",
        "token": token,
        "outcome": outcome,
        "version": version,
        "ref": ref,
        "question": question,
    }


def request(name="answer save", status=302, t=T0, error=None, ms=100.0):
    return {"kind": "request", "method": "POST", "name": name, "status": status, "t": t,
            "ms": ms, "error": error}  # fmt: skip


def stored(token, version, level=3):
    answer = {"version": version, "level": level, "na": False, "yes_no": None, "number": None}
    return {KEY: {**answer, "text": "", "evidence": f"Load test {token}", "token": token}}


def history(*pairs):
    return [{"key": KEY, "version": version, "token": token} for version, token in pairs]


A, B, C = "lt-aaaaaaaaaaaa", "lt-bbbbbbbbbbbb", "lt-cccccccccccc"


def test_a_clean_run_passes():
    records = [attempt(A), save(A, "ack", 2), attempt(B), save(B, "ack", 3), request()]
    verdict = judge(records, [], stored(B, 3), history((1, None), (2, A), (3, B)), {KEY: 1})
    assert (verdict.lost, verdict.phantom, verdict.unexpected) == ([], [], [])
    assert verdict.acknowledged == 2 and verdict.ok


def test_the_database_behind_the_last_acknowledged_version_is_a_lost_write():
    records = [attempt(A), save(A, "ack", 2), attempt(B), save(B, "ack", 3), request()]
    verdict = judge(records, [], stored(A, 2), history((1, None), (2, A), (3, B)), {KEY: 1})
    assert len(verdict.lost) == 1 and not verdict.ok


def test_an_acknowledged_save_missing_from_history_is_lost():
    records = [attempt(A), save(A, "ack", 2), attempt(B), save(B, "ack", 3), request()]
    verdict = judge(records, [], stored(B, 3), history((1, None), (3, B)), {KEY: 1})
    assert any("not in history" in line for line in verdict.lost)


def test_two_saves_acknowledged_as_one_version_is_a_lost_update():
    records = [attempt(A), save(A, "ack", 2), attempt(B), save(B, "ack", 2), request()]
    verdict = judge(records, [], stored(B, 2), history((1, None), (2, B)), {KEY: 1})
    assert any("2 saves acknowledged as version 2" in line for line in verdict.lost)


def test_the_right_version_with_another_value_is_lost():
    records = [attempt(A), save(A, "ack", 2), request()]
    verdict = judge(records, [], stored(A, 2, level=5), history((2, A)), {KEY: 1})
    assert verdict.lost


def test_a_conflict_that_was_written_anyway_is_a_phantom():
    records = [attempt(A), save(A, "ack", 2), attempt(B), save(B, "conflict"), request()]
    verdict = judge(records, [], stored(B, 3), history((2, A), (3, B)), {KEY: 1})
    assert any("refused (conflict)" in line for line in verdict.phantom)
    assert verdict.conflicts == 1


def test_a_change_nobody_sent_is_a_phantom():
    records = [attempt(A), save(A, "ack", 2), request()]
    verdict = judge(records, [], stored(A, 2), history((2, A), (3, None)), {KEY: 1})
    assert any("written by nobody" in line for line in verdict.phantom)
    verdict = judge(records, [], stored(A, 2), history((2, A), (3, C)), {KEY: 1})
    assert any("never sent" in line for line in verdict.phantom)


def test_a_save_never_answered_may_be_committed():
    records = [attempt(A), save(A, "ack", 2), attempt(B), request()]
    verdict = judge(records, [], stored(B, 3), history((2, A), (3, B)), {KEY: 1})
    assert verdict.committed_unacknowledged == 1 and verdict.no_answer == 1
    assert verdict.ok


def test_failures_at_the_kill_are_counted_apart_and_others_are_errors():
    kill = {"kind": "kill", "pid": 1, "t": T0, "offset": 30}
    records = [
        attempt(A), save(A, "ack", 2),
        request(status=0, t=T0 + 0.2, error="RemoteDisconnected"),
        request(name="question page", status=0, t=T0 + 60, error="RemoteDisconnected"),
        request(name="task list", status=200, t=T0 + 5),
    ]  # fmt: skip
    verdict = judge(records, [kill], stored(A, 2), history((2, A)), {KEY: 1})
    assert verdict.kill_failures == 1
    assert len(verdict.unexpected) == 1 and not verdict.ok
    assert verdict.answered_after_kill == 1


def test_a_run_that_saved_nothing_fails():
    assert not judge([request(name="task list", status=200)], [], {}, [], {}).ok


@pytest.mark.parametrize(
    ("value", "db", "expected"),
    [
        ({"na": True, "evidence": "e"}, {"na": True, "level": None, "evidence": "e"}, True),
        ({"level": 2, "evidence": "e"}, {"na": False, "level": 2, "evidence": "e"}, True),
        ({"level": 2, "evidence": "e"}, {"na": False, "level": 2, "evidence": "x"}, False),
        ({"yes_no": False, "evidence": "e"}, {"yes_no": False, "evidence": "e"}, True),
        ({"number": 12, "evidence": "e"}, {"number": "12.00", "evidence": "e"}, True),
        ({"number": 12, "evidence": "e"}, {"number": None, "evidence": "e"}, False),
        ({"text": "t"}, {"text": "t", "evidence": ""}, True),
    ],
)
def test_matches(value, db, expected):
    assert matches(db, value) is expected


def test_token_in_finds_the_first_token():
    assert token_in(None, "", f"Load test {A}") == A
    assert token_in("Described in our strategy") is None


# Two servers: both must answer, and the checks across them must have run and held.
SERVERS = {"kind": "servers", "urls": ["http://127.0.0.1:8101", "http://127.0.0.1:8102"]}


def across(check, ok=True):
    return {"kind": "cross-server", "check": check, "ok": ok, "detail": "..."}


def two_server_verdict(events, ports=(8101, 8102)):
    records = [attempt(A), save(A, "ack", 2)]
    records += [{**request(), "server": port} for port in ports]
    return judge(records, events, stored(A, 2), history((2, A)), {KEY: 1})


def test_two_servers_pass_when_both_answer_and_the_state_is_shared():
    verdict = two_server_verdict([SERVERS, across("session"), across("lock-out")])
    assert verdict.by_server == {8101: 1, 8102: 1}
    assert verdict.ok


def test_a_lock_out_that_does_not_hold_on_the_other_server_fails_the_run():
    verdict = two_server_verdict([SERVERS, across("session"), across("lock-out", ok=False)])
    assert not verdict.ok and verdict.lost == [] and verdict.phantom == []


def test_two_servers_without_the_checks_across_them_fail():
    assert not two_server_verdict([SERVERS]).ok


def test_a_server_that_answered_nothing_fails_the_run():
    events = [SERVERS, across("session"), across("lock-out")]
    assert not two_server_verdict(events, ports=(8101,)).ok


def test_one_server_needs_no_checks_across_servers():
    assert two_server_verdict([], ports=(8101,)).ok
