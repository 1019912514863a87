from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("门户")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal import checks, signals  # noqa: F401  (registers checks and receivers)

        signals.connect_public_page_purges()
        from portal.inputs import guard_chooser_widgets

        guard_chooser_widgets()
        from portal import todos
        from portal.workbench import register_todos

        register_todos("portal", staff=todos.staff_todos, order=50)
