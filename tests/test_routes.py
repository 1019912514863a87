"""Every route in the URL resolver, with the ids of branch A's objects, refuses branch B.

The probe of issue 11, kept in the suite: the resolver is walked, each of the project's
routes that takes an object (admin, member and public pages, Wagtail's snippet views and
pickers, bulk delete) is filled with an object of branch A, and requested as the
secretary of branch B, a member of branch B and an anonymous visitor. Each must refuse
(sign-in, 403, 404, 405 for a GET of a POST-only action, Wagtail's redirect to the
dashboard) and never print the object. A new route with an object id that is not named
below fails `test_every_route_with_an_object_is_probed`, so a new view cannot be forgotten.
"""

import pytest
from django.urls import URLResolver, get_resolver, reverse
from wagtail import hooks
from wagtail.snippets.models import get_snippet_models

from portal.viewsets.scoped import GLOBAL_SNIPPET_MODELS
from tests.helpers import build_world, bulk_delete_url, chooser_url, text_of

PROJECT_APPS = ("portal", "honors", "volunteers", "pledges", "activities")
hooks.search_for_hooks()

# Route name -> {url kwarg: what fills it}: "app.Model" (its pk), or a callable of the world.
ROUTE_OBJECTS = {
    "activities_assessment": {"pk": "activities.Assessment"},
    "activities_inspection": {"pk": "activities.Assessment"},
    "activities_self_assessment": {"pk": "activities.Assessment"},
    "activities_dashboard": {"pk": "activities.Campaign"},
    "activities_meeting_record": {"pk": "activities.Meeting"},
    "activities_compliance_export": {"branch_id": lambda w: w.branch_a.pk, "year": lambda w: 2026},
    "honors_admin:award_certificate": {"pk": "honors.Award"},
    "honors_admin:revoke": {"pk": "honors.Award"},
    "honors_admin:batch": {"pk": "honors.CertificateBatch"},
    "honors_admin:batch_progress": {"pk": "honors.CertificateBatch"},
    "honors_admin:batch_zip": {"pk": "honors.CertificateBatch"},
    "honors_admin:batch_retry": {"pk": "honors.CertificateBatch"},
    "honors_admin:batch_cancel": {"pk": "honors.CertificateBatch"},
    "honors_admin:certificate_pdf": {"pk": "honors.Certificate"},
    "honors_admin:entry_certificate": {"pk": "honors.HonorRollEntry"},
    "honors_admin:review": {"pk": "honors.HonorRollEntry"},
    "portal_member_password_link": {"pk": "portal.Member"},
    "portal_member_reset_two_step": {"pk": "portal.Member"},
    "portal_member_relation": {"pk": "portal.Member"},
    "portal_organisation_close": {"pk": "portal.Organisation"},
    "pledges_admin_round": {"pk": "pledges.ReviewRound"},
    "honors:download": {"number": lambda w: w.of("honors.Certificate").number},
    "pledges:edit_pledge": {"pk": "pledges.Pledge"},
    "pledges:repledge": {"pk": "pledges.Pledge"},
    "pledges:submit_pledge": {"pk": "pledges.Pledge"},
    "pledges:add_update": {"pk": "pledges.Pledge"},
    "pledges:review_round": {"round_id": "pledges.ReviewRound"},
    "volunteers:cancel": {"activity_id": "volunteers.Activity"},
    "volunteers:sign_up": {"activity_id": "volunteers.Activity"},
    "volunteers:lead_activity": {"activity_id": "volunteers.Activity"},
    "volunteers:back_entry": {"activity_id": "volunteers.Activity"},
    "volunteers:donations": {"activity_id": "volunteers.Activity"},
    "volunteers:attendance": {
        "activity_id": "volunteers.Activity",
        "sign_up_id": lambda w: w.of("volunteers.SignUp").pk,
    },
    "volunteers:decide": {"correction_id": "volunteers.CorrectionRequest"},
    "volunteers:review": {"record_id": "volunteers.ServiceRecord"},
    "volunteers:record": {"record_id": "volunteers.ServiceRecord"},
    "volunteers:edit_record": {"record_id": "volunteers.ServiceRecord"},
    "volunteers:lead_team": {"team_id": "volunteers.Team"},
    "volunteers:new_activity": {"team_id": "volunteers.Team"},
    "volunteers:join": {"team_id": "volunteers.Team"},
    "volunteers:leave": {"team_id": "volunteers.Team"},
}
# Routes with a parameter that names no branch's object, and why they are open.
NOT_BRANCH_OBJECTS = {
    "honors:verify": "the public verification page of a certificate number, by design",
    "volunteers:check_in": "the token shown at the venue; knowing it is the permission",
    "switch_language": "a language code",
    "portal:mark_studied": "study articles belong to no branch (view restrictions are checked)",
    "switch_display": "长辈模式 or normal, a display choice",
    "notice": "a published 通知公告 is for the public; drafts answer 404 (test_front_page.py)",
    "pledges_admin_ranking_export": "the 月评比 通报 is published to everyone by design",
}
# Routes whose objects this probe's world does not make (files, photos, notices of a
# failed inspection); each is probed across branches by the named test instead.
PROBED_ELSEWHERE = {
    "wagtailadmin_api:documents:detail": "tests/portal/test_library.py",
    "wagtailadmin_api:images:detail": "tests/portal/test_library.py",
    "activities_notice_pdf": "tests/activities/test_documents.py",
    "activities_inspection_pdf": "tests/activities/test_documents.py",
    "activities_photo": "tests/activities/test_private_photos.py",
}


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        else:
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name, pattern


