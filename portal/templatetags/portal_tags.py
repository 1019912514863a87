"""Small template helpers used across the public site."""

from html import unescape

from django import template
from django.utils.html import strip_tags

from portal.masking import mask_phone

register = template.Library()


@register.filter
def startswith(path: str, section_slug: str) -> bool:
    """True when a request path lies inside the section with that slug."""
    return (path or "").startswith(f"/{section_slug}/")


@register.filter
def masked_phone(phone: str) -> str:
    return mask_phone(phone)


@register.filter
def hours(value) -> str:
    """1.0 → 1, 1.5 → 1.5: hours without a trailing .0."""
    if value is None:
        return "0"
    text = f"{value:.1f}" if not isinstance(value, str) else value
    return text[:-2] if text.endswith(".0") else text


@register.simple_tag
def working_calendar_note() -> str:
    """Says which years the holiday calendar covers, wherever a deadline in working days shows."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from portal.workdays import official_years

    first, last = official_years()
    if timezone.localdate().year > last:
        return _(
            "工作日按国家法定节假日和调休安排计算，已收录至 %(last)s 年；"
            "%(next)s 年的安排尚未收录，暂按周一至周五计算，可在“设置 › 工作日日历”中补充。"
        ) % {"last": last, "next": last + 1}
    return _("工作日按国家法定节假日和调休安排计算（已收录 %(first)s—%(last)s 年）。") % {
        "first": first,
        "last": last,
    }


@register.filter
def plain_text(value) -> str:
    """Rich text (an index page's intro) as the words a reader sees, for summaries."""
    return " ".join(unescape(strip_tags(str(value or ""))).split())


@register.simple_tag
def tie_rule() -> str:
    """The sentence every ranking page shows under its table (portal.ranking)."""
    from portal.ranking import TIE_RULE

    return str(TIE_RULE)


@register.filter
def described_widget(field):
    """A field's input described by its help text and its error, with the ids that
    portal/admin/_field.html gives them (Wagtail's own rendering names the help text only)."""
    ids = [f"{field.auto_id}-helptext"] if field.help_text else []
    ids += [f"{field.auto_id}-error"] if field.errors else []
    if not ids or field.field.widget.use_fieldset:
        return field.as_widget()
    return field.as_widget(attrs={"aria-describedby": " ".join(ids)})
