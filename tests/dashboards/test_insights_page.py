"""The insights page, used as the owner would: read an insight and its evidence, act on it,
set a budget, report a miss; and the operator's telemetry."""

from __future__ import annotations

from decimal import Decimal

import pytest
from app_driver import keys, open_page, sign_in

from dashboards.ui import md
from lifeos_core.auth import service as auth
from lifeos_core.events import catalog
from lifeos_core.finance import service as finance
from lifeos_core.insights import service as insights


@pytest.fixture(autouse=True)
def insight_events_in_catalog(monkeypatch):
    """Until lifeos_core/events/catalog.py lists the insights' events (the lead wires it)."""
    module = "lifeos_core.insights.events"
    if module not in catalog.CATALOG_MODULES:
        monkeypatch.setattr(catalog, "CATALOG_MODULES", (*catalog.CATALOG_MODULES, module))
        catalog.event_catalog.cache_clear()
    yield
    catalog.event_catalog.cache_clear()


def newest(app_runtime, actor):
    with app_runtime.uow() as uow:
        return insights.list_insights(uow, actor)[0]


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def test_each_insight_shows_its_rule_and_the_records_behind_it(signed_in, app_runtime, demo_actor):
    insight = newest(app_runtime, demo_actor)
    ids = insight.evidence["calendar_event_interpretation"]

    at = open_page(signed_in, "insights")

    assert any(md(insight.title) in m.value for m in at.markdown)
    shown = captions(at)
    assert any(c.startswith(md(f"calendar · rule {insight.insight_type} v2")) for c in shown)
    assert "Evidence · " + md("Calendar interpretations: " + ", ".join(f"#{i}" for i in ids)) in (
        shown
    )


def test_acknowledging_marks_it_and_not_useful_hides_it_and_counts_against_the_rule(
    signed_in, app_runtime, demo_actor
):
    insight = newest(app_runtime, demo_actor)
    at = open_page(signed_in, "insights")

    at = at.button(key=f"insights_acknowledge_{insight.id}").click().run()

    assert at.success[0].value.startswith("Acknowledged")
    assert at.button(key=f"insights_acknowledge_{insight.id}").disabled

    at = at.button(key=f"insights_not_useful_{insight.id}").click().run()

    assert at.success[0].value.startswith("Thanks")
    assert f"insights_not_useful_{insight.id}" not in keys(at.button)
    with app_runtime.uow() as uow:
        rows = insights.telemetry_summary(uow, demo_actor)
        assert insight.id not in {i.id for i in insights.list_insights(uow, demo_actor)}
    assert sum(r.not_useful for r in rows if r.rule == insight.insight_type) == 1


def test_a_budget_set_on_the_page_is_kept_and_a_bad_amount_is_refused(
    signed_in, app_runtime, demo_actor
):
    with app_runtime.uow() as uow:
        groceries = finance.create_account(
            uow, demo_actor, name="Groceries", account_type="expense"
        )
        uow.commit()
    at = open_page(signed_in, "insights")
    at.selectbox(key="insights_threshold_account").select(groceries.id)
    at.text_input(key="insights_threshold_amount").input("lots")
    at = at.button(key="insights_threshold_submit").click().run()
    assert "Amount" in at.error[0].value

    at.text_input(key="insights_threshold_amount").input("320.00")
    at = at.button(key="insights_threshold_submit").click().run()

    assert "Monthly budget for Groceries set to 320.00" in at.success[0].value.replace("\\", "")
    with app_runtime.uow() as uow:
        [budget] = insights.list_thresholds(uow, demo_actor)
    assert (budget.kind, budget.account_id, budget.amount) == (
        "category_budget",
        groceries.id,
        Decimal("320.00"),
    )
    assert f"insights_threshold_remove_{budget.id}" in keys(at.button)


def test_a_miss_reported_on_the_page_counts_against_its_rule(signed_in, app_runtime, demo_actor):
    at = open_page(signed_in, "insights")
    at.selectbox(key="insights_miss_rule").select("workout_streak")
    at.text_area(key="insights_miss_note").input("Three weeks of swimming and not a word")
    at = at.button(key="insights_miss_submit").click().run()

    assert at.success[0].value.startswith("Thanks")
    with app_runtime.uow() as uow:
        rows = insights.telemetry_summary(uow, demo_actor)
    assert [r.misses for r in rows if r.rule == "workout_streak" and r.misses] == [1]


def test_the_operator_sees_every_rule_with_its_flag_and_can_check_a_replay(signed_in):
    at = open_page(signed_in, "insights")
    [rules] = [d.value for d in at.dataframe if "Enabled" in d.value.columns]
    assert {"unusual_spend", "correlation", "weekly_activity_milestone"} <= set(rules["Rule"])
    assert rules["Enabled"].all()

    at = at.button(key="insights_replay").click().run()

    assert at.success[0].value.startswith("Identical")


def test_a_viewer_reads_insights_but_neither_acts_nor_sees_the_rules(app, app_runtime):
    with app_runtime.uow() as uow:
        auth.create_user(
            uow, email="viewer@example.com", password="a viewer's password", roles=("viewer",)
        )
        uow.commit()
    at = open_page(sign_in(app, "viewer@example.com", "a viewer's password"), "insights")
    assert "Insights" in [t.value for t in at.title]
    assert "insights_threshold_submit" not in keys(at.button)
    assert not [d for d in at.dataframe if "Enabled" in d.value.columns]
