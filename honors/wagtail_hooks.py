"""Admin: the 荣誉表彰 menu (categories, nominations, titles, awards, certificates, batches)."""

from django.core.exceptions import ValidationError
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    IndexView,
    SnippetViewSetGroup,
)

from honors import services
from honors.forms import AwardForm, NominationForm, as_form_error
from honors.models import Award, Certificate, CertificateBatch, HonorCategory, HonorRollEntry, Title
from honors.permissions import award_policy, batch_policy, certificate_policy, entry_policy
from portal.frontpage import HOOK as FRONT_PAGE_HOOK
from portal.frontpage import FrontPagePanel
from portal.permissions import (
    SharedDefinitionPermissionPolicy,
    organisation_in_scope,
)
from portal.viewsets.scoped import ScopedSnippetViewSet, SharedSnippetViewSet

register_permission_policy(HonorCategory, SharedDefinitionPermissionPolicy(HonorCategory))
register_permission_policy(Title, SharedDefinitionPermissionPolicy(Title))
register_permission_policy(HonorRollEntry, entry_policy)
register_permission_policy(Award, award_policy)
register_permission_policy(Certificate, certificate_policy)
register_permission_policy(CertificateBatch, batch_policy)

NOMINATION_FIELDS = [
    "organisation",
    "member",
    "person_name",
    "unit",
    "category",
    "period",
    "deed",
    "photo",
    "consent_to_publish",
]


