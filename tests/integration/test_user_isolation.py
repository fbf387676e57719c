"""No service returns or changes another user's rows, whatever ids it is handed."""

from __future__ import annotations

import pytest

from lifeos_core.calendar import service as calendar
from lifeos_core.demo import load_demo
from lifeos_core.errors import NotFound
from lifeos_core.insights import service as insights
from lifeos_core.insights.models import InsightRecord
from lifeos_core.pipeline import run_pipeline_once


@pytest.fixture
def alex_and_mallory(runtime, make_user):
    alex = load_demo(runtime).actor
    run_pipeline_once(runtime)
    mallory = make_user("mallory@example.com")
    return alex, mallory


def test_another_user_sees_none_of_alexs_data(runtime, alex_and_mallory):
    alex, mallory = alex_and_mallory
    with runtime.uow() as uow:
        assert calendar.count_events(uow, alex) > 0
        assert calendar.list_events(uow, mallory) == []
        assert calendar.list_interpretations(uow, mallory, statuses=("inferred", "confirmed")) == []
        assert calendar.list_connections(uow, mallory) == []
        assert insights.list_insights(uow, mallory) == []
        assert calendar.interpretation_status_counts(uow, mallory) == {}


def test_another_user_cannot_read_change_or_delete_alexs_rows_by_id(
    runtime, settings, alex_and_mallory
):
    alex, mallory = alex_and_mallory
    with runtime.uow() as uow:
        event = calendar.list_events(uow, alex)[0]
        pending = calendar.list_interpretations(uow, alex)[0]
        insight = insights.list_insights(uow, alex)[0]
        connection = calendar.list_connections(uow, alex)[0]
    with runtime.uow() as uow:
        with pytest.raises(NotFound):
            calendar.get_event(uow, mallory, event.id)
        with pytest.raises(NotFound):
            calendar.delete_event(uow, mallory, event.id)
        with pytest.raises(NotFound):
            calendar.decide_interpretations(
                uow, mallory, interpretation_ids=[pending.id], decision="reject"
            )
        with pytest.raises(NotFound):
            insights.mark_insight(uow, mallory, insight.id, "dismiss")
        with pytest.raises(NotFound):
            calendar.sync_connection_events(
                uow, mallory, connection_id=connection.id, occurrences=[],
                window_start=event.start_time, window_end=event.start_time,
            )  # fmt: skip
        with pytest.raises(NotFound):
            calendar.record_interpretations(
                uow, mallory, event_id=event.id, proposals=[], model_version="x"
            )
        uow.commit()
    with runtime.uow() as uow:
        assert calendar.get_event(uow, alex, event.id).title == event.title
        assert pending.id in {i.id for i in calendar.list_interpretations(uow, alex)}
        assert uow.session.get(InsightRecord, insight.id).dismissed_at is None
