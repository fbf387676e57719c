"""`lifeos metrics`: what Prometheus reads is what the database holds (on each backend)."""

from __future__ import annotations

import re
import time
import urllib.request

import pytest
from deploy_files import load_yaml
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from lifeos_core.calendar import service as calendar
from lifeos_core.demo import load_demo
from lifeos_core.events.catalog import event_catalog
from lifeos_core.metrics import build_registry, start
from lifeos_core.outbox import service as outbox
from lifeos_core.outbox.dispatcher import DispatchPolicy, dispatch_outbox
from lifeos_core.pipeline import run_pipeline_once
from lifeos_core.subscriptions import subscribers


def served_names(registry) -> set[str]:
    """Every metric the exporter declares, with samples or not (a family may be empty)."""
    text = generate_latest(registry).decode()
    return set(re.findall(r"^# TYPE (\w+)", text, re.M)) | {
        sample.name for family in text_string_to_metric_families(text) for sample in family.samples
    }


def scrape(registry) -> dict[tuple[str, tuple], float]:
    """Every sample of one scrape: (name, sorted labels) -> value."""
    text = generate_latest(registry).decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples, name: str, **labels) -> float:
    return samples[name, tuple(sorted(labels.items()))]


def test_a_scrape_reports_the_queue_the_calendar_and_the_interpretations_as_stored(runtime):
    demo = load_demo(runtime)
    run_pipeline_once(runtime)

    samples = scrape(build_registry(runtime))

    with runtime.uow() as uow:
        by_status = outbox.status_counts(uow.session)
        ready = outbox.count_ready(uow.session)
        events = calendar.count_events(uow, demo.actor)
        interpretations = calendar.interpretation_status_counts(uow, demo.actor)
        (connection,) = calendar.all_active_connections(uow)
    assert by_status["sent"] > 0
    for status in ("pending", "sending", "failed", "sent", "dead"):
        assert value(samples, "outbox_messages", status=status) == by_status.get(status, 0)
    assert value(samples, "outbox_messages_ready") == ready == 0
    assert value(samples, "outbox_messages_pending") == 0
    assert value(samples, "outbox_oldest_pending_age_seconds") == 0
    assert value(samples, "calendar_events", state="active") == events > 0
    assert value(samples, "calendar_events", state="deleted") == 0
    assert interpretations
    for status, count in interpretations.items():
        assert value(samples, "calendar_interpretations", status=status) == count
    assert value(samples, "calendar_connections", kind="ics_file", state="ok") == 1
    assert value(
        samples,
        "calendar_connection_last_sync_timestamp_seconds",
        connection_id=str(connection.id),
        kind="ics_file",
    ) == pytest.approx(connection.last_synced_at.timestamp())
    assert (
        value(
            samples,
            "calendar_connection_last_sync_events",
            connection_id=str(connection.id),
            change="created",
        )
        == events
    )
    assert value(samples, "lifeos_database_up") == 1


def test_counters_count_the_deliveries_made_since_the_exporter_started(runtime):
    registry = build_registry(runtime)
    before = scrape(registry)
    assert value(before, "outbox_messages_sent_total") == 0

    load_demo(runtime)
    waiting = scrape(registry)
    summary = run_pipeline_once(runtime)
    after = scrape(registry)
    again = scrape(registry)

    assert value(waiting, "outbox_messages_pending") == value(waiting, "outbox_messages_ready") > 0
    assert value(waiting, "outbox_oldest_pending_age_seconds") >= 0
    sent = summary.dispatch.sent
    assert sent > 0
    assert value(after, "outbox_messages_sent_total") == sent
    assert value(after, "outbox_dispatch_latency_seconds_count") == sent
    assert value(after, "outbox_dispatch_latency_seconds_bucket", le="+Inf") == sent
    buckets = [v for (name, _), v in after.items() if name.endswith("_bucket")]
    assert buckets == sorted(buckets)  # cumulative
    assert value(after, "outbox_dispatch_latency_seconds_sum") >= 0
    assert value(after, "outbox_messages_failed_total") == 0
    # A message is counted once, however many scrapes see it.
    assert value(again, "outbox_messages_sent_total") == sent


