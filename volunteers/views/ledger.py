"""志愿服务台帐: the monthly summary of a team or branch, and its .xlsx download."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.decorators import member_required
from portal.exports import xlsx_response
from portal.models import Organisation
from volunteers import selectors
from volunteers.forms import (
    LedgerForm,
)
from volunteers.models import (
    Team,
)
from volunteers.views.responses import render_page


def _ledger_form(request):
    member = request.member
    scopes = selectors.ledger_scopes(member)
    if not scopes:
        raise PermissionDenied
    today = timezone.localdate()
    data = request.GET if "scope" in request.GET else None
    form = LedgerForm(
        data,
        scopes=scopes,
        initial={"scope": scopes[0][0], "start": date(today.year, 1, 1), "end": today},
    )
    return form


def _ledger_scope(form) -> dict:
    kind, _sep, pk = form.cleaned_data["scope"].partition(":")
    if kind == "team":
        return {"team": Team.objects.get(pk=pk)}
    return {"branch": Organisation.objects.get(pk=pk)}


@member_required
def ledger(request):
    """志愿服务台帐: a monthly summary with a bar chart, and the .xlsx download."""
    form = _ledger_form(request)
    summary = None
    if form.is_bound and form.is_valid():
        scope = _ledger_scope(form)
        summary = selectors.monthly_summary(
            start=form.cleaned_data["start"], end=form.cleaned_data["end"], **scope
        )
    return render_page(
        request,
        "volunteers/ledger.html",
        {"form": form, "summary": summary, "query": request.GET.urlencode()},
        status=400 if form.errors else 200,
    )


@member_required
def ledger_export(request):
    form = _ledger_form(request)
    if not (form.is_bound and form.is_valid()):
        messages.error(request, _("请选择范围和日期后再导出。"))
        return redirect("volunteers:ledger")
    scope = _ledger_scope(form)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    name = (scope.get("team") or scope.get("branch")).name
    return xlsx_response(
        f"志愿服务台帐-{name}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx",
        "志愿服务台帐",
        selectors.LEDGER_HEADER,
        selectors.ledger_rows(start=start, end=end, **scope),
        column_widths=[6, 10, 16, 18, 18, 20, 12, 16, 30, 10, 10, 18, 10, 10, 10, 8],
    )
