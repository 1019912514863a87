"""Front-page panels: feature apps put their lists on the home page; portal never imports them.

ARCHITECTURE.md: portal imports none of the apps. Each app registers its panels
with the Wagtail hook ``register_front_page_panel``, returning a FrontPagePanel;
editors then pick panels by name in the home page's StreamField (FrontPanelBlock)
and arrange them. A panel's ``context`` function receives the request and the
number of items the editor asked for, and returns its template's context; it
must run a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks

HOOK = "register_front_page_panel"


@dataclass(frozen=True)
class FrontPagePanel:
    key: str
    label: str
    template: str
    context: Callable[..., dict]
    default_heading: str = ""
    order: int = 100


def panels() -> dict[str, FrontPagePanel]:
    found = [hook() for hook in hooks.get_hooks(HOOK)]
    return {panel.key: panel for panel in sorted(found, key=lambda p: (p.order, p.key))}


def panel_choices() -> list[tuple[str, str]]:
    return [(key, panel.label) for key, panel in panels().items()]


def get_panel(key: str) -> FrontPagePanel | None:
    return panels().get(key)
