from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("志愿服务")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal.member_links import register_member_link
        from portal.page_cache import purge_public_pages_on_change
        from portal.services.roles import COMMITTEE_GROUP, SECRETARY_GROUP, extend_role_permissions

        managed = [
            ("volunteers", f"{action}_{model}")
            for model in ("team", "activity")
            for action in ("add", "change", "view")
        ]
        read_only = [
            ("volunteers", "view_servicerecord"),
            ("volunteers", "view_correctionrequest"),
        ]
        extend_role_permissions(
            COMMITTEE_GROUP,
            managed + read_only + [("volunteers", "change_volunteersettings")],
        )
        extend_role_permissions(SECRETARY_GROUP, managed + read_only)
        from portal.signals import member_departed
        from volunteers.services.teams import end_memberships_of_departed

        member_departed.connect(end_memberships_of_departed, dispatch_uid="volunteers_departed")
        from portal.workbench import register_todos
        from volunteers import todos

        register_todos("volunteers", staff=todos.staff_todos, member=todos.member_todos, order=20)
        register_member_link(
            title=_("我的志愿服务"),
            url_name="volunteers:my_hours",
            description=_("服务时长、星级、报名和服务记录证明"),
            order=20,
        )
        from django.db.models.signals import post_delete

        from volunteers import models as m
        from volunteers.services.totals import record_deleted

        post_delete.connect(
            record_deleted, sender=m.ServiceRecord, dispatch_uid="volunteers_totals"
        )

        # What the public volunteer pages and the front page show.
        purge_public_pages_on_change(
            m.ServiceRecord, m.Team, m.TeamMembership, m.Activity, m.SignUp,
            m.VolunteerProfile, m.VolunteerSettings,
        )  # fmt: skip