def test_deliveries_between_the_exporter_start_and_its_first_scrape_count(runtime):
    registry = build_registry(runtime)
    load_demo(runtime)
    summary = run_pipeline_once(runtime)

    first = scrape(registry)

    assert value(first, "outbox_messages_sent_total") == summary.dispatch.sent > 0


def fail(uow, deliveries):
    raise RuntimeError("the subscriber is down")


def fail_everything():
    """Subscribers that fail every event, whatever its type."""
    return {event_type: [fail] for event_type in event_catalog()}


def test_failures_and_dead_messages_are_counted_once_through_requeue_and_pruning(
    runtime, make_user
):
    registry = build_registry(runtime)
    scrape(registry)
    make_user("grace@example.com")  # one message: user registered
    # A retry waits 0.25-0.5 s, so each dispatch call makes exactly one attempt.
    policy = DispatchPolicy(max_attempts=2, backoff_base_seconds=0.5, backoff_max_seconds=0.5)

    dispatch_outbox(runtime.uow, fail_everything(), policy)
    first = scrape(registry)
    time.sleep(0.6)  # past the backoff
    dispatch_outbox(runtime.uow, fail_everything(), policy)
    dead = scrape(registry)
    with runtime.uow() as uow:
        assert outbox.requeue_dead(uow.session) == 1
        uow.commit()
    requeued = scrape(registry)
    dispatch_outbox(runtime.uow, subscribers(), policy)
    delivered = scrape(registry)
    with runtime.uow() as uow:
        assert outbox.prune_sent(uow.session, older_than_seconds=-60) == 1
        uow.commit()
    pruned = scrape(registry)

    counters = ("outbox_messages_failed_total", "outbox_messages_dead_total")
    assert [tuple(value(s, c) for c in counters) for s in (first, dead, requeued)] == [
        (1, 0),
        (2, 1),
        (2, 1),
    ]
    assert value(dead, "outbox_messages", status="dead") == 1
    assert value(requeued, "outbox_messages", status="dead") == 0
    assert value(delivered, "outbox_messages_sent_total") == 1
    # Pruning removes the row, never what was counted.
    assert value(pruned, "outbox_messages", status="sent") == 0
    for name in (*counters, "outbox_messages_sent_total", "outbox_dispatch_latency_seconds_count"):
        assert value(pruned, name) == value(delivered, name), name


def test_an_unreachable_database_reads_as_down_instead_of_failing_the_scrape(settings):
    from lifeos_core.runtime import build_runtime

    nowhere = build_runtime(
        settings, database_url="postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"
    )
    try:
        samples = scrape(build_registry(nowhere))
    finally:
        nowhere.dispose()

    assert value(samples, "lifeos_database_up") == 0
    assert value(samples, "outbox_messages_sent_total") == 0


def test_the_exporter_answers_prometheus_over_http(runtime):
    server, thread = start(runtime, host="127.0.0.1", port=0)
    try:
        url = f"http://127.0.0.1:{server.server_port}/metrics"
        with urllib.request.urlopen(url, timeout=10) as response:
            body = response.read().decode()
    finally:
        server.shutdown()
        thread.join(timeout=5)
    assert "outbox_messages_sent_total 0.0" in body
    assert "lifeos_database_up 1.0" in body


def test_the_alert_rules_use_only_metrics_the_exporter_serves(runtime):
    served = served_names(build_registry(runtime)) | {"up"}
    for group in load_yaml("prometheus/alerts.yml")["groups"]:
        for rule in group["rules"]:
            expression = re.sub(r"\{[^}]*\}|\[[^\]]*\]|\"[^\"]*\"", "", rule["expr"])
            names = set(re.findall(r"\b([a-z_]+(?:_[a-z]+)+|up)\b", expression))
            functions = {"histogram_quantile", "sum", "by", "rate", "increase", "time", "or"}
            assert names - functions <= served, rule["alert"]
