"""The spine end to end: calendar -> interpretations -> outbox -> insights -> review."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from lifeos_core.calendar import service as calendar
from lifeos_core.demo import load_demo
from lifeos_core.errors import NotFound
from lifeos_core.insights import service as insights
from lifeos_core.interpreter.service import interpret_new_events
from lifeos_core.outbox import service as outbox
from lifeos_core.outbox.models import OutboxMessage
from lifeos_core.pipeline import run_pipeline_once


@pytest.fixture
def demo(runtime):
    owner = load_demo(runtime).actor
    summary = run_pipeline_once(runtime)
    return owner, summary


def test_demo_pipeline_yields_events_interpretations_dispatch_and_insights(runtime, demo):
    owner, summary = demo
    assert summary.sync.totals.created > 100
    assert summary.interpretations.auto_confirmed > 0
    assert summary.dispatch.sent == summary.dispatch.claimed > 0
    with runtime.uow() as uow:
        statuses = calendar.interpretation_status_counts(uow, owner)
        found = insights.list_insights(uow, owner)
        assert outbox.count_ready(uow.session) == 0
    assert statuses["confirmed"] > 0 and statuses["inferred"] > 0
    workouts = [
        i
        for i in found
        if i.insight_type == "weekly_activity_milestone"
        and i.payload["record_type"] == "health/workout"
    ]
    assert workouts and all(i.payload["count"] >= 3 for i in workouts)
    assert workouts[0].payload["evidence"]["calendar_event_interpretation"]


def test_running_the_pipeline_again_changes_nothing(runtime, demo):
    owner, _ = demo
    again = run_pipeline_once(runtime)
    assert again.sync.totals.created == again.sync.totals.updated == 0
    assert again.interpretations.events == 0
    assert again.dispatch.claimed == 0


def test_redelivered_events_do_not_double_insights(runtime, demo):
    owner, _ = demo
    with runtime.uow() as uow:
        before = insights.count_insights(uow, owner)
        uow.session.execute(
            sa.update(OutboxMessage).values(
                status="pending", attempts=0, available_at=datetime.now(UTC) - timedelta(seconds=1)
            )
        )
        uow.commit()
    redelivery = run_pipeline_once(runtime).dispatch
    assert redelivery.sent > 0
    with runtime.uow() as uow:
        assert insights.count_insights(uow, owner) == before


def test_review_decisions_stick_and_rejected_ones_are_not_proposed_again(runtime, demo, settings):
    owner, _ = demo
    with runtime.uow() as uow:
        queue = calendar.list_interpretations(uow, owner)
        confirm, reject, ignore = queue[0], queue[1], queue[2]
        calendar.decide_interpretations(
            uow, owner, interpretation_ids=[confirm.id], decision="confirm"
        )
        calendar.decide_interpretations(
            uow, owner, interpretation_ids=[reject.id], decision="reject", reason="not a meeting"
        )
        calendar.decide_interpretations(
            uow, owner, interpretation_ids=[ignore.id], decision="ignore"
        )
        uow.commit()
    with runtime.uow() as uow:
        remaining = {i.id for i in calendar.list_interpretations(uow, owner)}
        decided = {
            i.id: i.status
            for i in calendar.list_interpretations(
                uow, owner, statuses=("confirmed", "rejected", "ignored")
            )
        }
        # make the interpreter look at every event again
        uow.session.execute(sa.text("UPDATE calendar_event SET interpreted_hash = NULL"))
        uow.commit()
    assert not {confirm.id, reject.id, ignore.id} & remaining
    assert (decided[confirm.id], decided[reject.id], decided[ignore.id]) == (
        "confirmed",
        "rejected",
        "ignored",
    )
    interpret_new_events(runtime.uow, settings)
    with runtime.uow() as uow:
        again = {
            i.id: i.status
            for i in calendar.list_interpretations(
                uow, owner, statuses=("inferred", "confirmed", "rejected", "ignored")
            )
        }
    assert (again[confirm.id], again[reject.id], again[ignore.id]) == (
        "confirmed",
        "rejected",
        "ignored",
    )


def test_batch_decision_with_one_bad_id_changes_nothing(runtime, demo):
    owner, _ = demo
    with runtime.uow() as uow:
        ids = [i.id for i in calendar.list_interpretations(uow, owner)[:3]]
    with runtime.uow() as uow, pytest.raises(NotFound, match="999999"):
        calendar.decide_interpretations(
            uow, owner, interpretation_ids=[*ids, 999999], decision="confirm"
        )
        uow.commit()
    with runtime.uow() as uow:
        assert set(ids) <= {i.id for i in calendar.list_interpretations(uow, owner)}


def test_owner_confirmation_flows_through_the_outbox_to_an_insight(runtime, owner):
    """Three meals confirmed by hand in one week make a milestone insight."""
    with runtime.uow() as uow:
        for day in range(3):
            calendar.create_event(
                uow,
                owner,
                title="Dinner",
                start_time=datetime(2026, 11, 16, 15, tzinfo=UTC) + timedelta(days=day),
            )
        uow.commit()
    run_pipeline_once(runtime)  # 16:00 Berlin is no dinner time: the meals wait for review
    with runtime.uow() as uow:
        pending = calendar.list_interpretations(uow, owner)
        assert insights.count_insights(uow, owner) == 0
        calendar.decide_interpretations(
            uow, owner, interpretation_ids=[i.id for i in pending], decision="confirm"
        )
        uow.commit()
    run_pipeline_once(runtime)
    with runtime.uow() as uow:
        [insight] = insights.list_insights(uow, owner, include_expired=True)  # a past week
    assert insight.title == "3 meals in the week of 16 Nov 2026"
