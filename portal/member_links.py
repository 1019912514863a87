"""Cards on a member's 我的 page that other apps contribute (my pledges, my hours, my certificates).

`portal` imports none of the feature apps, so they register their own card
from `AppConfig.ready()`:

    from portal.member_links import register_member_link

    register_member_link(
        title=_("我的志愿服务"),
        url_name="volunteers:my_hours",
        description=_("服务时长和星级"),
        order=20,
    )
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class MemberLink:
    title: str | Promise
    url_name: str
    description: str | Promise = ""
    order: int = 100

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_registry: dict[str, MemberLink] = {}


def register_member_link(
    *,
    title: str | Promise,
    url_name: str,
    description: str | Promise = "",
    order: int = 100,
) -> MemberLink:
    """Adds a card to 我的; registering the same url_name again replaces it.

    Keyed by url_name so that a `ready()` run twice (as in some test runners)
    does not show a card twice. Lower `order` comes first.
    """
    link = MemberLink(title=title, url_name=url_name, description=description, order=order)
    _registry[url_name] = link
    return link


def member_links() -> list[MemberLink]:
    return sorted(_registry.values(), key=lambda link: (link.order, str(link.title)))
