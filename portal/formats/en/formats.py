"""English month and day in the same style as its DATE_FORMAT ("Dec. 5", as in "Dec. 5, 2026")."""

MONTH_DAY_FORMAT = "N j"
