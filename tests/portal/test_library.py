"""The image and document library follows the organisation tree: each branch sees only its own."""

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission

from portal.models import Organisation, OrganisationCollection
from portal.services.library import (
    file_root_uploads,
    internal_collection,
    public_collection,
    sync_library,
)
from portal.services.roles import ensure_role_groups
from tests.factories import OrganisationFactory, UserFactory

Image = get_image_model()
Document = get_document_model()


def png_bytes(size=(8, 8), colour="red") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def make_image(title, collection, user=None):
    return Image.objects.create(
        title=title,
        file=SimpleUploadedFile(f"{title}.png", png_bytes(), content_type="image/png"),
        collection=collection,
        uploaded_by_user=user,
    )


def make_document(title, collection, user=None):
    return Document.objects.create(
        title=title,
        file=SimpleUploadedFile(f"{title}.txt", "会议记录".encode(), content_type="text/plain"),
        collection=collection,
        uploaded_by_user=user,
    )


@pytest.fixture
def library(secretary_a, secretary_b, branch_a, branch_b):
    return {
        "a_internal": make_image("甲支部内部照片", internal_collection(branch_a)),
        "a_public": make_image("甲支部公开照片", public_collection(branch_a)),
        "b_internal": make_image("乙支部内部照片", internal_collection(branch_b)),
        "root": make_image("根目录照片", Collection.get_first_root_node()),
        "doc_a": make_document("甲支部会议纪要", internal_collection(branch_a)),
        "doc_a_public": make_document("甲支部公开通知", public_collection(branch_a)),
        "doc_b": make_document("乙支部会议纪要", internal_collection(branch_b)),
    }


@pytest.mark.django_db
def test_each_organisation_gets_collections_that_follow_the_tree(committee, branch_a, branch_b):
    committee_collection = internal_collection(committee.organisation)
    a = internal_collection(branch_a)
    assert a.get_parent() == committee_collection
    assert a.name == "甲党支部"
    assert public_collection(branch_a).get_parent() == a
    assert public_collection(branch_a).name == "公开资料"

    group = OrganisationFactory(name="甲一党小组", kind=Organisation.Kind.GROUP, parent=branch_a)
    assert internal_collection(group).get_parent() == a

    # Renaming and moving the branch carries its collection, and the group's, along.
    branch_a.name = "甲党支部（新）"
    branch_a.parent = branch_b
    branch_a.save()
    a = Collection.objects.get(pk=a.pk)
    assert a.name == "甲党支部（新）"
    assert a.get_parent() == internal_collection(branch_b)
    assert internal_collection(group).get_parent() == a
    assert OrganisationCollection.objects.filter(organisation=branch_a).count() == 2


@pytest.mark.django_db
def test_after_a_migrate_only_organisations_without_collections_are_filed(
    committee, branch_a, branch_b, django_assert_max_num_queries
):
    """Rows written around the ORM (a bulk import, a city's seed) get their collections on the
    next migrate; the organisations already filed are not walked again, however many."""
    for organisation in (committee.organisation, branch_a, branch_b):
        internal_collection(organisation)
    OrganisationFactory.create_batch(20, parent=branch_b)  # filed as they are saved
    # Written by bulk SQL: no post_save, no collections.
    Organisation.objects.bulk_create(
        [
            Organisation(name=name, kind=Organisation.Kind.BRANCH, code=code, parent=branch_a)
            for name, code in (("甲二党支部", "bulk-1"), ("甲三党支部", "bulk-2"))
        ]
    )
    new = list(Organisation.objects.filter(code__startswith="bulk-"))
    for organisation in new:  # bulk_create skips save(), so the paths are filled here
        organisation.path = f"{branch_a.path}{organisation.pk}/"
    Organisation.objects.bulk_update(new, ["path"])
    assert not OrganisationCollection.objects.filter(organisation__in=new).exists()

    with django_assert_max_num_queries(60):
        sync_library(missing_only=True)

    a = internal_collection(branch_a)
    for organisation in new:
        collection = internal_collection(organisation)
        assert collection.get_parent() == a
        assert collection.name == organisation.name
        assert public_collection(organisation).get_parent() == collection


