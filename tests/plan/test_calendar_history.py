"""The remembered calendar export: stored as JSON, read back exactly, bad fields named."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from mlcoach.plan import PlanRequest, build_plan, history_to_dict, parse_history, plan_to_ics

STAMP = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


def stored(make_request: Callable[..., PlanRequest]) -> dict[str, Any]:
    first = plan_to_ics(
        build_plan(make_request(20, hours_per_week=12)),
        zone=ZoneInfo("Europe/Berlin"),
        scope="ada",
        stamp=STAMP,
    )
    fewer = build_plan(make_request(20, hours_per_week=3))
    later = STAMP + timedelta(days=1)
    second = plan_to_ics(
        fewer, zone=ZoneInfo("Europe/Berlin"), scope="ada", stamp=later, previous=first.events
    )
    assert second.cancelled  # the history holds both kinds of event
    return history_to_dict(second.events)


def test_history_survives_json_and_reads_back_equal(
    make_request: Callable[..., PlanRequest],
) -> None:
    data = stored(make_request)
    events = parse_history(json.loads(json.dumps(data)))
    assert history_to_dict(events) == data
    assert [e.day for e in events] == sorted(e.day for e in events)
    assert data["events"][0]["stamp"].endswith("Z")  # UTC, as every stored time
    assert all(event.start.tzinfo == UTC for event in events)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sequence": -1}, "events[0].sequence: Input should be greater than or equal to 0"),
        ({"stamp": "2026-03-02T07:00:00"}, "events[0].stamp: Input should have timezone info"),
        ({"cancelled": "yes"}, "events[0].cancelled: Input should be a valid boolean"),
        ({"colour": "red"}, "events[0].colour: Extra inputs are not permitted"),
        ({"uid": ""}, "events[0].uid: String should have at least 1 character"),
    ],
)
def test_a_bad_field_is_named(
    make_request: Callable[..., PlanRequest], change: dict[str, Any], message: str
) -> None:
    data = stored(make_request)
    data["events"][0].update(change)
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_history(data)


def test_repeated_uids_are_refused(make_request: Callable[..., PlanRequest]) -> None:
    data = stored(make_request)
    data["events"].append(dict(data["events"][0]))
    with pytest.raises(ValueError, match=r"events: .*UIDs must be unique; repeated: plan-ada-"):
        parse_history(data)


def test_not_a_history_at_all_is_refused() -> None:
    with pytest.raises(ValueError, match=r"events: Field required"):
        parse_history({})
