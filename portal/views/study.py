"""Members' study actions: mark an article 已学习, and see their own study record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal.models import StudyArticlePage, StudyRecord
from portal.permissions import member_of
from portal.services.study import StudyError, mark_article_studied, year_progress


@require_POST
@login_required
def mark_studied(request, article_id: int):
    member = member_of(request.user)
    if member is None:
        return HttpResponseForbidden("只有党员账号可以记录学习。".encode())
    article = get_object_or_404(StudyArticlePage.objects.live().public(), pk=article_id)
    try:
        record = mark_article_studied(member=member, article=article)
    except StudyError as error:
        return HttpResponseBadRequest(str(error).encode())
    messages.success(request, f"已学习《{article.title}》，计入 {record.hours} 学时。")
    return redirect(article.url)


@login_required
def my_study(request):
    member = member_of(request.user)
    if member is None:
        return render(request, "portal/me.html", {"member": None}, status=403)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    if not 2000 <= year <= today.year + 1:
        year = today.year
    records = StudyRecord.objects.filter(member=member).in_year(year).select_related("article")
    years = sorted(
        {d.year for d in StudyRecord.objects.filter(member=member).dates("studied_on", "year")}
        | {today.year},
        reverse=True,
    )
    response = render(
        request,
        "portal/my_study.html",
        {
            "member": member,
            "records": records,
            "progress": year_progress(member=member, year=year),
            "years": years,
            "year": year,
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response
