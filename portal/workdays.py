"""Working days as China counts them: official holidays and 调休 make-up days.

The official calendar comes from `chinese-calendar` (pinned), which knows the
years the State Council has announced; `WorkingDaySettings` adds days it does
not know yet. Outside the library's years a day is a working day Monday to
Friday, unless the settings say otherwise.
"""

import datetime
from dataclasses import dataclass, field

import chinese_calendar
from chinese_calendar import constants


def official_years() -> tuple[int, int]:
    """First and last year the official calendar library covers."""
    years = [day.year for day in constants.holidays] + [day.year for day in constants.workdays]
    return min(years), max(years)


@dataclass(frozen=True)
class WorkingCalendar:
    extra_holidays: frozenset = field(default_factory=frozenset)
    extra_workdays: frozenset = field(default_factory=frozenset)

    @classmethod
    def load(cls) -> "WorkingCalendar":
        """One query for the settings; pass the calendar along instead of loading it per day."""
        from portal.models.calendar import WorkingDaySettings, parse_days

        settings = WorkingDaySettings.load()
        try:
            holidays = parse_days(settings.extra_holidays)
            workdays = parse_days(settings.extra_workdays)
        except Exception:  # a bad value saved around the form: the official calendar still holds
            holidays, workdays = set(), set()
        return cls(frozenset(holidays), frozenset(workdays))

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.extra_holidays:
            return False
        if day in self.extra_workdays:
            return True
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:  # a year not announced yet
            return day.weekday() < 5

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        """`days` working days after `start`."""
        current, remaining = start, days
        while remaining > 0:
            current += datetime.timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def covers(self, year: int) -> bool:
        first, last = official_years()
        return first <= year <= last