@pytest.mark.django_db
def test_the_full_sync_puts_a_collection_back_where_the_tree_says(committee, branch_a, branch_b):
    a = internal_collection(branch_a)
    a.name = "被改名的文件夹"
    a.save(update_fields=["name"])
    a.move(internal_collection(branch_b), pos="sorted-child")

    sync_library()

    a = Collection.objects.get(pk=a.pk)
    assert a.name == "甲党支部"
    assert a.get_parent() == internal_collection(committee.organisation)


@pytest.mark.django_db
def test_role_groups_hold_no_permission_on_the_shared_root(secretary_a):
    ensure_role_groups()
    assert not GroupCollectionPermission.objects.filter(
        group__name__in=["支部书记", "党委管理员"]
    ).exists()


def titles_in(response) -> set[str]:
    text = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        # Choosers answer JSON with the modal's HTML inside, non-ASCII escaped.
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return {
        t
        for t in [
            "甲支部内部照片",
            "甲支部公开照片",
            "乙支部内部照片",
            "根目录照片",
            "甲支部会议纪要",
            "甲支部公开通知",
            "乙支部会议纪要",
        ]
        if t in text
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/images/",
        "/admin/images/chooser/",
        "/admin/images/chooser/results/?q=照片",
        "/admin/api/main/images/?fields=title",
        "/admin/api/main/images/?search=照片",
    ],
)
def test_secretary_lists_and_chooses_only_their_branchs_images(client, secretary_a, library, url):
    client.force_login(secretary_a.user)
    response = client.get(url)
    assert response.status_code == 200
    assert titles_in(response) & {
        "甲支部内部照片",
        "甲支部公开照片",
        "乙支部内部照片",
        "根目录照片",
    } == {
        "甲支部内部照片",
        "甲支部公开照片",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/documents/",
        "/admin/documents/chooser/",
        "/admin/documents/chooser/results/?q=支部",
        "/admin/api/main/documents/?fields=title",
    ],
)
def test_secretary_lists_and_chooses_only_their_branchs_documents(
    client, secretary_a, library, url
):
    client.force_login(secretary_a.user)
    response = client.get(url)
    assert response.status_code == 200
    assert titles_in(response) & {"甲支部会议纪要", "甲支部公开通知", "乙支部会议纪要"} == {
        "甲支部会议纪要",
        "甲支部公开通知",
    }


@pytest.mark.django_db
def test_committee_sees_every_branch_below_it(client, committee, library):
    client.force_login(committee.user)
    response = client.get("/admin/images/")
    assert {"甲支部内部照片", "乙支部内部照片"} <= titles_in(response)
    assert "根目录照片" not in titles_in(response)


IMAGE_VIEWS = [
    "/admin/images/{pk}/",
    "/admin/images/{pk}/delete/",
    "/admin/images/{pk}/preview/fill-100x100/",
    "/admin/images/usage/{pk}/",
    "/admin/images/chooser/chosen/{pk}/",
    "/admin/images/chooser/{pk}/select_format/",
    "/admin/api/main/images/{pk}/",
]
DOCUMENT_VIEWS = [
    "/admin/documents/edit/{pk}/",
    "/admin/documents/delete/{pk}/",
    "/admin/documents/usage/{pk}/",
    "/admin/documents/chooser/chosen/{pk}/",
    "/admin/api/main/documents/{pk}/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", IMAGE_VIEWS)
