"""Keeps the role groups and the library collections in step after every migrate; drops cached
public pages on publishing; says when a member leaves, so the feature apps can end what was
current (portal imports none of them)."""

from django.apps import apps
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import Signal, receiver

# Sent inside the transaction of a 转出 or 离开, with `member` and `change`
# (a MembershipChange). Receivers end current memberships; they delete nothing.
member_departed = Signal()


@receiver(post_migrate)
def refresh_role_groups(sender, app_config=None, **kwargs):
    # post_migrate is sent once per app; permissions of every app exist only
    # after the last one, so the groups are refreshed then.
    last_app = [c for c in apps.get_app_configs() if c.models_module is not None][-1]
    if app_config is None or app_config.label != last_app.label:
        return
    from portal.services.library import sync_library
    from portal.services.roles import ensure_role_groups

    ensure_role_groups()
    sync_library(missing_only=True)


def _purge_public_pages(**kwargs):
    from portal.page_cache import purge_public_pages

    purge_public_pages()


def connect_public_page_purges() -> None:
    """Publishing, unpublishing, moving or deleting a page changes menus and lists everywhere."""
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from portal.models import Member, Notice, Organisation, PortalSettings
    from portal.page_cache import purge_public_pages_on_change

    for name, signal in (
        ("published", page_published),
        ("unpublished", page_unpublished),
        ("moved", post_page_move),
    ):
        signal.connect(_purge_public_pages, dispatch_uid=f"public-page-cache:{name}")
    post_delete.connect(_purge_on_page_delete, dispatch_uid="public-page-cache:page-deleted")
    # The front page's notices and every page's footer (site settings) too.
    purge_public_pages_on_change(Organisation, Member, Notice, PortalSettings)


def _purge_on_page_delete(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        _purge_public_pages()


@receiver(post_save, sender="portal.Organisation")
def keep_library_in_step(sender, instance, raw=False, **kwargs):
    # Each organisation has its own image and document collections, placed
    # under its parent's; creating, renaming or moving the organisation moves them.
    if raw:
        return
    from portal.services.library import sync_organisation_collection

    sync_organisation_collection(organisation=instance)
