"""``{{ value|day }}`` and ``{{ value|moment }}``: the site's date formats (portal.dates)."""

from django import template

from portal import dates

register = template.Library()


@register.filter(expects_localtime=True)
def day(value) -> str:
    return dates.day(value)


@register.filter(expects_localtime=True)
def moment(value) -> str:
    return dates.moment(value)
