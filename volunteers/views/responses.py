"""What every volunteer page answers with: the section page around it, and where to go back."""

from django.contrib import messages
from django.shortcuts import redirect, render

from volunteers.models import VolunteerIndexPage
from volunteers.services import VolunteerError


def render_page(request, template: str, context: dict, status: int = 200):
    """Render inside the 志愿服务 section (its breadcrumbs and menu) for the signed-in member."""
    context.setdefault("section", VolunteerIndexPage.objects.live().first())
    context.setdefault("member", request.member)
    return render(request, template, context, status=status)


def back(request, default: str):
    """Back to the page the form was on (`next`), never to another site."""
    target = request.POST.get("next") or default
    return redirect(target if target.startswith("/") and not target.startswith("//") else default)


def do(request, action, success: str, default: str):
    """Run one service call; its refusal becomes the Chinese message shown on the way back."""
    try:
        action()
    except VolunteerError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return back(request, default)
