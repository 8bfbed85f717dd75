"""Which phase each day before the interview belongs to.

The baseline is eight weeks, two per phase. With less time every phase shrinks by the same
factor (each gets a quarter of the days left). With more, specialised prep and mock interviews
keep their two weeks and the extra time is shared equally by foundations and technical
practice, so no phase is ever dropped. Under one week there is no room for phases at all and
the builder makes a crash plan instead.
"""

from __future__ import annotations

from mlcoach.plan.models import PHASES, Mode, Phase

DAYS_PER_WEEK = 7
BASELINE_DAYS = 8 * DAYS_PER_WEEK
LATE_PHASE_DAYS = 2 * DAYS_PER_WEEK  # specialised prep and mocks never grow past two weeks


def plan_mode(days_left: int) -> Mode:
    """crash under a week, compressed under eight, baseline at eight, stretched beyond."""
    if days_left < DAYS_PER_WEEK:
        return "crash"
    if days_left < BASELINE_DAYS:
        return "compressed"
    return "baseline" if days_left == BASELINE_DAYS else "stretched"


def phase_lengths(days_left: int) -> tuple[float, float, float, float]:
    """Days given to each phase, in order; they always add up to `days_left`."""
    if days_left <= BASELINE_DAYS:
        quarter = days_left / len(PHASES)
        return (quarter, quarter, quarter, quarter)
    early = (days_left - 2 * LATE_PHASE_DAYS) / 2
    return (early, early, LATE_PHASE_DAYS, LATE_PHASE_DAYS)


def phase_of_day(day_index: int, lengths: tuple[float, float, float, float]) -> Phase:
    """The phase a day falls in, judged by the day's midpoint (so boundaries split fairly)."""
    midpoint = day_index + 0.5
    boundary = 0.0
    for phase, length in zip(PHASES, lengths, strict=True):
        boundary += length
        if midpoint < boundary:
            return phase
    return PHASES[-1]
