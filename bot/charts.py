"""The /stats chart: a PNG drawn with matplotlib's Agg canvas and a CJK font from the system.

No pyplot: a Figure of its own per chart keeps this thread-safe and free of global state.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import MaxNLocator

from bot.services.stats import GroupCount, Stats
from bot.texts import T

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "Noto Serif CJK JP")
FONT_HINT = "install Debian's fonts-noto-cjk: apt-get install -y fonts-noto-cjk"
SUPPLY_COLOR, DEMAND_COLOR, FUNNEL_COLOR = "#2f6db5", "#e08a2c", "#3a9b5c"


class MissingFontError(RuntimeError):
    """No CJK font: the labels would come out as empty boxes."""


def cjk_font() -> FontProperties:
    for family in CJK_FAMILIES:
        try:
            path = font_manager.findfont(FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            continue
        return FontProperties(fname=path)
    raise MissingFontError(f"no CJK font among {', '.join(CJK_FAMILIES)}: {FONT_HINT}")


def _groups(axes: Axes, title: str, groups: Sequence[GroupCount], font: FontProperties) -> None:
    names = [g.name for g in groups][::-1]
    positions = range(len(names))
    height = 0.4
    axes.barh(
        [p + height / 2 for p in positions],
        [g.supply for g in groups][::-1],
        height,
        color=SUPPLY_COLOR,
        label=T.CHART_SUPPLY,
    )
    axes.barh(
        [p - height / 2 for p in positions],
        [g.demand for g in groups][::-1],
        height,
        color=DEMAND_COLOR,
        label=T.CHART_DEMAND,
    )
    axes.set_yticks(list(positions), names, fontproperties=font)
    axes.set_title(title, fontproperties=font)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    if groups:
        axes.legend(prop=font, loc="lower right")


def _funnel(axes: Axes, counts: Sequence[int], font: FontProperties) -> None:
    names = list(T.FUNNEL_NAMES)[::-1]
    values = list(counts)[::-1]
    bars = axes.barh(names, values, color=FUNNEL_COLOR)
    axes.bar_label(bars, labels=[str(v) for v in values], padding=3)
    axes.set_yticks(range(len(names)), names, fontproperties=font)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(T.CHART_TITLE_FUNNEL, fontproperties=font)


def stats_chart_png(stats: Stats) -> bytes:
    """Three panels: supply/demand per industry, per region, and the funnel. Raises
    MissingFontError when no CJK font is installed."""
    font = cjk_font()
    figure = Figure(figsize=(9, 13), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    industry, region, funnel = figure.subplots(3, 1, height_ratios=[5, 5, 2])
    _groups(industry, T.CHART_TITLE_INDUSTRY, stats.by_industry, font)
    _groups(region, T.CHART_TITLE_REGION, stats.by_region, font)
    _funnel(funnel, stats.funnel, font)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
