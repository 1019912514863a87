"""The public 公开承诺 pages, served through PledgeWallPage's routes; reads come from selectors."""

from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from pledges import selectors, services
from pledges.charts import trend_svg
from pledges.forms import RatingProofForm
from pledges.models import Rating, StarSettings
from portal.caching import public_or_private
from portal.client_address import client_ip
from portal.qr import page_public_url, qr_svg

VISITOR_COOKIE = "pledges_visitor"
VISITOR_SALT = "pledges.visitor"


RATED = {"yes", "comment"}


def _render(request, page, template, context, *, status=200):
    # Listings link to many sub-pages; one base URL beats a reverse() per link.
    context = {"page": page, "self": page, "base_url": page.get_url(request), **context}
    # After a rating the visitor lands on the rating box, so the thanks is shown there.
    context["rated"] = request.GET.get("rated") if request.GET.get("rated") in RATED else ""
    # Pages with the rating form carry a form token, so the rule keeps them private.
    response = TemplateResponse(request, f"pledges/{template}", context, status=status)
    return public_or_private(request, response)


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def wall(request, page):
    q = request.GET.get("q", "")[: selectors.SEARCH_MAX_LENGTH]
    org_code = request.GET.get("org", "")
    organisation = selectors.wall_organisation(org_code)
    kind = request.GET.get("kind", "")
    kind = kind if kind in {"member", "organisation"} else ""
    year = _int(request.GET.get("year"))
    pledges = selectors.wall_pledges(q=q, organisation=organisation, kind=kind, year=year)
    page_obj = Paginator(pledges, 20).get_page(request.GET.get("page"))
    windows, more_windows = selectors.wall_windows(organisation)
    return _render(
        request,
        page,
        "pledge_wall_page.html",
        {
            "page_obj": page_obj,
            "pledges": selectors.attach_satisfaction(page_obj.object_list),
            "q": q,
            "organisations": selectors.filter_organisations(organisation),
            "current_org": org_code,
            "kind": kind,
            "year": year,
            "years": selectors.pledge_years(),
            "windows": windows,
            "more_windows": more_windows,
        },
    )


def pledge(request, page, pk: int, *, rating_error: str = "", status: int = 200, proof_form=None):
    item = selectors.pledge_detail(pk)
    if item is None:
        raise Http404
    response = _render(
        request,
        page,
        "pledge_detail.html",
        {
            "pledge": item,
            "next_pledge": selectors.next_pledge(item),
            "comments": selectors.approved_comments(pledge=item),
            "levels": Rating.Level.choices,
            "rating_error": rating_error,
            "proof_form": _proof_form(request, proof_form),
            "rate_url": page.url + page.reverse_subpage("rate_pledge", kwargs={"pk": item.pk}),
            **_visitor_context(request),
        },
        status=status,
    )
    return _with_visitor_cookie(request, response)


def window(request, page, code: str, *, rating_error: str = "", status: int = 200, proof_form=None):
    unit = selectors.window_by_code(code)
    if unit is None:
        raise Http404
    today = timezone.localdate()
    trend = selectors.satisfaction_trend(window=unit, today=today)
    chart = trend_svg(
        [(f"{month.month}月", rate) for month, rate, _count in trend],
        title=_("%(name)s近12个月满意率") % {"name": unit.name},
    )
    response = _render(
        request,
        page,
        "window_detail.html",
        {
            "window": unit,
            "standards": selectors.window_standards(unit),
            "plates": selectors.window_plates(unit),
            "pledges": selectors.window_pledges(unit),
            "satisfaction": selectors.window_satisfaction(unit),
            "comments": selectors.approved_comments(window=unit),
            "star": selectors.latest_star(organisation=unit),
            "standardised": services.window_is_standardised(unit, on=today),
            "trend": trend,
            "chart": chart,
            "levels": Rating.Level.choices,
            "rating_error": rating_error,
            "proof_form": _proof_form(request, proof_form),
            "rate_url": page.url + page.reverse_subpage("rate_window", kwargs={"code": code}),
            **_visitor_context(request),
        },
        status=status,
    )
    return _with_visitor_cookie(request, response)


def _visitor(request) -> str:
    return request.get_signed_cookie(VISITOR_COOKIE, default="", salt=VISITOR_SALT)


def _visitor_context(request) -> dict:
    """The visitor id for the rating form, sent twice: as a cookie and inside the form.

    Both are set when the form is shown, so a first visit's double click posts
    the same id twice even if the cookie has not arrived (or is refused).
    """
    visitor = _visitor(request) or services.new_visitor_id()
    return {"visitor_token": signing.dumps(visitor, salt=VISITOR_SALT), "visitor": visitor}


def _with_visitor_cookie(request, response):
    if not _visitor(request):
        _set_visitor_cookie(request, response, response.context_data["visitor"])
    return response


