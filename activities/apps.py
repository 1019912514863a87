from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("创建活动与组织生活")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from activities import todos
        from portal.workbench import register_todos

        register_todos("activities", staff=todos.staff_todos, order=40)

        from portal.services.roles import COMMITTEE_GROUP, SECRETARY_GROUP, extend_role_permissions

        branch_work = [
            ("activities", f"{verb}_{model}")
            for model in ("meeting", "roomuse")
            for verb in ("add", "change", "view", "delete")
        ]
        branch_work += [
            ("activities", "view_assessment"),
            ("activities", "change_assessment"),
        ]
        extend_role_permissions(SECRETARY_GROUP, branch_work)
        committee = branch_work + [
            ("activities", f"{verb}_{model}")
            for model in ("checklisttemplate", "campaign")
            for verb in ("add", "change", "view")
        ]
        # Scheduling spot checks and year-end re-inspections is the committee's;
        # recording their verdict is the inspection group's (see activities.permissions).
        committee += [("activities", "add_inspection"), ("activities", "view_inspection")]
        extend_role_permissions(COMMITTEE_GROUP, committee)

        from activities.permissions import refresh_inspection_group

        post_migrate.connect(refresh_inspection_group, dispatch_uid="activities_inspection_group")
