"""Dutch number formatting: decimal comma, dot for thousands, a real minus sign."""
from __future__ import annotations

import math


def fmt_number(x: float | int | None, decimals: int = 0) -> str:
    """``1234.5 -> "1.234,5"`` (decimals=1); NaN/None -> "–"."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{abs(x):,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return ("−" if x < 0 and text.strip("0,.") else "") + text


MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


def fmt_date(day) -> str:
    """A date as Dutch text: ``date(2026, 12, 1) -> "1 december 2026"``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def fmt_count(n: int | float, singular: str, plural: str) -> str:
    """A number with its noun in the right form: ``1 -> "1 buurt"``, ``2 -> "2 buurten"``, ``1234 -> "1.234 buurten"``."""
    return f"{fmt_number(n)} {singular if n == 1 else plural}"


def fmt_pct(x: float | None, decimals: int = 0) -> str:
    """A percentage already on the 0–100 scale: ``12.34 -> "12%"``."""
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else fmt_number(x, decimals) + "%"


def fmt_share(x: float | None) -> str:
    """A share on the 0–100 scale that is not rounded to 0% while some are in it, nor to 100% while some
    are not: ``0.4 -> "minder dan 1%"``, ``12.34 -> "12%"``, ``99.7 -> "meer dan 99%"``, ``0 -> "0%"``."""
    if x is not None and 0 < x < 0.5:
        return "minder dan 1%"
    if x is not None and 99.5 <= x < 100:
        return "meer dan 99%"
    return fmt_pct(x)


def fmt_signed(x: float | None, decimals: int = 2) -> str:
    """With an explicit sign: ``0.05 -> "+0,05"``."""
    text = fmt_number(x, decimals)
    return text if text.startswith(("−", "–")) or text.strip("0,.") == "" else "+" + text