def test_another_branchs_image_cannot_be_opened_chosen_or_edited(client, secretary_a, library, url):
    client.force_login(secretary_a.user)
    own = client.get(url.format(pk=library["a_internal"].pk))
    assert own.status_code == 200, "the secretary's own image opens"
    response = client.get(url.format(pk=library["b_internal"].pk))
    assert response.status_code in {302, 403, 404}
    assert "乙支部内部照片" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "own", "other", "title"),
    [
        (
            "/admin/bulk/wagtailimages/image/delete/?id={pk}",
            "a_internal",
            "b_internal",
            "乙支部内部照片",
        ),
        ("/admin/bulk/wagtaildocs/document/delete/?id={pk}", "doc_a", "doc_b", "乙支部会议纪要"),
    ],
)
def test_bulk_delete_confirmation_does_not_name_another_branchs_file(
    client, secretary_a, library, url, own, other, title
):
    client.force_login(secretary_a.user)
    assert library[own].title in client.get(url.format(pk=library[own].pk)).content.decode()
    response = client.get(url.format(pk=library[other].pk))
    assert title not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", DOCUMENT_VIEWS)
def test_another_branchs_document_cannot_be_opened_chosen_or_edited(
    client, secretary_a, library, url
):
    client.force_login(secretary_a.user)
    own = client.get(url.format(pk=library["doc_a"].pk))
    assert own.status_code == 200, "the secretary's own document opens"
    response = client.get(url.format(pk=library["doc_b"].pk))
    assert response.status_code in {302, 403, 404}
    assert "乙支部会议纪要" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/images/multiple/add/", "/admin/documents/multiple/add/"])
def test_upload_form_offers_only_the_secretarys_own_collections(
    client, secretary_a, branch_a, branch_b, url
):
    client.force_login(secretary_a.user)
    response = client.get(url)
    assert response.status_code == 200
    select = re.search(
        r'<select[^>]*name="collection"[^>]*>.*?</select>', response.content.decode(), re.S
    )
    offered = {int(pk) for pk in re.findall(r'<option value="(\d+)"', select.group(0))}
    assert offered == {internal_collection(branch_a).pk, public_collection(branch_a).pk}


@pytest.mark.django_db
def test_a_secretary_cannot_upload_into_another_branchs_collection(client, secretary_a, branch_b):
    client.force_login(secretary_a.user)
    response = client.post(
        "/admin/documents/multiple/add/",
        {
            "files[]": SimpleUploadedFile("越权.txt", b"x", content_type="text/plain"),
            "collection": internal_collection(branch_b).pk,
        },
    )
    assert not Document.objects.filter(collection=internal_collection(branch_b)).exists()
    assert response.status_code in {200, 400, 403}


@pytest.mark.django_db
def test_old_uploads_in_the_root_move_into_the_uploaders_branch(secretary_a, branch_a, home):
    root = Collection.get_first_root_node()
    unused = make_image("旧照片", root, user=secretary_a.user)
    used = make_document("旧公开文件", root, user=secretary_a.user)
    from wagtail.models import ReferenceIndex

    home.intro = ""  # any page referencing the document keeps it public
    ReferenceIndex.objects.create(
        content_type_id=ReferenceIndex._get_base_content_type(home).pk,
        base_content_type_id=ReferenceIndex._get_base_content_type(home).pk,
        object_id=str(home.pk),
        to_content_type_id=ReferenceIndex._get_base_content_type(used).pk,
        to_object_id=str(used.pk),
        model_path="body",
        content_path="body",
        content_path_hash=ReferenceIndex._get_content_path_hash("body"),
    )
    superusers = make_image("管理员照片", root, user=UserFactory(is_superuser=True))

    assert file_root_uploads() == 2
    unused.refresh_from_db()
    used.refresh_from_db()
    superusers.refresh_from_db()
    assert unused.collection == internal_collection(branch_a)
    assert used.collection == public_collection(branch_a)
    assert superusers.collection == root


@pytest.mark.django_db
def test_internal_document_is_not_downloadable_anonymously_or_by_another_branch(
    client, secretary_a, secretary_b, member_a, library
):
    doc = library["doc_a"]
    url = doc.url
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]

    client.force_login(secretary_b.user)
    assert client.get(url).status_code == 403

    client.force_login(member_a.user)  # a member without a role has no admin scope
    assert client.get(url).status_code == 403

    client.force_login(secretary_a.user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).decode() == "会议记录"


@pytest.mark.django_db
def test_document_in_public_collection_is_public_by_choice(client, library):
    response = client.get(library["doc_a_public"].url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(("attachment", "inline"))
