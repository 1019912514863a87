"""Admin pages around the member and organisation listings: Excel import, password links,
两步验证 reset, 组织关系 (transfer, transfer out, leave) and closing a unit."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.forms import MemberImportForm, MembershipChangeForm, OrganisationCloseForm
from portal.models import Member, MembershipChange, Organisation
from portal.permissions import scope_for
from portal.services import member_import, membership
from portal.services import members as member_services
from portal.services import two_step as two_step_services
from portal.viewsets.organisations import member_policy, organisation_policy

MEMBER_INDEX_URL = reverse_lazy("wagtailsnippets_portal_member:list")
ORGANISATION_INDEX_URL = reverse_lazy("wagtailsnippets_portal_organisation:list")


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
        context["headers"] = member_import.IMPORT_HEADERS
        context["max_rows"] = member_import.IMPORT_MAX_ROWS
        return context

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        result = member_import.import_members(
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
            member_import.import_template(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": content_disposition_header(True, "党员导入模板.xlsx")},
        )


class OneMemberMixin(MemberAdminMixin):
    """A page about one member: found only inside the user's subtree (404 outside it)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        member = Member.objects.select_related("organisation", "user").filter(pk=kwargs["pk"])
        self.member = member_policy.scoped_queryset(request.user, member).first()
        if self.member is None:
            raise Http404

    def get_page_subtitle(self):
        return self.member.name


@method_decorator(never_cache, name="dispatch")
class MemberPasswordLinkView(OneMemberMixin, TemplateView):
    """A fresh set-password link for a member whose first one expired or went missing."""

    permission_required = "change"
    page_title = _("设置密码链接")
    template_name = "portal/admin/member_password_link.html"

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


class MemberResetTwoStepView(OneMemberMixin, TemplateView):
    """A committee admin clears a member's lost authenticator; the member enrols again."""

    permission_required = "change"
    page_title = _("重置两步验证")
    template_name = "portal/admin/member_reset_two_step.html"

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


def _add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@method_decorator(never_cache, name="dispatch")
class MemberRelationView(OneMemberMixin, FormView):
    """组织关系: transfer a member to another branch, record a transfer out or leaving."""

    permission_required = "change"
    page_title = _("组织关系")
    template_name = "portal/admin/member_relation.html"
    form_class = MembershipChangeForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["targets"] = membership.transfer_targets().exclude(pk=self.member.organisation_id)
        kwargs["initial"] = {"happened_on": timezone.localdate()}
        return kwargs

    def get_context_data(self, **kwargs):
        changes = self.member.membership_changes.select_related(
            "from_organisation", "to_organisation", "by"
        )
        return super().get_context_data(member=self.member, changes=changes, **kwargs)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            if data["kind"] == MembershipChange.Kind.TRANSFER:
                change = membership.transfer_member(
                    member=self.member,
                    to_organisation=data["to_organisation"],
                    by=self.request.user,
                    happened_on=data["happened_on"],
                    note=data["note"],
                )
            else:
                change = membership.record_departure(
                    member=self.member,
                    kind=data["kind"],
                    by=self.request.user,
                    happened_on=data["happened_on"],
                    destination=data["destination"],
                    note=data["note"],
                )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=403)
        if change.kind == MembershipChange.Kind.TRANSFER:
            text = _("已将「%(name)s」的组织关系转入 %(to)s，历史记录随之转入。") % {
                "name": self.member.name,
                "to": change.to_organisation,
            }
        else:
            text = _("已为「%(name)s」办理%(kind)s，历史记录保留，账号已停用。") % {
                "name": self.member.name,
                "kind": change.get_kind_display(),
            }
        messages.success(self.request, text)
        return redirect(MEMBER_INDEX_URL)


@method_decorator(never_cache, name="dispatch")
class OrganisationCloseView(WagtailAdminTemplateMixin, FormView):
    """关闭/撤销 a unit with a date; its members, meetings and titles stay as history."""

    page_title = _("关闭组织")
    header_icon = "group"
    template_name = "portal/admin/organisation_close.html"
    form_class = OrganisationCloseForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        queryset = Organisation.objects.filter(pk=kwargs["pk"])
        self.organisation = organisation_policy.scoped_queryset(request.user, queryset).first()
        if self.organisation is None:
            raise Http404

    def dispatch(self, request, *args, **kwargs):
        if not organisation_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.organisation)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": ORGANISATION_INDEX_URL, "label": _("组织")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_initial(self):
        return {"closed_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        try:
            membership.close_organisation(
                organisation=self.organisation,
                by=self.request.user,
                closed_on=form.cleaned_data["closed_on"],
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=403)
        messages.success(
            self.request,
            _("已关闭「%(name)s」，其历史记录保留。") % {"name": self.organisation},
        )
        return redirect(ORGANISATION_INDEX_URL)