def _project_routes():
    """(route, name) of the project's routes that take a parameter."""
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if not pattern.pattern.converters and "(?P<" not in route:
            continue
        module = getattr(pattern.callback, "__module__", "") or ""
        if module.split(".")[0] in PROJECT_APPS or (name or "").startswith("wagtailsnippet"):
            yield route, name


def _snippet_route(name):
    """ "app.Model", view for a snippet or picker route of a project model, else None."""
    namespace, _sep, view = (name or "").partition(":")
    for prefix in ("wagtailsnippets_", "wagtailsnippetchoosers_"):
        if namespace.startswith(prefix):
            app_label, _sep, model_name = namespace[len(prefix) :].partition("_")
            for model in get_snippet_models():
                meta = model._meta
                if (meta.app_label, meta.model_name) == (app_label, model_name):
                    return f"{app_label}.{model.__name__}", view
    return None


def _is_project_snippet(name):
    found = _snippet_route(name)
    return found is not None and found[0].split(".")[0] in PROJECT_APPS


def test_every_route_with_an_object_is_probed():
    forgotten = []
    for route, name in _project_routes():
        if name in ROUTE_OBJECTS or name in NOT_BRANCH_OBJECTS or name in PROBED_ELSEWHERE:
            continue
        if (name or "").startswith("wagtailsnippet"):
            if not _is_project_snippet(name) or _snippet_route(name)[0] in GLOBAL_SNIPPET_MODELS:
                continue
            if _snippet_route(name)[1] in {"edit", "delete", "copy", "history", "usage"} | {
                "history_results",
                "inspect",
                "chosen",
            }:
                continue
        forgotten.append(f"{route} ({name})")
    assert forgotten == [], "name these routes' objects in ROUTE_OBJECTS: " + ", ".join(forgotten)


def _probes(world):
    """(url, the object it names) for every route × object of branch A."""
    for _route, name in _project_routes():
        if name in ROUTE_OBJECTS:
            kwargs = {}
            for key, source in ROUTE_OBJECTS[name].items():
                kwargs[key] = source(world) if callable(source) else world.of(source).pk
            model_label = next(
                (s for s in ROUTE_OBJECTS[name].values() if isinstance(s, str)), None
            )
            obj = world.of(model_label) if model_label else None
            yield reverse(name, kwargs=kwargs), obj
        elif _is_project_snippet(name):
            model_label, _view = _snippet_route(name)
            if model_label in GLOBAL_SNIPPET_MODELS:
                continue
            obj = world.of(model_label)
            yield reverse(name, kwargs={"pk": obj.pk}), obj
    for model in get_snippet_models():
        model_label = f"{model._meta.app_label}.{model.__name__}"
        if model._meta.app_label not in PROJECT_APPS or model_label in GLOBAL_SNIPPET_MODELS:
            continue
        obj = world.of(model_label)
        yield bulk_delete_url(model, obj.pk), obj
        yield chooser_url(model), obj
        yield chooser_url(model, "choose_results") + "?q=甲", obj


@pytest.fixture
def world(db, settings, tmp_path):
    from volunteers.models import SignUp

    world = build_world(settings, tmp_path)
    world.objects["volunteers.SignUp"] = SignUp.objects.create(
        activity=world.of("volunteers.Activity"), member=world.member_a
    )
    return world


def _refused(response) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    if response.status_code == 302:
        location = response["Location"]
        return "login" in location or location == "/admin/"
    return False


def _lists_nothing(response) -> bool:
    """A picker's list answers 200 for anyone with access to the admin; it must be empty."""
    return response.status_code == 200 and "data-chooser-modal-choice" not in text_of(response)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["secretary_b", "member_b", "anonymous"])
def test_no_route_shows_branch_as_objects_to_another_branch(client, world, role):
    if role != "anonymous":
        client.force_login(getattr(world, role).user)
    leaks = []
    probed = 0
    for url, obj in _probes(world):
        response = client.get(url)
        probed += 1
        listing = "/admin/snippets/choose/" in url and "/chosen/" not in url
        # A picker's list may show branch B's own objects to its secretary, never A's.
        may_list = listing and (role == "secretary_b" or _lists_nothing(response))
        refused = _refused(response) or (may_list and response.status_code == 200)
        named = obj is not None and str(obj) in text_of(response)
        if not refused or named:
            leaks.append(f"{url} → {response.status_code}{' names it' if named else ''}")
    assert probed > 150
    assert leaks == [], f"{role} reached branch A's objects:\n" + "\n".join(leaks)


@pytest.mark.django_db
def test_the_probe_reaches_the_objects_for_the_committee_above_them(client, world):
    """The control: the same ids open for the committee over both branches, so the refusals
    above are about scope, not about ids that match nothing."""
    from activities.permissions import ensure_inspection_group
    from tests.factories import CommitteeAdminFactory

    user = CommitteeAdminFactory(organisation=world.committee).user
    user.groups.add(ensure_inspection_group())  # the 考核验收小组 records inspections
    client.force_login(user)
    opened, closed = [], []
    for url, obj in _probes(world):
        if "/chosen/" in url or "/admin/honors/" in url or "/admin/activities/" in url:
            response = client.get(url)
            # 405: a POST-only action (the probe, like the outside one, only reads); the
            # zip of a batch that has not run yet does not exist.
            if response.status_code == 405 or url.endswith("/zip/"):
                continue
            if response.status_code != 200 or (
                "/chosen/" in url and str(obj) not in text_of(response)
            ):
                closed.append(f"{url} → {response.status_code}")
            opened.append(url)
    assert closed == []
    assert len(opened) > 25
