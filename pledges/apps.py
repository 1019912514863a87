from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = _("公开承诺")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal.page_cache import purge_public_pages_on_change
        from portal.services.roles import (
            COMMITTEE_GROUP,
            SECRETARY_GROUP,
            extend_role_permissions,
        )

        # Standards, plates and monthly scores are plain data edited as snippets;
        # everything else is listed read-only and changes through the services.
        managed = ["servicestandard", "identityplate", "monthlyleaderscore"]
        listed = ["pledge", "rating", "starrating", "monthlyranking"]
        secretary = [
            ("pledges", f"{verb}_{model}")
            for model in managed
            for verb in ("add", "change", "view")
        ]
        secretary += [("pledges", f"view_{model}") for model in listed]
        extend_role_permissions(SECRETARY_GROUP, secretary)
        committee = secretary + [
            ("pledges", f"delete_{model}") for model in ("servicestandard", "identityplate")
        ]
        committee += [
            ("pledges", "confirm_grade"),
            ("pledges", "change_starsettings"),
            ("pledges", "add_monthlyranking"),
        ]
        extend_role_permissions(COMMITTEE_GROUP, committee)

        from pledges import todos
        from portal.member_links import register_member_link
        from portal.workbench import register_todos

        register_todos("pledges", staff=todos.staff_todos, member=todos.member_todos, order=10)

        register_member_link(
            title=_("我的承诺"),
            url_name="pledges:my_pledges",
            description=_("亮承诺、践诺记录和党员互评"),
            order=10,
        )
        from pledges import models as m

        # What the pledge wall, window pages, plates and rankings show.
        purge_public_pages_on_change(
            m.Pledge, m.PledgeItem, m.FulfilmentUpdate, m.IdentityPlate, m.Rating,
            m.ServiceStandard, m.MonthlyRanking, m.RankingEntry, m.StarRating, m.StarSettings,
        )  # fmt: skip

        from django.db.models.signals import post_save

        from pledges.services import home_paths
        from portal.models import Member, Organisation

        post_save.connect(
            home_paths.member_saved, sender=Member, dispatch_uid="pledges_home_path:m"
        )
        post_save.connect(
            home_paths.organisation_saved, sender=Organisation, dispatch_uid="pledges_home_path:o"
        )
