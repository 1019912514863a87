from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonorsConfig(AppConfig):
    name = "honors"
    verbose_name = _("荣誉表彰")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from honors import todos
        from portal.workbench import register_todos

        register_todos("honors", staff=todos.staff_todos, order=30)

        from portal.page_cache import purge_public_pages_on_change
        from portal.services.roles import COMMITTEE_GROUP, SECRETARY_GROUP, extend_role_permissions

        # The committee defines categories and titles, reviews nominations,
        # grants awards and issues certificates; a secretary nominates people
        # of their own branch and sees its awards.
        extend_role_permissions(
            COMMITTEE_GROUP,
            [
                ("honors", f"{action}_{model}")
                for model in ("honorcategory", "honorrollentry", "title", "award")
                for action in ("add", "change", "view")
            ]
            + [
                ("honors", "delete_honorcategory"),
                ("honors", "approve_honorrollentry"),
                ("honors", "view_certificate"),
                ("honors", "add_certificatebatch"),
                ("honors", "view_certificatebatch"),
                ("honors", "change_certificatebatch"),
                ("honors", "change_certificatesettings"),
            ],
        )
        extend_role_permissions(
            SECRETARY_GROUP,
            [
                ("honors", "add_honorrollentry"),
                ("honors", "change_honorrollentry"),
                ("honors", "view_honorrollentry"),
                ("honors", "view_award"),
                ("honors", "view_certificate"),
            ],
        )
        try:
            from portal.member_links import register_member_link
        except ImportError:  # the 我的 page registry arrived after this app
            return
        register_member_link(
            title=_("我的荣誉证书"),
            url_name="honors:my_certificates",
            description=_("查看和下载本人的荣誉证书"),
            order=40,
        )
        from honors import models as m

        # The honour roll, titles on unit pages and the verification pages.
        purge_public_pages_on_change(
            m.HonorRollEntry, m.HonorCategory, m.Award, m.Title, m.Certificate
        )
