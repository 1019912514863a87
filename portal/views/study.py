"""Members' study actions: mark an article 已学习, and see their own study record."""

from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.decorators import member_required
from portal.models import StudyArticlePage
from portal.selectors.study import (
    member_records,
    member_study_years,
    study_index_page,
    year_from,
)
from portal.services.study import StudyError, mark_article_studied, year_progress
from portal.templatetags.portal_tags import hours as format_hours


@require_POST
@member_required
def mark_studied(request, article_id: int):
    member = request.member
    article = get_object_or_404(StudyArticlePage.objects.live(), pk=article_id)
    # An article behind a view restriction can be studied only by those who may read it.
    if any(not r.accept_request(request) for r in article.get_view_restrictions()):
        raise Http404
    try:
        record = mark_article_studied(member=member, article=article)
    except StudyError as error:
        return HttpResponseBadRequest(str(error))
    messages.success(
        request,
        _("已学习《%(title)s》，计入 %(hours)s 学时。")
        % {"title": article.title, "hours": format_hours(record.hours)},
    )
    return redirect(f"{article.get_url(request)}#study")


@member_required
def my_study(request):
    member = request.member
    year = year_from(request.GET.get("year"))
    return render(
        request,
        "portal/my_study.html",
        {
            "member": member,
            "records": list(member_records(member=member, year=year)),
            "progress": year_progress(member=member, year=year),
            "years": member_study_years(member=member),
            "year": year,
            "study_index": study_index_page(),
        },
    )
