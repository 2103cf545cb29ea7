"""The Algemene termijnenwet as data: which days never count as working days.

A term that ends on one of these days runs on to the next working day (art. 1). Movable feasts are taken
from the ``holidays`` library (names in its en_US spelling); the rest is listed here so a reader can check
it against the law. Days designated by decree (art. 3 lid 3) live in the DecreeDay table.
"""

from __future__ import annotations

WEEKEND_DAYS = (5, 6)  # Saturday and Sunday (art. 1 lid 1)

# Holidays from holidays.NL that the law and the brief count: art. 3 lid 1 plus Good Friday.
# Easter Sunday and Whit Sunday are listed for completeness: they always fall on a Sunday.
HOLIDAY_NAMES = {
    "New Year's Day": "Nieuwjaarsdag",
    "Good Friday": "Goede Vrijdag",
    "Easter Sunday": "Eerste paasdag",
    "Easter Monday": "Tweede paasdag",
    "King's Day": "Koningsdag",
    "Ascension Day": "Hemelvaartsdag",
    "Pentecost": "Eerste pinksterdag",
    "Pentecost Monday": "Tweede pinksterdag",
    "Christmas Day": "Eerste kerstdag",
    "Second Day of Christmas": "Tweede kerstdag",
}

# Fixed dates that count every year, whatever the holidays library says (it lists 5 May only in lustrum
# years, the law counts it every year).
FIXED_DAYS = {(5, 5): "Bevrijdingsdag (5 mei)"}
