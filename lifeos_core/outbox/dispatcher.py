"""Drain the outbox: claim batches, hand the events to their subscribers, settle the rows.

A message whose event type has no subscriber is settled by the claim itself (see
``outbox.claim_fresh``): there is nothing to deliver, so there is nothing to lease.

Subscribers are plain functions ``handler(uow, deliveries)`` registered by event type in a dict
(see ``lifeos_core.subscriptions``); ``deliveries`` is a list of (event, message) pairs, so a
subscriber can work set-based over a whole batch instead of one query per event.

An in-process subscriber runs inside the transaction that marks its messages ``sent``: either
its derived rows and the ``sent`` marks commit together, or neither does and the messages are
retried. A batch whose delivery fails is split and retried message by message in the same
run, so one poison message fails alone and its batch-mates go through. Delivery is at least
once; handlers are idempotent (keyed by the event), so every effect happens exactly once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from lifeos_core.events.base import DomainEvent
from lifeos_core.events.catalog import parse_event
from lifeos_core.outbox import service as outbox
from lifeos_core.outbox.service import ClaimedMessage
from lifeos_core.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

Delivery = tuple[DomainEvent, ClaimedMessage]
Handler = Callable[[UnitOfWork, Sequence[Delivery]], object]
Subscribers = Mapping[str, Sequence[Handler]]


@dataclass(frozen=True)
class DispatchPolicy:
    batch_size: int = 500
    lease_seconds: float = 300.0
    max_attempts: int = 5
    backoff_base_seconds: float = 2.0
    backoff_max_seconds: float = 3600.0
    time_budget_seconds: float = 60.0

    @classmethod
    def from_settings(cls, settings) -> DispatchPolicy:  # settings: lifeos_core.config.Settings
        return cls(
            batch_size=settings.outbox_batch_size,
            lease_seconds=settings.outbox_lease_seconds,
            max_attempts=settings.outbox_max_attempts,
            backoff_base_seconds=settings.outbox_backoff_base_seconds,
            backoff_max_seconds=settings.outbox_backoff_max_seconds,
            time_budget_seconds=settings.outbox_time_budget_seconds,
        )


class LeaseLost(RuntimeError):
    """Another dispatcher re-claimed a message whose lease ran out; its delivery wins."""


@dataclass
class DispatchReport:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    dead: int = 0
    lost_leases: int = 0
    batches: int = 0
    errors: list[str] = field(default_factory=list)

    def as_metadata(self) -> dict[str, int]:
        return {k: v for k, v in vars(self).items() if isinstance(v, int)}


def dispatch_outbox(
    uow_factory: UnitOfWorkFactory, subscribers: Subscribers, policy: DispatchPolicy
) -> DispatchReport:
    """Deliver ready messages until the queue is empty or the time budget is spent."""
    report = DispatchReport()
    subscribed = {event_type for event_type, handlers in subscribers.items() if handlers}
    deadline = time.monotonic() + policy.time_budget_seconds
    while time.monotonic() < deadline:
        with uow_factory() as uow:
            outbox.relax_commit(uow.session)
            report.dead += outbox.bury_exhausted(uow.session, max_attempts=policy.max_attempts)
            claimed = outbox.claim_fresh(
                uow.session,
                limit=policy.batch_size,
                lease_seconds=policy.lease_seconds,
                subscribed=subscribed,
            )
            retry = outbox.claim_retry(uow.session, lease_seconds=policy.lease_seconds)
            uow.commit()  # the attempt is on record before any handler runs
        batch = claimed.leased
        if not batch and not claimed.settled and retry is None:
            break
        report.batches += 1
        report.claimed += len(batch) + claimed.settled + (retry is not None)
        report.sent += claimed.settled  # nobody subscribes to them: delivered by the claim
        if batch:
            _deliver(uow_factory, batch, subscribers, policy, report)
        if retry is not None:  # a message that failed before goes alone
            _deliver(uow_factory, [retry], subscribers, policy, report)
    return report


def _deliver(
    uow_factory: UnitOfWorkFactory,
    messages: list[ClaimedMessage],
    subscribers: Subscribers,
    policy: DispatchPolicy,
    report: DispatchReport,
) -> None:
    try:
        with uow_factory() as uow:
            outbox.relax_commit(uow.session)
            by_handler: dict[Handler, list[Delivery]] = {}
            for message in messages:
                handlers = subscribers.get(message.event_type, ())
                if handlers:
                    event = parse_event(message.event_type, message.payload)
                    for handler in handlers:
                        by_handler.setdefault(handler, []).append((event, message))
            for handler, deliveries in by_handler.items():
                handler(uow, deliveries)
            sent = outbox.mark_sent(uow.session, messages)
            if sent != len(messages):
                raise LeaseLost(f"{len(messages) - sent} of {len(messages)} leases ran out")
            uow.commit()
            report.sent += sent
    except Exception as exc:  # any failure is recorded on the message(s), never lost
        if len(messages) > 1:
            for message in messages:  # find the culprit; the others go through
                _deliver(uow_factory, [message], subscribers, policy, report)
            return
        if isinstance(exc, LeaseLost):
            report.lost_leases += 1  # the new owner delivers it; our effects rolled back
            return
        _fail(uow_factory, messages[0], f"{type(exc).__name__}: {exc}", policy, report)


def _fail(
    uow_factory: UnitOfWorkFactory,
    message: ClaimedMessage,
    error: str,
    policy: DispatchPolicy,
    report: DispatchReport,
) -> None:
    log.warning("outbox message %s (%s) failed: %s", message.id, message.event_type, error)
    with uow_factory() as uow:
        status = outbox.mark_failed(
            uow.session,
            message,
            error=error,
            max_attempts=policy.max_attempts,
            backoff_base=policy.backoff_base_seconds,
            backoff_max=policy.backoff_max_seconds,
        )
        uow.commit()
    if status is None:
        report.lost_leases += 1
        return
    if status == "dead":
        report.dead += 1
    else:
        report.failed += 1
    report.errors.append(f"message {message.id}: {error}")
