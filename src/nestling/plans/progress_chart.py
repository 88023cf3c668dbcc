"""A goal's progress chart, as its page shows it: progress_plot.py does the geometry; this adds the words
(the scale's labels, the title and the description a screen reader reads) and each point's rating.

Reads nothing: the page passes the ratings it loaded. The table beside the chart lists every rating; it is
the chart's accessible alternative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nestling.plans.models import Goal, GoalProgress, ProgressRating
from nestling.plans.progress_plot import Level, ProgressPlot, ProgressPoint, Rating, build_progress_plot

DATE = "j M Y"


@dataclass(frozen=True)
class ChartPoint:
    point: ProgressPoint
    progress: GoalProgress
    label: str  # the scale's words for its level


@dataclass(frozen=True)
class ChartLevel:
    level: Level
    label: str


@dataclass(frozen=True)
class ProgressChart:
    key: str  # unique on the page, for element ids
    title: str
    description: str
    plot: ProgressPlot
    points: list[ChartPoint]  # oldest first
    levels: list[ChartLevel]  # 5 first, as the legend reads down the chart
    latest: ChartPoint


def progress_chart(*, goal: Goal, progress: Sequence[GoalProgress]) -> ProgressChart | None:
    """The chart of a goal's ratings (None before the first)."""
    if not progress:
        return None
    plot = build_progress_plot(
        [Rating(on=p.rated_on, level=p.rating) for p in progress], began=goal.plan.started_on
    )
    labels = dict(ProgressRating.choices)
    points = [ChartPoint(p, progress[p.index], str(labels[p.level])) for p in plot.points]
    levels = [ChartLevel(level, f"{level.level} {labels[level.level]}") for level in reversed(plot.levels)]
    latest = points[-1]
    said = [
        ngettext(
            "%(n)s rating of progress on this goal, on %(first)s.",
            "%(n)s ratings of progress on this goal, from %(first)s to %(last)s.",
            len(points),
        )
        % {
            "n": len(points),
            "first": date_format(points[0].progress.rated_on, DATE),
            "last": date_format(latest.progress.rated_on, DATE),
        },
        _("Latest: %(label)s (%(level)s of 5) on %(on)s.")
        % {
            "label": latest.label,
            "level": latest.point.level,
            "on": date_format(latest.progress.rated_on, DATE),
        },
        _("The scale, from the bottom: %(scale)s.") % {"scale": "; ".join(c.label for c in reversed(levels))},
        _("A dashed line marks the day the plan began. The table lists every rating."),
    ]
    return ProgressChart(
        key=f"progress-{goal.uuid}",
        title=_("Progress on the goal: %(goal)s") % {"goal": goal.statement},
        description=" ".join(said),
        plot=plot,
        points=points,
        levels=levels,
        latest=latest,
    )
