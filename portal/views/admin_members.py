"""Admin pages around the member listing: Excel import, its template, and password links."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.forms import MemberImportForm
from portal.models import Member
from portal.permissions import scope_for
from portal.services import members as member_services
from portal.services import two_step as two_step_services
from portal.viewsets.organisations import member_policy

MEMBER_INDEX_URL = reverse_lazy("wagtailsnippets_portal_member:list")


class MemberAdminMixin(WagtailAdminTemplateMixin):
    """Only users who may add members, and only inside their own subtree."""

    permission_required = "add"
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if scope_for(request.user) is None or not member_policy.user_has_permission(
            request.user, self.permission_required
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": MEMBER_INDEX_URL, "label": _("党员")},
            {"url": "", "label": self.get_page_title()},
        ]


@method_decorator(never_cache, name="dispatch")
class MemberImportView(MemberAdminMixin, FormView):
    page_title = _("从 Excel 导入党员")
    template_name = "portal/admin/member_import.html"
    form_class = MemberImportForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["template_url"] = reverse("portal_member_import_template")
        context["headers"] = member_services.IMPORT_HEADERS
        context["max_rows"] = member_services.IMPORT_MAX_ROWS
        return context

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        result = member_services.import_members(
            file=form.cleaned_data["file"],
            organisation_scope=scope_for(self.request.user),
            by=self.request.user,
        )
        if not result.ok:
            context = self.get_context_data(form=form, errors=result.errors)
            return self.render_to_response(context, status=400)
        return self.response_class(
            request=self.request,
            template="portal/admin/member_import_done.html",
            context=self.get_context_data(created=result.created, index_url=MEMBER_INDEX_URL),
        )


class MemberImportTemplateView(MemberAdminMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        return HttpResponse(
            member_services.import_template(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": content_disposition_header(True, "党员导入模板.xlsx")},
        )


@method_decorator(never_cache, name="dispatch")
class MemberPasswordLinkView(MemberAdminMixin, TemplateView):
    """A fresh set-password link for a member whose first one expired or went missing."""

    permission_required = "change"
    page_title = _("设置密码链接")
    template_name = "portal/admin/member_password_link.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        member = Member.objects.select_related("organisation", "user").filter(pk=kwargs["pk"])
        self.member = member_policy.scoped_queryset(request.user, member).first()
        if self.member is None:
            raise Http404

    def get_page_subtitle(self):
        return self.member.name

    def get_context_data(self, **kwargs):
        kwargs.setdefault("valid_hours", settings.PASSWORD_RESET_TIMEOUT // 3600)
        return super().get_context_data(member=self.member, **kwargs)

    def get(self, request, *args, **kwargs):
        if not member_services.can_act_for_account(by=request.user, member=self.member):
            context = self.get_context_data(error=member_services.ACCOUNT_MORE_POWERFUL)
            return self.render_to_response(context, status=403)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            issued = member_services.reissue_password_link(member=self.member, by=request.user)
        except ValidationError as error:
            context = self.get_context_data(error=" ".join(error.messages))
            return self.render_to_response(context, status=403)
        return self.render_to_response(self.get_context_data(issued=issued))


class MemberResetTwoStepView(MemberAdminMixin, TemplateView):
    """A committee admin clears a member's lost authenticator; the member enrols again."""

    permission_required = "change"
    page_title = _("重置两步验证")
    template_name = "portal/admin/member_reset_two_step.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        member = Member.objects.select_related("organisation", "user").filter(pk=kwargs["pk"])
        self.member = member_policy.scoped_queryset(request.user, member).first()
        if self.member is None:
            raise Http404

    def get_page_subtitle(self):
        return self.member.name

    def get_context_data(self, **kwargs):
        user = self.member.user
        kwargs.setdefault("enrolled", bool(user) and two_step_services.has_authenticator(user))
        return super().get_context_data(member=self.member, **kwargs)

    def get(self, request, *args, **kwargs):
        if not two_step_services.can_reset(by=request.user, member=self.member):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            removed = two_step_services.reset_two_step(member=self.member, by=request.user)
        except ValidationError as error:
            context = self.get_context_data(error=" ".join(error.messages))
            return self.render_to_response(context, status=403)
        return self.render_to_response(self.get_context_data(done=True, removed=removed))
