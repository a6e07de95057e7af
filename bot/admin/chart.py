"""A small PNG of questions and tickets per day, for ``/stats`` (numbers only).

Pillow draws it (imported only here, when a chart is asked for). The picture holds only
digits and dates, so no font with Cyrillic is needed: the title and the colour legend go in
the photo's caption, in the reader's language (:data:`QUESTIONS_MARK`, :data:`TICKETS_MARK`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from bot.admin.stats import DayRow

WIDTH, HEIGHT = 900, 420
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 56, 20, 20, 40
QUESTIONS_COLOUR = (52, 120, 198)
TICKETS_COLOUR = (230, 126, 34)
GRID = (225, 225, 225)
INK = (40, 40, 40)


# The caption's legend: the squares match the bars' colours.
QUESTIONS_MARK = "🟦"
TICKETS_MARK = "🟧"


def _scale(value: int) -> tuple[int, int]:
    """A round tick step (1, 2 or 5 × 10^k) and the axis top: at most five ticks."""
    base = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * base
            if step * 5 >= value:
                return step, max(step * -(-value // step), step)
        base *= 10


def render(days: Sequence[DayRow]) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=14)
    step, top = _scale(max([max(d.questions, d.tickets) for d in days] or [0]))
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    bottom = MARGIN_TOP + plot_h

    for value in range(0, top + 1, step):
        y = bottom - plot_h * value / top
        draw.line((MARGIN_LEFT, y, WIDTH - MARGIN_RIGHT, y), fill=GRID)
        draw.text((8, y - 8), str(value), fill=INK, font=font)

    slot = plot_w / max(len(days), 1)
    bar = max(slot * 0.38, 1.0)
    for index, day in enumerate(days):
        x = MARGIN_LEFT + index * slot + slot * 0.1
        for shift, (value, colour) in enumerate(
            ((day.questions, QUESTIONS_COLOUR), (day.tickets, TICKETS_COLOUR))
        ):
            if value:
                height = plot_h * value / top
                left = x + shift * bar
                draw.rectangle((left, bottom - height, left + bar - 1, bottom), fill=colour)
        if index % 5 == 0 or index == len(days) - 1:
            draw.text((x, bottom + 8), day.day.strftime("%d.%m"), fill=INK, font=font)
    draw.line((MARGIN_LEFT, bottom, WIDTH - MARGIN_RIGHT, bottom), fill=INK)

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
