"""我的承诺 and 党员互评: a member's own pages on the public site, built for phones."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.images import get_image_model

from pledges import services
from pledges.forms import FulfilmentForm, PledgeForm, ReviewSheet
from pledges.models import (
    AssessmentVote,
    DemocraticGrade,
    PeerRating,
    Pledge,
    ReviewRound,
    SelfAssessment,
)
from pledges.permissions import can_edit_pledge
from portal.caching import cache_private
from portal.decorators import member_required
from portal.permissions import organisation_in_scope
from portal.services.library import public_collection


def _own_pledge(request, pk: int) -> Pledge:
    pledge = get_object_or_404(Pledge.objects.select_related("member", "organisation"), pk=pk)
    if not can_edit_pledge(pledge=pledge, by=request.user):
        raise Http404
    return pledge


@member_required
def my_pledges(request):
    member = request.member
    own = Q(member=member)
    if organisation_in_scope(request.user, member.organisation):
        own |= Q(organisation=member.organisation)
    pledges = (
        Pledge.objects.filter(own)
        .select_related("organisation", "member", "previous")
        .prefetch_related("items", "next_pledge")
        .with_satisfaction()
        .order_by("-year", "-pk")
    )
    rounds = ReviewRound.objects.filter(
        branch__in=member.organisation.ancestors(), status=ReviewRound.Status.OPEN
    )
    return render(
        request,
        "pledges/me/my_pledges.html",
        {
            "member": member,
            "pledges": pledges,
            "rounds": rounds,
            "can_pledge_for_organisation": organisation_in_scope(request.user, member.organisation),
        },
    )


def _pledge_form_view(request, *, pledge=None, previous=None, for_organisation=False):
    member = request.member
    initial = {}
    source = pledge or previous
    if source is not None:
        initial = {
            "title": source.title,
            "year": source.year if pledge else source.year + 1,
            "items": "\n".join(i.content for i in source.items.all()),
        }
    form = PledgeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if pledge is not None:
                services.update_pledge(
                    pledge=pledge, by=request.user, lines=form.lines, title=data["title"]
                )
            elif previous is not None:
                services.repledge(
                    previous=previous,
                    by=request.user,
                    lines=form.lines,
                    title=data["title"],
                    year=data["year"],
                )
            else:
                owner = (
                    {"organisation": member.organisation}
                    if for_organisation
                    else {"member": member}
                )
                services.create_pledge(
                    by=request.user,
                    year=data["year"],
                    lines=form.lines,
                    title=data["title"],
                    **owner,
                )
        except services.PledgeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("承诺已保存为草稿，确认无误后请提交审核。"))
            return redirect("pledges:my_pledges")
    return render(
        request,
        "pledges/me/pledge_form.html",
        {
            "form": form,
            "pledge": pledge,
            "previous": previous,
            "for_organisation": for_organisation,
        },
        status=400 if request.method == "POST" else 200,
    )


@member_required
def new_pledge(request):
    return _pledge_form_view(request, for_organisation=request.GET.get("for") == "organisation")


@member_required
def edit_pledge(request, pk: int):
    return _pledge_form_view(request, pledge=_own_pledge(request, pk))


@member_required
def repledge(request, pk: int):
    return _pledge_form_view(request, previous=_own_pledge(request, pk))


@require_POST
@login_required
def submit_pledge(request, pk: int):
    pledge = _own_pledge(request, pk)
    try:
        services.submit_pledge(pledge=pledge, by=request.user)
    except services.PledgeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已提交支部书记审核，审核通过后在承诺墙公开。"))
    return redirect("pledges:my_pledges")


@cache_private
@login_required
def add_update(request, pk: int):
    pledge = _own_pledge(request, pk)
    form = FulfilmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        photo = None
        try:
            if data["photo"]:
                # 践诺记录 are public: the photo goes to the unit's 公开资料.
                photo = get_image_model().objects.create(
                    title=f"{pledge} 践诺记录",
                    file=data["photo"],
                    collection=public_collection(pledge.home_organisation),
                    uploaded_by_user=request.user,
                )
            services.add_fulfilment_update(
                pledge=pledge,
                by=request.user,
                text=data["text"],
                happened_on=data["happened_on"],
                photo=photo,
            )
        except services.PledgeError as error:
            if photo is not None:
                photo.delete()
            form.add_error(None, str(error))
        else:
            messages.success(request, _("践诺记录已公开。"))
            return redirect("pledges:my_pledges")
    return render(
        request,
        "pledges/me/update_form.html",
        {"form": form, "pledge": pledge},
        status=400 if request.method == "POST" else 200,
    )


@member_required
def review_round(request, round_id: int):
    """个人自评 and 党员互评 in one form; the member sees only averages of what others gave.

    Scores start unset (a preset 5 would bias a 民主评议). Colleagues left blank are
    simply not rated yet; a half-filled row is refused beside that row, and
    nothing on the page is saved until every filled row is complete.
    """
    member = request.member
    round = get_object_or_404(ReviewRound.objects.select_related("branch"), pk=round_id)
    if not round.participants().filter(pk=member.pk).exists():
        raise Http404
    colleagues = list(round.participants().exclude(pk=member.pk).select_related("organisation"))
    own = SelfAssessment.objects.filter(round=round, member=member).first()
    given = {r.ratee_id: r for r in PeerRating.objects.filter(round=round, rater=member)}
    votes = dict(
        AssessmentVote.objects.filter(round=round, voter=member).values_list("member", "grade")
    )
    sheet = ReviewSheet(
        colleagues=colleagues,
        is_annual=round.is_annual,
        data=request.POST if request.method == "POST" else None,
        self_text=getattr(own, "text", ""),
        given=given,
        votes=votes,
    )
    page_error = ""
    status = 200
    if request.method == "POST":
        if sheet.is_valid():
            try:
                with transaction.atomic():
                    _save_sheet(round=round, member=member, sheet=sheet)
            except services.PledgeError as error:
                page_error = str(error)
            else:
                messages.success(request, _("评议已保存。"))
                return redirect("pledges:review_round", round_id=round.pk)
        else:
            page_error = _("有 %(n)s 处需要修改，见下方标红的说明。") % {"n": sheet.error_count}
        status = 400
    return render(
        request,
        "pledges/me/review_round.html",
        {
            "round": round,
            "member": member,
            "sheet": sheet,
            "grades": DemocraticGrade.Grade.choices,
            "averages": services.peer_averages(round=round, member=member),
            "error": page_error,
            "scores": range(5, 0, -1),
        },
        status=status,
    )


def _save_sheet(*, round, member, sheet: "ReviewSheet") -> None:
    if sheet.self_text:
        services.submit_self_assessment(round=round, member=member, text=sheet.self_text)
    for row in sheet.filled_rows:
        services.submit_peer_rating(
            round=round,
            rater=member,
            ratee=row.colleague,
            skill=row.scores["skill"],
            conduct=row.scores["conduct"],
            performance=row.scores["performance"],
            comment=row.comment,
        )
        if round.is_annual:
            services.cast_assessment_vote(
                round=round, voter=member, member=row.colleague, grade=row.grade
            )