class ServiceErrorsMixin:
    """A rule broken in a service shows on the form instead of a server error."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            as_form_error(form, error)
            return self.form_invalid(form)


class NominationCreateView(ServiceErrorsMixin, CreateView):
    def save_instance(self):
        data = {name: self.form.cleaned_data.get(name) for name in NOMINATION_FIELDS}
        return services.nominate(
            by=self.request.user,
            category=data.pop("category"),
            period=data.pop("period"),
            deed=data.pop("deed"),
            consent_to_publish=bool(data.pop("consent_to_publish")),
            person_name=data.pop("person_name") or "",
            unit=data.pop("unit") or "",
            **data,
        )


class NominationEditView(ServiceErrorsMixin, EditView):
    def save_instance(self):
        changes = {name: self.form.cleaned_data.get(name) for name in NOMINATION_FIELDS}
        changes["person_name"] = changes["person_name"] or ""
        changes["unit"] = changes["unit"] or ""
        return services.update_nomination(entry=self.object, by=self.request.user, **changes)


class HonorCategoryViewSet(SharedSnippetViewSet):
    model = HonorCategory
    icon = "tag"
    menu_label = _("功德榜类别")
    list_display = ["name", "description", "sort_order"]
    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("sort_order")]


class NominationViewSet(ScopedSnippetViewSet):
    model = HonorRollEntry
    icon = "pick"
    menu_label = _("功德榜提名")
    add_view_class = NominationCreateView
    edit_view_class = NominationEditView
    list_display = [
        "person_name",
        "category",
        "period",
        "organisation",
        "status",
        "consent_to_publish",
    ]
    list_filter = ["status", "category", "period", "consent_to_publish"]
    search_fields = ["person_name"]
    list_per_page = 50
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("organisation"),
                    FieldPanel("member"),
                    FieldPanel("person_name"),
                    FieldPanel("unit"),
                ],
                heading=_("被提名人"),
            ),
            FieldPanel("category"),
            FieldPanel("period"),
            FieldPanel("deed"),
            FieldPanel("photo"),
            FieldPanel("consent_to_publish"),
            FieldPanel("return_reason", read_only=True),
        ],
        base_form_class=NominationForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "category")


class TitleViewSet(SharedSnippetViewSet):
    model = Title
    icon = "pick"
    menu_label = _("称号")
    list_display = ["name", "holder_kind", "has_plaque", "is_active"]
    list_filter = ["holder_kind", "has_plaque", "is_active"]
    panels = [
        FieldPanel("name"),
        FieldPanel("holder_kind"),
        FieldPanel("has_plaque"),
        FieldPanel("description"),
        FieldPanel("is_active"),
        FieldPanel("sort_order"),
    ]


class AwardCreateView(ServiceErrorsMixin, CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.grant_award(
            title=data["title"],
            holder=data.get("member") or data.get("organisation"),
            period=data["period"],
            reason=data.get("reason") or "",
            issuer=data.get("issuer"),
            granted_on=data.get("granted_on"),
            valid_until=data.get("valid_until"),
            by=self.request.user,
        )


class AwardEditView(ServiceErrorsMixin, EditView):
    def save_instance(self):
        award = super().save_instance()
        certificate = Certificate.objects.filter(award=award).first()
        if certificate is not None:
            services.issue_award_certificate(award=award)
        return award


def award_status(award: Award) -> str:
    if award.is_revoked:
        return f"已撤销（{award.revoked_on:%Y-%m-%d}）"
    return "有效"


class AwardViewSet(ScopedSnippetViewSet):
    model = Award
    icon = "success"
    menu_label = _("称号授予")
    add_view_class = AwardCreateView
    edit_view_class = AwardEditView
    list_display = [
        "__str__",
        "issuer",
        "granted_on",
        Column("award_status", _("状态"), award_status),
    ]
    list_filter = ["title", "period"]
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            MultiFieldPanel(
                [FieldPanel("member"), FieldPanel("organisation")], heading=_("获得者")
            ),
            FieldPanel("period"),
            FieldPanel("reason"),
            FieldPanel("issuer"),
            FieldPanel("granted_on"),
            FieldPanel("valid_until"),
        ],
        base_form_class=AwardForm,
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("title", "member", "organisation", "issuer")
        )


def certificate_status(certificate: Certificate) -> str:
    return "已撤销" if certificate.is_revoked else "有效"


class CertificateViewSet(ScopedSnippetViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = _("证书")
    list_display = [
        "number",
        "holder_name",
        "title_text",
        "period_text",
        Column("certificate_status", _("状态"), certificate_status),
        "generated_at",
    ]
    list_filter = ["kind", "year"]
    search_fields = ["number", "holder_name"]
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_fields = [
        "number",
        "kind",
        "heading",
        "holder_name",
        "title_text",
        "period_text",
        "issuer_name",
        "issued_on",
        "generated_at",
        "revoked_on",
        "revoke_reason",
    ]

    def get_queryset(self, request):
        # Each row's 撤销 button reads the award's state and unit.
        return super().get_queryset(request).select_related("award__unit")


class BatchIndexView(IndexView):
    """The listing's "add" leads to the batch service's own form."""

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm("honors.add_certificatebatch"):
            buttons.append(
                HeaderButton(
                    _("批量生成证书"), url=reverse("honors_admin:new_batch"), icon_name="plus"
                )
            )
        return buttons


class CertificateBatchViewSet(ScopedSnippetViewSet):
    model = CertificateBatch
    icon = "download"
    menu_label = _("批量生成")
    list_display = ["__str__", "organisation", "status", "created_at"]
    inspect_view_enabled = False
    copy_view_enabled = False
    index_view_class = BatchIndexView

    def get_queryset(self, request):
        batches = super().get_queryset(request).select_related("title", "organisation")
        if request.GET.get("attention") == "1":
            # The workbench's 证书生成失败或停滞 link: the batches waiting on someone.
            from honors.selectors import batches_needing_attention

            batches = batches_needing_attention(batches)
        return batches


class HonorsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("荣誉表彰")
    menu_icon = "pick"
    menu_order = 300
    items = (
        NominationViewSet,
        HonorCategoryViewSet,
        TitleViewSet,
        AwardViewSet,
        CertificateViewSet,
        CertificateBatchViewSet,
    )


register_snippet(HonorsViewSetGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    from honors.views import admin as admin_views

    urls = [
        path("pending/", admin_views.pending_nominations, name="pending"),
        path("pending/approve/", admin_views.bulk_approve_nominations, name="bulk_approve"),
        path("nominations/<int:pk>/review/", admin_views.review_nomination, name="review"),
        path(
            "nominations/<int:pk>/certificate/",
            admin_views.entry_certificate,
            name="entry_certificate",
        ),
        path("awards/<int:pk>/revoke/", admin_views.revoke_award, name="revoke"),
        path(
            "awards/<int:pk>/certificate/", admin_views.award_certificate, name="award_certificate"
        ),
        path("certificates/<int:pk>/pdf/", admin_views.certificate_pdf, name="certificate_pdf"),
        path("batches/new/", admin_views.new_batch, name="new_batch"),
        path("batches/<int:pk>/", admin_views.batch_detail, name="batch"),
        path("batches/<int:pk>/progress/", admin_views.batch_progress, name="batch_progress"),
        path("batches/<int:pk>/zip/", admin_views.batch_zip, name="batch_zip"),
        path("batches/<int:pk>/retry/", admin_views.batch_retry, name="batch_retry"),
        path("batches/<int:pk>/cancel/", admin_views.batch_cancel, name="batch_cancel"),
    ]
    return [path("honors/", include((urls, "honors_admin"), namespace="honors_admin"))]


class _PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def pending_menu_item():
    return _PermissionMenuItem(
        _("提名审核"),
        reverse("honors_admin:pending"),
        icon_name="tasks",
        order=301,
        permission="honors.approve_honorrollentry",
    )


@hooks.register("register_admin_menu_item")
def batch_menu_item():
    return _PermissionMenuItem(
        _("批量生成证书"),
        reverse("honors_admin:new_batch"),
        icon_name="download",
        order=302,
        permission="honors.add_certificatebatch",
    )


def _may_revoke(user, award: Award) -> bool:
    return (
        not award.is_revoked
        and user.has_perm("honors.change_award")
        and organisation_in_scope(user, award.unit)
    )


def _revoke_button(award: Award, *, next_url: str) -> Button:
    """撤销, the one word for the act, opening the confirmation with reason and date."""
    url = reverse("honors_admin:revoke", args=[award.pk])
    return Button(
        _("撤销"), f"{url}?{urlencode({'next': next_url})}", icon_name="cross", priority=20
    )


@hooks.register("register_snippet_listing_buttons")
def honors_listing_buttons(instance, user, next_url=None):
    if isinstance(instance, HonorRollEntry):
        if instance.status == HonorRollEntry.Status.SUBMITTED and services.can_review(
            user, instance
        ):
            yield Button(
                _("审核"),
                reverse("honors_admin:review", args=[instance.pk]),
                icon_name="tasks",
                priority=5,
            )
    elif isinstance(instance, Award):
        if _may_revoke(user, instance):
            yield _revoke_button(instance, next_url=reverse("wagtailsnippets_honors_award:list"))
    elif isinstance(instance, Certificate):
        yield Button(
            _("下载 PDF"),
            reverse("honors_admin:certificate_pdf", args=[instance.pk]),
            icon_name="download",
            priority=5,
        )
        # A title's certificate is revoked with its award; a roll entry's follows the entry.
        if instance.award_id and _may_revoke(user, instance.award):
            yield _revoke_button(
                instance.award, next_url=reverse("wagtailsnippets_honors_certificate:list")
            )
    elif isinstance(instance, CertificateBatch):
        yield Button(
            _("进度与下载"),
            reverse("honors_admin:batch", args=[instance.pk]),
            icon_name="download",
            priority=5,
        )


@hooks.register(FRONT_PAGE_HOOK)
def register_front_page_honours():
    from honors import selectors

    return FrontPagePanel(
        key="latest_honours",
        label=_("最新荣誉"),
        default_heading=_("最新荣誉"),
        template="honors/panels/latest_honours.html",
        context=lambda *, request, limit: selectors.front_page_honours(limit=limit),
        order=40,
    )
