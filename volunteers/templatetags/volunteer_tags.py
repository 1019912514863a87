"""Links into the public 志愿服务 section, and the marks shown beside hours."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def subpage_url(section, name: str, *args) -> str:
    """URL of a team or activity page under the section page, or "" without a section."""
    if section is None:
        return ""
    return section.url.rstrip("/") + "/" + section.reverse_subpage(name, args=args).lstrip("/")


@register.simple_tag
def source_badge(record) -> str:
    """Hand-entered and back-entered hours are marked wherever hours are shown."""
    if not record.is_hand_entered:
        return format_html('<span class="badge ok">{}</span>', _("扫码签到"))
    return format_html('<span class="badge grey">{}</span>', record.get_source_display())


@register.simple_tag
def status_badge(record) -> str:
    css = {"approved": "ok", "pending": "pending", "returned": "grey"}.get(record.status, "")
    return format_html('<span class="badge {}">{}</span>', css, record.get_status_display())


@register.filter
def stars(level: int) -> str:
    return "★" * int(level or 0)


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key)
