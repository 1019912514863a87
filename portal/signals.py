"""Keeps the role groups in step with the permissions after every migrate."""

from django.apps import apps
from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def refresh_role_groups(sender, app_config=None, **kwargs):
    # post_migrate is sent once per app; permissions of every app exist only
    # after the last one, so the groups are refreshed then.
    last_app = [c for c in apps.get_app_configs() if c.models_module is not None][-1]
    if app_config is None or app_config.label != last_app.label:
        return
    from portal.services.roles import ensure_role_groups

    ensure_role_groups()
