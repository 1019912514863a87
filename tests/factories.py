"""factory_boy factories shared by every app's tests; each builds only what a test needs."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from wagtail.models import Page

from portal.models import HomePage, Member, Organisation, StudyArticlePage, StudyIndexPage


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.cn")
    password = factory.django.Password("pass-12345")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"第{n}党支部")
    kind = Organisation.Kind.BRANCH
    code = factory.Sequence(lambda n: f"ORG{n}")
    parent = None


class CommitteeFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"第{n}党委")
    kind = Organisation.Kind.COMMITTEE


class WindowFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"第{n}服务窗口")
    kind = Organisation.Kind.WINDOW


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"党员{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    status = Member.Status.FULL
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    user = factory.SubFactory(UserFactory)
    role = Member.Role.MEMBER

    @factory.post_generation
    def sync_role(obj, create, extracted, **kwargs):
        if create and obj.role != Member.Role.MEMBER:
            from portal.services.roles import assign_role

            assign_role(member=obj, role=obj.role)


class SecretaryFactory(MemberFactory):
    role = Member.Role.SECRETARY


class CommitteeAdminFactory(MemberFactory):
    role = Member.Role.COMMITTEE
    organisation = factory.SubFactory(CommitteeFactory)


def wagtail_tree() -> Page:
    """Wagtail's root page, locale and root collection.

    Migrations create them, but a browser test's `transactional_db` flushes
    every table afterwards, so tests that run later rebuild them here.
    """
    from django.conf import settings
    from wagtail.models import Collection, Locale

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def home_page() -> HomePage:
    """The site's home page, created in place of Wagtail's default welcome page."""
    from wagtail.models import Site

    existing = HomePage.objects.first()
    if existing:
        return existing
    root = wagtail_tree()
    home = root.add_child(instance=HomePage(title="党建与志愿服务门户", slug="home-portal"))
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page = home
        site.save()
    else:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home


def study_index() -> StudyIndexPage:
    existing = StudyIndexPage.objects.first()
    if existing:
        return existing
    return home_page().add_child(instance=StudyIndexPage(title="党员学习教育专栏", slug="study"))


def make_article(**kwargs) -> StudyArticlePage:
    index = kwargs.pop("parent", None) or study_index()
    defaults = {
        "title": "学习贯彻党的二十大精神",
        "topic": "policy",
        "study_hours": Decimal("1.0"),
        "intro": "",
    }
    defaults.update(kwargs)
    article = StudyArticlePage(**defaults)
    index.add_child(instance=article)
    article.save_revision().publish()
    return article
