"""The one scoping rule: every registered snippet is scoped (or listed as global), and its
picker, bulk delete and forms know nothing of another branch's objects."""

import pytest
from django.apps import apps
from wagtail import hooks
from wagtail.admin.viewsets import viewsets as admin_viewsets
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.viewsets.scoped import (
    GLOBAL_SNIPPET_MODELS,
    ScopedSnippetChooserViewSet,
    ScopedSnippetViewSetMixin,
)
from tests.factories import CommitteeAdminFactory, OrganisationFactory
from tests.helpers import (
    build_world,
    bulk_delete_url,
    chooser_url,
    make_superuser,
    snippet_url,
    text_of,
)

PROJECT_APPS = {"portal", "honors", "volunteers", "pledges", "activities"}
hooks.search_for_hooks()  # the snippets are registered in the apps' wagtail_hooks


def label(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


SNIPPETS = sorted((m for m in get_snippet_models() if m._meta.app_label in PROJECT_APPS), key=label)
SCOPED = [m for m in SNIPPETS if label(m) not in GLOBAL_SNIPPET_MODELS]


def test_the_project_registers_its_snippets():
    assert len(SCOPED) >= 18 and "portal.Member" in map(label, SCOPED)


@pytest.mark.parametrize("model", SNIPPETS, ids=label)
def test_every_snippet_is_scoped_or_listed_as_global(model):
    viewset = model.snippet_viewset
    if label(model) in GLOBAL_SNIPPET_MODELS:
        assert not isinstance(viewset, ScopedSnippetViewSetMixin), "listed as global but scoped"
        return
    assert isinstance(viewset, ScopedSnippetViewSetMixin), (
        f"{label(model)}: build its viewset on portal.viewsets.scoped.ScopedSnippetViewSet "
        "or list it in GLOBAL_SNIPPET_MODELS"
    )
    assert isinstance(viewset.chooser_viewset, ScopedSnippetChooserViewSet)


def test_global_list_names_only_registered_snippets():
    assert set(GLOBAL_SNIPPET_MODELS) <= {label(m) for m in SNIPPETS}
    for name in GLOBAL_SNIPPET_MODELS:
        apps.get_model(name)


def test_no_project_model_has_an_unscoped_model_viewset():
    unscoped = [
        viewset
        for viewset in admin_viewsets.viewsets
        if isinstance(viewset, ModelViewSet)
        and not isinstance(viewset, SnippetViewSet)
        and viewset.model._meta.app_label in PROJECT_APPS
    ]
    assert unscoped == []


@pytest.fixture
def world(db, settings, tmp_path):
    return build_world(settings, tmp_path)


@pytest.mark.django_db
@pytest.mark.parametrize("model", SCOPED, ids=label)
def test_each_viewset_query_stops_at_the_secretarys_subtree(rf, world, model):
    request = rf.get("/admin/")
    request.user = world.secretary_b.user
    queryset = model.snippet_viewset.scoped_queryset(request)
    assert not queryset.filter(pk=world.of(label(model)).pk).exists()
    # The committee above both branches sees it (a certificate belongs to its issuer, a
    # campaign to its organiser: both above branch A, so not its secretary's).
    request.user = CommitteeAdminFactory(organisation=world.committee).user
    queryset = model.snippet_viewset.scoped_queryset(request)
    assert queryset.filter(pk=world.of(label(model)).pk).exists()


# -- Pickers -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("model", SCOPED, ids=label)
def test_picker_lists_and_names_only_objects_in_scope(client, world, model):
    obj = world.of(label(model))
    name = str(obj)
    client.force_login(world.secretary_b.user)
    for url in (chooser_url(model), chooser_url(model, "choose_results") + "?q=甲"):
        response = client.get(url)
        assert response.status_code in (200, 302, 403), url
        assert name not in text_of(response), url
    assert client.get(chooser_url(model, "chosen", obj.pk)).status_code in (302, 403, 404)


@pytest.mark.django_db
def test_picker_still_offers_the_users_own_objects(client, world):
    from volunteers.models import ServiceRecord

    record = world.of("volunteers.ServiceRecord")
    client.force_login(world.secretary_a.user)
    assert str(record) in text_of(client.get(chooser_url(ServiceRecord)))
    response = client.get(chooser_url(ServiceRecord, "chosen", record.pk))
    assert response.status_code == 200 and str(record) in text_of(response)


@pytest.mark.django_db
@pytest.mark.parametrize("pk", ["abc", "²", "1 OR 1=1", "99999999999999999999999"])
def test_picker_answers_404_to_a_malformed_id(client, world, pk):
    from portal.models import Member

    client.force_login(world.secretary_a.user)
    assert client.get(chooser_url(Member, "chosen", pk)).status_code == 404


# -- Bulk delete -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("model", SCOPED, ids=label)
def test_bulk_delete_confirm_page_does_not_name_another_branchs_object(client, world, model):
    obj = world.of(label(model))
    client.force_login(world.secretary_b.user)
    response = client.get(bulk_delete_url(model, obj.pk))
    assert response.status_code in (302, 403, 404)
    assert str(obj) not in response.content.decode()


@pytest.mark.django_db
def test_bulk_delete_of_own_and_foreign_ids_lists_only_own(client, world):
    from portal.models import Member

    own = world.member_b
    client.force_login(world.secretary_b.user)
    response = client.get(bulk_delete_url(Member, own.pk, world.member_a.pk))
    text = response.content.decode()
    assert response.status_code == 200
    assert own.name in text and world.member_a.name not in text
    client.post(bulk_delete_url(Member, own.pk, world.member_a.pk))
    assert Member.objects.filter(pk=world.member_a.pk).exists()


@pytest.mark.django_db
def test_bulk_delete_with_malformed_ids_is_a_404(client, world):
    from portal.models import Member

    client.force_login(world.secretary_b.user)
    assert client.get(bulk_delete_url(Member, "abc", "²")).status_code == 404


# -- Certificate batches ---------------------------------------------------------------


@pytest.mark.django_db
def test_certificate_batches_cannot_be_added_edited_or_copied_as_snippets(client, world):
    from honors.models import CertificateBatch

    batch = world.of("honors.CertificateBatch")
    committee = CommitteeAdminFactory(organisation=world.committee)
    for user in (committee.user, make_superuser()):
        client.force_login(user)
        before = CertificateBatch.objects.count()
        response = client.post(
            snippet_url(CertificateBatch, "add"),
            {
                "kind": "title",
                "period": "2025",
                "organisation": world.branch_a.pk,
                "status": "done",
            },
        )
        assert response.status_code in (302, 403, 404)
        assert CertificateBatch.objects.count() == before
        for action in ("edit", "copy"):
            try:
                url = snippet_url(CertificateBatch, action, batch.pk)
            except Exception:  # no such route at all is as good
                continue
            assert client.get(url).status_code in (302, 403, 404), action
        batch.refresh_from_db()
        assert batch.status == CertificateBatch.Status.PENDING
    listing = client.get(snippet_url(CertificateBatch, "list"))
    assert listing.status_code == 200 and "/admin/honors/batches/new/" in listing.content.decode()


# -- Shared definitions ----------------------------------------------------------------


@pytest.mark.django_db
def test_shared_definitions_are_changed_by_the_top_committee_only(client, world):
    from activities.models import ChecklistTemplate
    from honors.models import HonorCategory, Title

    top = CommitteeAdminFactory(organisation=world.committee)
    other = CommitteeAdminFactory(name="外单位管理员")
    OrganisationFactory(name="外单位支部", parent=other.organisation)
    for model in (Title, HonorCategory, ChecklistTemplate):
        obj = model.objects.first()
        client.force_login(other.user)
        assert client.get(snippet_url(model, "edit", obj.pk)).status_code == 302
        assert client.get(snippet_url(model, "add")).status_code == 302
        assert client.get(snippet_url(model, "list")).status_code == 200
        # With a second tree, no committee is the top one: only a superuser edits.
        client.force_login(top.user)
        assert client.get(snippet_url(model, "edit", obj.pk)).status_code == 302


@pytest.mark.django_db
def test_the_only_root_committee_edits_shared_definitions(client, world):
    from honors.models import Title

    top = CommitteeAdminFactory(organisation=world.committee)
    client.force_login(top.user)
    title = Title.objects.first()
    assert client.get(snippet_url(Title, "edit", title.pk)).status_code == 200
    client.force_login(world.secretary_a.user)
    assert client.get(snippet_url(Title, "edit", title.pk)).status_code == 302


# -- Forms -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_add_form_does_not_redisplay_an_out_of_scope_member_posted_by_id(client, world):
    from pledges.models import IdentityPlate

    client.force_login(world.secretary_b.user)
    response = client.post(
        snippet_url(IdentityPlate, "add"),
        {"member": world.member_a.pk, "post_title": "", "motto": "x", "is_published": "on"},
    )
    text = response.content.decode()
    assert response.status_code in (200, 400)
    assert world.member_a.name not in text
    assert "只能选择您所管理的组织" in text
    assert not IdentityPlate.objects.filter(motto="x").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "²", "1 OR 1=1"])
