"""The trail above a Wagtail page: its sections between the front page and itself.

base.html draws every breadcrumb trail (首页 › … › this page); a page of the
tree gets its ancestors from here, other views name theirs in ``crumbs``.
"""

from django import template

register = template.Library()

FRONT_PAGE_DEPTH = 2  # the tree's root is 1, the site's front page 2


@register.filter
def trail(page) -> list:
    """The live ancestors under the front page, nearest last (none for a section page)."""
    depth = getattr(page, "depth", 0) or 0
    if depth <= FRONT_PAGE_DEPTH + 1:
        return []  # a section sits straight under 首页: no query
    return list(page.get_ancestors().live().filter(depth__gt=FRONT_PAGE_DEPTH))
