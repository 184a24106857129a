"""SVG bar charts for the statistics page, drawn at build time with ``xml.etree`` (no
JavaScript, no third-party host) and laid out for a phone: ``role="img"`` with a
``<title>`` and ``<desc>``, every bar labelled with its number, and "below the minimum"
shown by a hatch pattern and a word, not by colour alone."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    flagged: bool = False  # drawn hatched, with ``flag_text`` after the number
    flag_text: str = ""


CHART_FONT = 22  # user units: about 17 px once a chart fills a 360 px phone
LABEL_MAX_CHARS = 10
BAR_AREA = 320  # the longest bar (or the marker)
NUMBER_ROOM = 110  # after the longest bar, for its number and flag word
BAR_HEIGHT = 18
ROW = CHART_FONT + 6 + BAR_HEIGHT + 12  # label, gap, bar, gap


def _label(text: str) -> str:
    return text if len(text) <= LABEL_MAX_CHARS else text[: LABEL_MAX_CHARS - 1] + "…"


def bar_chart_svg(
    chart_id: str,
    title: str,
    description: str,
    bars: list[Bar],
    *,
    marker: int | None = None,
    marker_label: str = "",
) -> str:
    """A horizontal bar chart laid out for a phone: each label above its bar, the
    number after the bar, in type that stays readable when the chart is scaled down
    to a 360 px screen (labels beside the bars would leave it 7-9 px).

    ``marker`` draws a dashed vertical line at that value (e.g. the yearly minimum),
    labelled above the first bar.
    """
    top = CHART_FONT + 14 if marker is not None else 4
    width = BAR_AREA + NUMBER_ROOM
    height = top + ROW * len(bars) + 4
    scale_max = max([b.value for b in bars] + [marker or 0, 1])
    unit = BAR_AREA / scale_max

    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": "nb-chart",
            "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "viewBox": f"0 0 {width} {height}",
            "width": str(width),
            "height": str(height),
            "font-size": str(CHART_FONT),
        },
    )
    ET.SubElement(svg, "title", {"id": f"{chart_id}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = description
    defs = ET.SubElement(svg, "defs")
    pattern = ET.SubElement(
        defs,
        "pattern",
        {
            "id": f"{chart_id}-hatch",
            "width": "6",
            "height": "6",
            "patternUnits": "userSpaceOnUse",
            "patternTransform": "rotate(45)",
        },
    )
    ET.SubElement(
        pattern,
        "line",
        {"x1": "0", "y1": "0", "x2": "0", "y2": "6", "stroke": "currentColor", "stroke-width": "3"},
    )
    for i, bar in enumerate(bars):
        y = top + i * ROW  # the row's top; the bar starts below its label
        bar_y = y + CHART_FONT + 6
        ET.SubElement(
            svg, "text", {"x": "0", "y": str(y + CHART_FONT - 2), "fill": "currentColor"}
        ).text = _label(bar.label)
        bar_width = round(bar.value * unit, 1)
        ET.SubElement(
            svg,
            "rect",
            {
                "x": "0",
                "y": str(bar_y),
                "width": str(bar_width),
                "height": str(BAR_HEIGHT),
                "fill": f"url(#{chart_id}-hatch)" if bar.flagged else "currentColor",
                "fill-opacity": "1" if bar.flagged else "0.55",
                "stroke": "currentColor",
                "stroke-width": "1" if bar.value else "0",
            },
        )
        number = f"{bar.value}" + (f" {bar.flag_text}" if bar.flagged and bar.flag_text else "")
        ET.SubElement(
            svg,
            "text",
            {"x": str(round(bar_width + 6, 1)), "y": str(bar_y + 17), "fill": "currentColor"},
        ).text = number
    if marker is not None:
        x = str(round(marker * unit, 1))
        ET.SubElement(
            svg,
            "line",
            {
                "x1": x,
                "y1": str(top - 4),
                "x2": x,
                "y2": str(height - 2),
                "stroke": "currentColor",
                "stroke-dasharray": "4 3",
                "stroke-width": "1.5",
            },
        )
        ET.SubElement(
            svg,
            "text",
            {"x": x, "y": str(CHART_FONT), "text-anchor": "middle", "fill": "currentColor"},
        ).text = marker_label
    return ET.tostring(svg, encoding="unicode")
