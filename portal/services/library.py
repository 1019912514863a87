"""Keeps the image and document library's collections in step with the organisation tree.

Each organisation owns a collection named after it, placed under its parent
organisation's collection, and a 公开资料 child. Files in the organisation's
own collection are internal: listed, chosen and (for documents) downloaded
only by users whose scope covers the organisation. Files in 公开资料 are
public by the uploader's choice. `portal.permissions` reads these links; the
organisation signals and `manage.py sync_library` call the functions here.
"""

from django.db import transaction
from django.db.models import Count, Q

from portal.models import Member, Organisation, OrganisationCollection

PUBLIC_COLLECTION_NAME = "公开资料"


def _root_collection():
    from wagtail.models import Collection

    root = Collection.get_first_root_node()
    if root is None:
        root = Collection.add_root(name="Root")
    return root


def _place(collection, *, parent, name: str):
    """Renames and moves an existing collection so it sits under `parent` with `name`."""
    from wagtail.models import Collection

    if collection.name != name:
        collection.name = name
        collection.save(update_fields=["name"])
    current_parent = collection.get_parent()
    if current_parent is None or current_parent.pk != parent.pk:
        collection.move(parent, pos="sorted-child")
        collection = Collection.objects.get(pk=collection.pk)
    return collection


def _link(organisation: Organisation, *, public: bool):
    return (
        OrganisationCollection.objects.select_related("collection")
        .filter(organisation=organisation, is_public=public)
        .first()
    )


@transaction.atomic
def sync_organisation_collection(*, organisation: Organisation):
    """The organisation's own (internal) collection, created, renamed or moved as the tree says."""
    if organisation.parent_id:
        parent_collection = sync_organisation_collection(organisation=organisation.parent)
    else:
        parent_collection = _root_collection()
    return _sync_one(organisation, parent_collection)


def _sync_one(organisation: Organisation, parent_collection):
    """Files one organisation's two collections under `parent_collection` (already in step)."""
    link = _link(organisation, public=False)
    if link is None:
        collection = parent_collection.add_child(name=organisation.name)
        OrganisationCollection.objects.create(organisation=organisation, collection=collection)
    else:
        collection = _place(link.collection, parent=parent_collection, name=organisation.name)

    public_link = _link(organisation, public=True)
    public_name = PUBLIC_COLLECTION_NAME
    if public_link is None:
        public = collection.add_child(name=public_name)
        OrganisationCollection.objects.create(
            organisation=organisation, collection=public, is_public=True
        )
        collection.refresh_from_db()
    else:
        _place(public_link.collection, parent=collection, name=public_name)
    return collection


def internal_collection(organisation: Organisation):
    """Where an organisation's internal files go (created if the organisation has none yet)."""
    link = _link(organisation, public=False)
    if link is not None:
        return link.collection
    return sync_organisation_collection(organisation=organisation)


def public_collection(organisation: Organisation):
    """Where an organisation's files meant for the public go."""
    link = _link(organisation, public=True)
    if link is not None:
        return link.collection
    sync_organisation_collection(organisation=organisation)
    return _link(organisation, public=True).collection


def _is_referenced(obj) -> bool:
    from wagtail.models import ReferenceIndex

    return ReferenceIndex.get_references_to(obj).exists()


@transaction.atomic
def file_root_uploads() -> int:
    """Moves files left in the root collection by an organisation's staff into its collections.

    Before each organisation had a collection, everything went to the shared
    root. A file something already uses (a page, an identity plate, the
    honour roll) is public and goes to the uploader's 公开资料, so no public
    page loses its picture; any other one becomes internal. Files uploaded
    by accounts without an organisation (superusers) stay where they are.
    Returns how many files moved.
    """
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    root = _root_collection()
    organisations = dict(
        Member.objects.filter(user__isnull=False).values_list("user_id", "organisation_id")
    )
    moved = 0
    for model in (get_image_model(), get_document_model()):
        for obj in model.objects.filter(
            Q(collection=root) & Q(uploaded_by_user__isnull=False)
        ).iterator():
            organisation_id = organisations.get(obj.uploaded_by_user_id)
            if organisation_id is None:
                continue
            organisation = Organisation.objects.get(pk=organisation_id)
            target = (
                public_collection(organisation)
                if _is_referenced(obj)
                else internal_collection(organisation)
            )
            model.objects.filter(pk=obj.pk).update(collection=target)
            moved += 1
    return moved


def sync_library(*, missing_only: bool = False) -> int:
    """Every organisation's collections in step with the tree; returns the files filed.

    Renames and moves are kept in step as they are saved (the organisation's
    post_save), so after a migrate only organisations without their two
    collections need filing (`missing_only`): rows written around the ORM, or
    from before organisations had collections. Walking all of a city's
    6,000 organisations on every migrate took over twenty minutes. Each
    organisation is synced once, parents first (path order), under the
    collection its parent got in the same walk.
    """

    organisations = Organisation.objects.order_by("path")
    if missing_only:
        organisations = organisations.annotate(links=Count("library_collections")).filter(
            links__lt=2
        )
    synced = {}
    for organisation in organisations.iterator():
        with transaction.atomic():
            if organisation.parent_id is None:
                parent_collection = _root_collection()
            elif organisation.parent_id in synced:
                parent_collection = synced[organisation.parent_id]
            else:
                parent_collection = internal_collection(organisation.parent)
            synced[organisation.pk] = _sync_one(organisation, parent_collection)
    return file_root_uploads()