def test_add_form_with_a_malformed_member_id_is_refused_in_chinese(client, world, value):
    from pledges.models import IdentityPlate

    client.force_login(world.secretary_b.user)
    response = client.post(
        snippet_url(IdentityPlate, "add"),
        {"member": value, "post_title": "", "motto": "y", "is_published": "on"},
    )
    assert response.status_code in (200, 400)
    assert not IdentityPlate.objects.filter(motto="y").exists()


@pytest.mark.django_db
def test_rows_under_many_organisations_are_read_under_one_prefix_and_filed_to_the_deepest():
    from portal.models import Organisation
    from portal.scoping import Subtrees

    committee = OrganisationFactory(kind=Organisation.Kind.COMMITTEE)
    outer = OrganisationFactory(parent=committee, kind=Organisation.Kind.BRANCH)
    inner = OrganisationFactory(parent=outer, kind=Organisation.Kind.BRANCH)
    group = OrganisationFactory(parent=outer, kind=Organisation.Kind.GROUP)
    other = OrganisationFactory(parent=committee, kind=Organisation.Kind.BRANCH)
    elsewhere = OrganisationFactory(kind=Organisation.Kind.BRANCH)

    subtrees = Subtrees([outer.path, inner.path, other.path])
    assert subtrees.common_path == committee.path
    assert subtrees.owner(group.path) == outer.path
    assert subtrees.owner(inner.path) == inner.path
    assert subtrees.owner(other.path) == other.path
    assert subtrees.owner(committee.path) is None  # the committee's own rows belong to none
    under = set(Organisation.objects.filter(subtrees.q("")))
    assert {outer, inner, group, other, committee} <= under
    assert elsewhere not in under
    assert Subtrees([inner.path]).common_path == inner.path