def _set_visitor_cookie(request, response, visitor: str) -> None:
    response.set_signed_cookie(
        VISITOR_COOKIE,
        visitor,
        salt=VISITOR_SALT,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def _posted_visitor(request, ip: str) -> str:
    """Cookie first, then the form's own token (a day old at most), then the browser's
    address and agent, so that posts without either still count once a day."""
    visitor = _visitor(request)
    if visitor:
        return visitor
    try:
        return signing.loads(
            request.POST.get("visitor_token", ""), salt=VISITOR_SALT, max_age=24 * 3600
        )
    except signing.BadSignature:
        return services.anonymous_visitor_id(
            ip=ip, user_agent=request.META.get("HTTP_USER_AGENT", "")[:300]
        )


def _proof_form(request, bound=None):
    """The 验证码 form when this address has already rated a few times today, else None."""
    if bound is not None:
        return bound
    return RatingProofForm() if services.needs_proof(ip=client_ip(request)) else None


def _rate(request, *, on_error, target: dict, back: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    ip = client_ip(request)
    new_visitor = not _visitor(request)
    visitor = _posted_visitor(request, ip)
    proof = RatingProofForm(request.POST) if "captcha_0" in request.POST else None
    proof_error = ""
    if proof is not None and not proof.is_valid():
        proof_error = proof.errors["captcha"][0]
    try:
        if proof_error:
            raise services.ProofNeeded(proof_error)
        services.rate(
            level=request.POST.get("level"),
            comment=request.POST.get("comment", ""),
            visitor=visitor,
            ip=ip,
            proven_human=proof is not None,
            **target,
        )
    except services.ProofNeeded as error:
        # A fresh challenge: the one just answered (rightly or not) is used up.
        response = on_error(str(error), 400, RatingProofForm())
    except services.RateLimited as error:
        response = on_error(str(error), 429, None)
        response["Retry-After"] = "60"
    except services.AlreadyRated as error:
        response = on_error(str(error), 409, None)
    except services.PledgeError as error:
        # The error itself: the form shows it beside the input its `field` names.
        response = on_error(error, 400, None)
    else:
        rated = "comment" if request.POST.get("comment", "").strip() else "yes"
        response = redirect(f"{back}?rated={rated}#rate")
    if new_visitor:
        _set_visitor_cookie(request, response, visitor)
    return response


def rate_window(request, page, code: str):
    unit = selectors.window_by_code(code)
    if unit is None:
        raise Http404
    back = page.url + page.reverse_subpage("window", kwargs={"code": code})
    return _rate(
        request,
        on_error=lambda message, status, proof: window(
            request, page, code, rating_error=message, status=status, proof_form=proof
        ).render(),
        target={"window": unit},
        back=back,
    )


def rate_pledge(request, page, pk: int):
    item = selectors.pledge_detail(pk)
    if item is None:
        raise Http404
    back = page.url + page.reverse_subpage("pledge", kwargs={"pk": pk})
    return _rate(
        request,
        on_error=lambda message, status, proof: pledge(
            request, page, pk, rating_error=message, status=status, proof_form=proof
        ).render(),
        target={"pledge": item},
        back=back,
    )


def plate(request, page, member_id: int, *, for_print: bool = False):
    identity = selectors.plate_for(member_id)
    if identity is None:
        raise Http404
    url = page_public_url(page, page.reverse_subpage("plate", kwargs={"member_id": member_id}))
    return _render(
        request,
        page,
        "plate_print.html" if for_print else "plate.html",
        {
            "plate": identity,
            "member": identity.member,
            "pledges": selectors.member_current_pledges(identity.member),
            "star": selectors.latest_star(member=identity.member),
            "qr": qr_svg(url),
            "plate_url": url,
        },
    )


def stars(request, page):
    periods = selectors.star_periods()
    year, _sep, half = request.GET.get("period", "").partition("-")
    year, half = _int(year), _int(half)
    if (year, half) not in periods:
        year, half = periods[0] if periods else (None, None)
    organisations, members = ([], None)
    members_page = None
    if year:
        organisations, members = selectors.star_board(year=year, half=half)
        members_page = Paginator(members, 100).get_page(request.GET.get("page"))
    star_settings = StarSettings.load(request_or_site=request)
    return _render(
        request,
        page,
        "star_board.html",
        {
            "periods": periods,
            "year": year,
            "half": half,
            "organisations": organisations,
            "page_obj": members_page,
            "members": members_page.object_list if members_page else [],
            "star_settings": star_settings,
            "thresholds": list(enumerate(star_settings.threshold_list, start=1)),
        },
    )


def rankings(request, page):
    notices = Paginator(selectors.rankings(), 24).get_page(request.GET.get("page"))
    return _render(
        request, page, "ranking_list.html", {"page_obj": notices, "notices": notices.object_list}
    )


def ranking(request, page, slug: str):
    notice = selectors.ranking_by_slug(slug)
    if notice is None:
        raise Http404
    entries = list(notice.entries.all())
    return _render(
        request,
        page,
        "ranking_detail.html",
        {
            "notice": notice,
            "entries": entries,
            "top": [e for e in entries if e.is_top],
            "bottom": [e for e in entries if e.is_bottom],
            "red_flags": [e for e in entries if e.is_red_flag],
            "unranked": [e for e in entries if e.rank is None],
        },
    )
