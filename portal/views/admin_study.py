"""学习情况: the secretary's matrix of members × the year's articles, and its .xlsx export.

A secretary sees their own subtree; a committee admin may narrow it to one
branch of theirs. Members are listed by organisation and name, never by
hours: the matrix shows who still has to study what, it does not rank anyone.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.exports import xlsx_response
from portal.models import Organisation
from portal.permissions import is_staff_role, organisation_in_scope, scope_for
from portal.selectors.study import (
    below_requirement,
    matrix_articles,
    matrix_columns,
    matrix_members,
    matrix_rows,
    matrix_years,
    year_from,
)
from portal.templatetags.portal_tags import hours as format_hours

MEMBERS_PER_PAGE = 50


class MatrixScopeMixin:
    """Reads ?year= and ?org= and refuses an organisation outside the user's scope."""

    def dispatch(self, request, *args, **kwargs):
        if not is_staff_role(request.user):
            raise PermissionDenied
        self.scope = scope_for(request.user)
        self.year = year_from(request.GET.get("year"))
        self.organisation = self.get_organisation(request.GET.get("org"))
        # 只看未达到学时要求的党员: the workbench's link opens the matrix this way.
        self.below = request.GET.get("below") == "1"
        return super().dispatch(request, *args, **kwargs)

    def members(self):
        members = matrix_members(organisation=self.organisation, year=self.year)
        return below_requirement(members) if self.below else members

    def get_organisation(self, value: str | None) -> Organisation | None:
        if not value:
            # Superusers start from the whole tree, everyone else from their own subtree.
            return None if self.scope is True else self.scope
        try:
            organisation = Organisation.objects.get(pk=int(value))
        except (ValueError, Organisation.DoesNotExist):
            raise Http404 from None
        if not organisation_in_scope(self.request.user, organisation):
            # 404, not 403: another branch's existence is not the secretary's business.
            raise Http404
        return organisation

    def organisation_choices(self) -> list[tuple[str, str]]:
        """(value, label) pairs, indented by depth; service windows are left out for brevity."""
        organisations = Organisation.objects.exclude(kind=Organisation.Kind.WINDOW)
        choices = []
        if self.scope is True:
            choices.append(("", _("全部组织")))
        else:
            organisations = organisations.subtree_of(self.scope)
        rows = list(organisations.order_by("path").only("pk", "name", "path"))
        top = min((o.depth for o in rows), default=1)
        choices += [(str(o.pk), "\u3000" * (o.depth - top) + o.name) for o in rows]
        return choices

    def query_string(self) -> str:
        parts = [f"year={self.year}"]
        if self.organisation is not None:
            parts.append(f"org={self.organisation.pk}")
        if self.below:
            parts.append("below=1")
        return "&".join(parts)


class StudyMatrixView(MatrixScopeMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "portal/admin/study_matrix.html"
    page_title = gettext_lazy("学习情况")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        members = self.members()
        page = Paginator(members, MEMBERS_PER_PAGE).get_page(self.request.GET.get("p"))
        articles = list(matrix_articles(year=self.year))
        context.update(
            {
                "year": self.year,
                "years": matrix_years(),
                "organisation": self.organisation,
                "organisations": self.organisation_choices(),
                "selected_org": str(self.organisation.pk) if self.organisation else "",
                "below": self.below,
                "members_page": page,
                "articles": matrix_columns(members=members, articles=articles),
                "rows": list(matrix_rows(members=page.object_list, articles=articles)),
                "query": self.query_string(),
                "export_url": f"{reverse('portal_study_matrix_export')}?{self.query_string()}",
            }
        )
        return context


class StudyMatrixExportView(MatrixScopeMixin, View):
    """The whole matrix, every member on one sheet, whatever the page on screen."""

    def get(self, request, *args, **kwargs):
        members = self.members()
        articles = list(matrix_articles(year=self.year))
        columns = matrix_columns(members=members, articles=articles)
        scope_name = self.organisation.name if self.organisation else _("全部组织")
        header = [
            _("组织"),
            _("姓名"),
            *[f"{a.title}（{a.date:%m-%d}，{format_hours(a.study_hours)}学时）" for a in columns],
            _("年度学时"),
            _("年度要求"),
            _("是否达标"),
        ]

        def rows():
            for row in matrix_rows(members=members.iterator(chunk_size=500), articles=articles):
                yield [
                    row.member.organisation.name,
                    row.member.name,
                    *["✓" if studied else "" for studied in row.studied],
                    row.hours,
                    row.required,
                    _("是") if row.met else _("否"),
                ]
            yield ["", _("已学人数"), *[a.studied_count for a in columns], "", "", ""]

        return xlsx_response(
            f"{self.year}年学习情况-{scope_name}.xlsx",
            f"{self.year}年学习情况",
            header,
            rows(),
            column_widths=[18, 10, *[14] * len(columns), 10, 10, 10],
        )
