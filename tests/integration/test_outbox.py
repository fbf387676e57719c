"""Outbox claims are leases; failures back off; poison goes dead; nothing is lost or doubled."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from lifeos_core.calendar import service as calendar
from lifeos_core.outbox import service as outbox
from lifeos_core.outbox.dispatcher import DispatchPolicy, dispatch_outbox
from lifeos_core.outbox.models import OutboxMessage

START = datetime(2026, 11, 20, 18, tzinfo=UTC)
FAST = DispatchPolicy(
    batch_size=50, max_attempts=3, backoff_base_seconds=0.0001, backoff_max_seconds=0.001
)


@pytest.fixture
def owner(runtime, owner):
    """The owner, with the outbox row of its registration already delivered."""
    with runtime.uow() as uow:
        uow.session.execute(sa.update(OutboxMessage).values(status="sent"))
        uow.commit()
    return owner


def add_events(runtime, actor, n: int) -> None:
    with runtime.uow() as uow:
        for i in range(n):
            calendar.create_event(
                uow, actor, title=f"Event {i}", start_time=START + timedelta(hours=i)
            )
        uow.commit()


def rows(runtime) -> list[OutboxMessage]:
    """The outbox rows of calendar events, oldest first."""
    with runtime.uow() as uow:
        found = list(
            uow.session.scalars(
                sa.select(OutboxMessage)
                .where(OutboxMessage.event_type.like("calendar.%"))
                .order_by(OutboxMessage.id)
            )
        )
        uow.session.expunge_all()  # keep them readable after the unit of work closes
        return found


def test_claim_leases_exactly_the_batch_and_records_the_attempt(runtime, owner):
    add_events(runtime, owner, 30)
    with runtime.uow() as uow:
        claimed = outbox.claim_batch(uow.session, limit=10, lease_seconds=60)
        uow.commit()
    assert len(claimed) == 10
    assert [m.id for m in claimed] == sorted(m.id for m in claimed)
    states = {m.id: (m.status, m.attempts) for m in rows(runtime)}
    assert all(states[m.id] == ("sending", 1) for m in claimed)
    with runtime.uow() as uow:
        assert outbox.count_ready(uow.session) == 20


def test_rows_of_a_dead_dispatcher_return_when_the_lease_expires_one_at_a_time(runtime, owner):
    add_events(runtime, owner, 3)
    with runtime.uow() as uow:
        outbox.claim_batch(uow.session, limit=10, lease_seconds=60)
        uow.commit()
    with runtime.uow() as uow:  # the dispatcher died; nothing can be claimed during the lease
        assert outbox.claim_batch(uow.session, limit=10, lease_seconds=60) == []
        assert outbox.claim_retry(uow.session, lease_seconds=60) is None
        uow.session.execute(
            sa.update(OutboxMessage).values(available_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        uow.commit()
    with runtime.uow() as uow:
        retried = outbox.claim_retry(uow.session, lease_seconds=60)
        uow.commit()
    assert retried.attempts == 2
    with runtime.uow() as uow:
        assert outbox.count_ready(uow.session) == 2


def test_failed_delivery_backs_off_then_goes_dead_keeping_the_error(runtime, owner):
    add_events(runtime, owner, 1)
    statuses = []
    for _ in range(3):
        with runtime.uow() as uow:
            uow.session.execute(sa.update(OutboxMessage).values(available_at=datetime.now(UTC)))
            message = outbox.claim_batch(uow.session, limit=1, lease_seconds=60) or [
                outbox.claim_retry(uow.session, lease_seconds=60)
            ]
            statuses.append(
                outbox.mark_failed(
                    uow.session, message[0], error="ValueError: bad payload",
                    max_attempts=3, backoff_base=60, backoff_max=600,
                )
            )  # fmt: skip
            uow.commit()
        if statuses[-1] == "failed":
            row = rows(runtime)[0]
            assert row.available_at > datetime.now(UTC) + timedelta(seconds=20)
    assert statuses == ["failed", "failed", "dead"]
    dead = rows(runtime)[0]
    assert (dead.status, dead.attempts, dead.last_error) == ("dead", 3, "ValueError: bad payload")
    with runtime.uow() as uow:
        assert outbox.requeue_dead(uow.session) == 1
        uow.commit()
    assert (rows(runtime)[0].status, rows(runtime)[0].attempts) == ("pending", 0)


def test_backoff_grows_exponentially_within_its_cap():
    delays = [outbox.backoff_seconds(n, base=2, cap=100) for n in range(1, 10)]
    assert 1 <= delays[0] <= 2
    assert 4 <= delays[2] <= 8
    assert all(d <= 100 for d in delays)


def test_poison_message_goes_dead_while_the_rest_are_delivered(runtime, owner):
    add_events(runtime, owner, 5)
    delivered = []

    def handler(uow, deliveries):
        for event, _message in deliveries:
            if event.title == "Event 2":
                raise ValueError("cannot digest Event 2")
        delivered.extend(event.event_id for event, _ in deliveries)

    report = None
    for _ in range(5):  # each run retries the poison once more
        report = dispatch_outbox(runtime.uow, {"calendar.event.created": [handler]}, FAST)
    by_status = {}
    for row in rows(runtime):
        by_status.setdefault(row.status, []).append(row)
    assert len(by_status["sent"]) == 4
    assert (
        len(by_status["dead"]) == 1 and "cannot digest Event 2" in by_status["dead"][0].last_error
    )
    assert len(delivered) == len(set(delivered)) == 4
    assert report.claimed == 0  # the queue is drained


def test_handler_effects_and_sent_mark_commit_together(runtime, owner):
    """A handler that fails after writing leaves no trace of its writes."""
    add_events(runtime, owner, 1)

    def half_done(uow, deliveries):
        calendar.create_event(uow, uow_actor, title="Derived", start_time=START)
        raise RuntimeError("crashed half way")

    uow_actor = owner
    dispatch_outbox(runtime.uow, {"calendar.event.created": [half_done]}, FAST)
    with runtime.uow() as uow:
        assert [e.title for e in calendar.list_events(uow, owner)] == ["Event 0"]


def test_messages_nobody_subscribes_to_are_settled_by_the_claim_alone(runtime, owner):
    add_events(runtime, owner, 3)
    with runtime.uow() as uow:
        calendar.delete_event(uow, owner, calendar.list_events(uow, owner)[0].id)
        uow.commit()
    heard = []

    def listener(uow, deliveries):
        heard.extend(event.event_type for event, _ in deliveries)

    report = dispatch_outbox(runtime.uow, {"calendar.event.deleted": [listener]}, FAST)

    assert heard == ["calendar.event.deleted"]  # only what it subscribed to
    assert report.sent == report.claimed == 4 and report.failed == 0
    statuses = {(m.event_type, m.status, m.attempts) for m in rows(runtime)}
    assert statuses == {
        ("calendar.event.created", "sent", 1),
        ("calendar.event.deleted", "sent", 1),
    }
    assert all(m.sent_at is not None for m in rows(runtime))


@pytest.mark.postgres
def test_the_dispatchers_relaxed_commit_never_reaches_other_transactions(runtime, owner):
    """Asynchronous commit is scoped to the dispatcher's own transactions (SET LOCAL): the
    pooled connection goes back to the app at full durability."""
    if runtime.engine.dialect.name != "postgresql":
        pytest.skip("synchronous_commit is PostgreSQL's")
    add_events(runtime, owner, 3)
    seen = []

    def peek(uow, deliveries):
        seen.append(uow.session.scalar(sa.text("SHOW synchronous_commit")))

    assert dispatch_outbox(runtime.uow, {"calendar.event.created": [peek]}, FAST).sent == 3
    assert seen == ["off"]
    for _ in range(runtime.engine.pool.size() + 1):  # whichever pooled connection comes back
        with runtime.uow() as uow:
            assert uow.session.scalar(sa.text("SHOW synchronous_commit")) == "on"


@pytest.mark.postgres
def test_concurrent_claims_on_postgres_skip_locked_rows(runtime, owner):
    if runtime.engine.dialect.name != "postgresql":
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite serialises writers instead")
    add_events(runtime, owner, 20)
    with runtime.uow() as first, runtime.uow() as second:
        a = outbox.claim_batch(first.session, limit=8, lease_seconds=60)  # not yet committed
        b = outbox.claim_batch(second.session, limit=8, lease_seconds=60)
        first.commit()
        second.commit()
    assert len(a) == len(b) == 8
    assert not {m.id for m in a} & {m.id for m in b}


def test_prune_deletes_only_delivered_messages_past_retention(runtime, owner):
    add_events(runtime, owner, 4)
    now = datetime.now(UTC)
    with runtime.uow() as uow:
        claimed = outbox.claim_batch(uow.session, limit=10, lease_seconds=60)
        ids = [m.id for m in claimed]
        outbox.mark_sent(uow.session, claimed[:3])
        uow.session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids[:2]))
            .values(sent_at=now - timedelta(days=8))
        )
        uow.commit()
    with runtime.uow() as uow:
        assert outbox.prune_sent(uow.session, older_than_seconds=7 * 86400) == 2
        uow.commit()
    left = {m.id: m.status for m in rows(runtime)}
    assert left == {ids[2]: "sent", ids[3]: "sending"}


def test_queue_health_reports_what_an_operator_needs(runtime, owner):
    add_events(runtime, owner, 3)
    with runtime.uow() as uow:
        uow.session.execute(
            sa.update(OutboxMessage).values(available_at=datetime.now(UTC) - timedelta(minutes=5))
        )
        uow.commit()
    with runtime.uow() as uow:
        health = outbox.queue_health(uow.session)
    assert health["ready"] == 3
    assert health["by_status"]["pending"] == 3
    assert health["oldest_ready_age_seconds"] >= 299
    if runtime.engine.dialect.name == "postgresql":
        assert health["dead_tuples"] >= 0 and health["oldest_transaction_age_seconds"] >= 0


def test_dead_letters_are_listed_and_requeued_from_the_cli(runtime, owner, monkeypatch, capsys):
    from lifeos_core.cli import main
    from lifeos_core.config import get_settings

    add_events(runtime, owner, 2)
    with runtime.uow() as uow:
        first, second = outbox.claim_batch(uow.session, limit=2, lease_seconds=60)
        for message in (first, second):
            outbox.mark_failed(
                uow.session,
                message,
                error="KeyError: 'amount'",
                max_attempts=1,
                backoff_base=2,
                backoff_max=10,
            )
        uow.commit()
    monkeypatch.setenv(
        "LIFEOS_DATABASE_URL", runtime.engine.url.render_as_string(hide_password=False)
    )
    get_settings.cache_clear()
    try:
        assert main(["outbox", "dead"]) == 0
        listed = json.loads(capsys.readouterr().out)
        assert [m["id"] for m in listed] == [second.id, first.id]
        assert listed[0]["last_error"] == "KeyError: 'amount'"
        assert main(["outbox", "requeue", "--id", str(first.id)]) == 0
        assert json.loads(capsys.readouterr().out) == {"requeued": 1}
    finally:
        get_settings.cache_clear()
    assert {m.id: m.status for m in rows(runtime)} == {first.id: "pending", second.id: "dead"}


def test_a_dispatcher_whose_lease_ran_out_cannot_double_the_delivery(runtime, owner):
    """A slow dispatcher's late commit is fenced off once another one re-claimed the row."""
    add_events(runtime, owner, 1)
    with runtime.uow() as uow:
        [slow_claim] = outbox.claim_batch(uow.session, limit=1, lease_seconds=60)
        uow.session.execute(sa.update(OutboxMessage).values(available_at=datetime.now(UTC)))
        uow.commit()  # the slow dispatcher's lease has run out
    with runtime.uow() as uow:
        fast_claim = outbox.claim_retry(uow.session, lease_seconds=60)
        uow.commit()
    assert fast_claim.id == slow_claim.id and fast_claim.attempts == 2
    with runtime.uow() as uow:
        assert outbox.mark_sent(uow.session, [slow_claim]) == 0  # too late: not ours
        assert outbox.mark_failed(
            uow.session, slow_claim, error="late", max_attempts=5, backoff_base=2, backoff_max=10
        ) is None  # fmt: skip
        assert outbox.mark_sent(uow.session, [fast_claim]) == 1
        uow.commit()
    assert rows(runtime)[0].status == "sent"
