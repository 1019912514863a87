"""Writes the demo data: get-or-create by natural key, so a re-run only fills gaps.

Natural keys: an organisation's `code`, an account's `username`, a page's
`slug` under its parent. Anything already there is left exactly as it is,
including demo objects a user has since edited.
"""

from dataclasses import dataclass, field
from datetime import datetime, time
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.module_loading import module_has_submodule
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from portal.models import (
    HomePage,
    Member,
    Organisation,
    StudyArticlePage,
    StudyIndexPage,
    StudyRecord,
)
from portal.services.roles import assign_role, ensure_role_groups

from . import articles as article_data
from .frontpage import seed_front_page
from .organisations import ORGANISATIONS
from .people import DEMO_USERNAMES, PEOPLE

WAGTAIL_WELCOME_TITLE = "Welcome to your new Wagtail site!"


@dataclass
class DemoAccount:
    username: str
    name: str
    role: str
    organisation: str
    password_is_demo: bool


@dataclass
class SeedResult:
    organisations: int = 0
    members: int = 0
    pages: int = 0
    study_records: int = 0
    accounts: list[DemoAccount] = field(default_factory=list)

    @property
    def created_anything(self) -> bool:
        return any((self.organisations, self.members, self.pages, self.study_records))


def seed_portal(*, password: str, reset_passwords: bool = False) -> SeedResult:
    """Creates whatever portal demo data is missing and reports what it did."""
    result = SeedResult()
    organisations = _seed_organisations(result)
    members = _seed_members(result, organisations=organisations, password=password)
    study_index = _seed_pages(result)
    seed_front_page(home=HomePage.objects.first(), committee=organisations[ORGANISATIONS[0][0]])
    _seed_study_records(result, member=members.get("member"), study_index=study_index)
    result.accounts = _demo_accounts(members, password=password, reset=reset_passwords)
    return result


def _seed_organisations(result: SeedResult) -> dict[str, Organisation]:
    codes = [row[0] for row in ORGANISATIONS]
    by_code = {org.code: org for org in Organisation.objects.filter(code__in=codes)}
    for code, name, short_name, kind, parent_code, description in ORGANISATIONS:
        if code in by_code:
            continue
        organisation = Organisation(
            code=code,
            name=name,
            short_name=short_name,
            kind=kind,
            parent=by_code.get(parent_code) if parent_code else None,
            description=description,
        )
        organisation.save()
        by_code[code] = organisation
        result.organisations += 1
    return by_code


def _seed_members(
    result: SeedResult, *, organisations: dict[str, Organisation], password: str
) -> dict[str, Member]:
    """Creates each person's account and profile; returns the profiles by username."""
    User = get_user_model()
    usernames = [person.username for person in PEOPLE]
    users = {
        user.username: user
        for user in User.objects.filter(username__in=usernames).select_related(
            "member__organisation"
        )
    }
    taken_phones = set(
        Member.objects.filter(organisation__in=organisations.values())
        .exclude(phone="")
        .values_list("organisation_id", "phone")
    )
    # Hashing is the slow part of creating accounts, so the demo password is
    # hashed at most once; the other members get no usable password at all and
    # would set one from a reset link, as real members do.
    demo_hash = None

    members: dict[str, Member] = {}
    for number, person in enumerate(PEOPLE, start=1):
        user = users.get(person.username)
        member = getattr(user, "member", None) if user is not None else None
        if user is None:
            user = User(username=person.username, email=f"{person.username}@example.cn")
            user.first_name = person.name
            if person.username in DEMO_USERNAMES:
                demo_hash = demo_hash or make_password(password)
                user.password = demo_hash
            else:
                user.set_unusable_password()
            user.save()
        if member is None:
            organisation = organisations[person.organisation]
            phone = f"138{number:08d}"
            if (organisation.pk, phone) in taken_phones:
                phone = ""
            member = Member.objects.create(
                user=user,
                name=person.name,
                gender=person.gender,
                organisation=organisation,
                status=person.status,
                joined_on=person.joined_on,
                post=person.post,
                duties=person.duties,
                phone=phone,
            )
            if person.role != Member.Role.MEMBER:
                assign_role(member=member, role=person.role)
            result.members += 1
        members[person.username] = member
    return members


def _untouched_welcome_page(root: Page) -> Page | None:
    """Wagtail's own placeholder home page, if nobody has edited or built under it."""
    page_type = ContentType.objects.get_for_model(Page)
    return (
        root.get_children()
        .filter(
            content_type=page_type,
            title=WAGTAIL_WELCOME_TITLE,
            numchild=0,
            latest_revision__isnull=True,
        )
        .first()
    )


def _publish(page: Page, *, on: datetime | None = None) -> None:
    if on is not None:
        page.first_published_at = on
    page.save_revision().publish()


def _seed_home(result: SeedResult) -> HomePage:
    home = HomePage.objects.first()
    root = Page.get_first_root_node()
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    welcome = _untouched_welcome_page(root)
    if home is None:
        if welcome is not None:
            # The site row cascades with its root page, so it is parked on the
            # tree root while the placeholder goes.
            if site is not None and site.root_page_id == welcome.pk:
                site.root_page = root
                site.save()
            welcome.delete()
            welcome = None
            root.refresh_from_db()
        slug = "home" if not root.get_children().filter(slug="home").exists() else "portal-home"
        home = HomePage(
            title=article_data.HOME_TITLE,
            slug=slug,
            intro=article_data.HOME_INTRO,
        )
        root.add_child(instance=home)
        _publish(home)
        result.pages += 1

    # The default site moves to the portal's home page only away from Wagtail's
    # placeholder (or a bare root); a root someone chose on purpose stays.
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    elif site.root_page_id != home.pk and (
        site.root_page.depth == 1 or (welcome is not None and site.root_page_id == welcome.pk)
    ):
        site.root_page = home
        site.save()
    if not site.site_name:
        # The admin dashboard greets editors with the site's name, not "localhost".
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save(update_fields=["site_name"])
    if welcome is not None and not Site.objects.filter(root_page=welcome).exists():
        welcome.delete()
    return home


def _seed_pages(result: SeedResult) -> StudyIndexPage:
    home = _seed_home(result)
    study_index = StudyIndexPage.objects.first()
    if study_index is None:
        study_index = StudyIndexPage(
            title=article_data.STUDY_TITLE,
            slug=article_data.STUDY_SLUG,
            intro=article_data.STUDY_INTRO,
            search_description=article_data.STUDY_SUMMARY,
        )
        home.add_child(instance=study_index)
        _publish(study_index)
        result.pages += 1
    # Grants the role groups their page permissions on the study column.
    ensure_role_groups()

    existing = set(Page.objects.child_of(study_index).values_list("slug", flat=True))
    for data in article_data.ARTICLES:
        if data.slug in existing:
            continue
        article = StudyArticlePage(
            title=data.title,
            slug=data.slug,
            topic=data.topic,
            date=data.date,
            source=data.source,
            intro=data.intro,
            study_hours=data.study_hours,
            body=[
                (kind, RichText(value) if kind == "paragraph" else value)
                for kind, value in data.body
            ],
        )
        study_index.add_child(instance=article)
        on = timezone.make_aware(datetime.combine(data.date, time(9, 0)))
        _publish(article, on=on)
        result.pages += 1
    return study_index


def _seed_study_records(
    result: SeedResult, *, member: Member | None, study_index: StudyIndexPage
) -> None:
    """A few articles and a 党课 already studied, so the demo member's 我的学习记录 is not empty."""
    if member is None:
        return
    slugs = [slug for slug, _studied_on in article_data.DEMO_MEMBER_STUDIED]
    live = {
        page.slug: page
        for page in StudyArticlePage.objects.child_of(study_index).live().filter(slug__in=slugs)
    }
    for slug, studied_on in article_data.DEMO_MEMBER_STUDIED:
        article = live.get(slug)
        if article is None:
            continue
        _record, created = StudyRecord.objects.get_or_create(
            member=member,
            article=article,
            defaults={
                "source": StudyRecord.Source.ARTICLE,
                "title": article.title,
                "hours": article.study_hours,
                "studied_on": studied_on,
            },
        )
        result.study_records += created
    for source_key, title, hours, studied_on in article_data.DEMO_MEMBER_LECTURES:
        _record, created = StudyRecord.objects.get_or_create(
            member=member,
            source=StudyRecord.Source.LECTURE,
            source_key=source_key,
            defaults={"title": title, "hours": hours, "studied_on": studied_on},
        )
        result.study_records += created


def _demo_accounts(members: dict[str, Member], *, password: str, reset: bool) -> list[DemoAccount]:
    """The three demo logins, and whether the printed password still opens them.

    A changed password is kept (it is the user's data) unless `reset` asks
    otherwise; checking costs one hash per distinct stored hash.
    """
    checked: dict[str, bool] = {}
    new_hash = None
    accounts = []
    for username in DEMO_USERNAMES:
        member = members.get(username)
        if member is None or member.user is None:
            continue
        user = member.user
        if user.password not in checked:
            checked[user.password] = check_password(password, user.password)
        if reset and not checked[user.password]:
            new_hash = new_hash or make_password(password)
            user.password = new_hash
            user.save(update_fields=["password"])
            checked[new_hash] = True
        accounts.append(
            DemoAccount(
                username=username,
                name=member.name,
                role=member.get_role_display(),
                organisation=member.organisation.name,
                password_is_demo=checked[user.password],
            )
        )
    return accounts


def app_demo_seeders() -> list[tuple[int, str, object]]:
    """Every installed app's `<app>.demo.seed`, sorted by the module's `ORDER` (default 100).

    `module_has_submodule` tells "this app has no demo module" apart from an
    ImportError raised inside a demo module, which must surface, not be skipped.
    """
    seeders = []
    for position, app_config in enumerate(apps.get_app_configs()):
        if app_config.name == "portal":
            continue  # portal's own data is seeded first, by `seed_portal`
        if not module_has_submodule(app_config.module, "demo"):
            continue
        module = import_module(f"{app_config.name}.demo")
        seed = getattr(module, "seed", None)
        if callable(seed):
            seeders.append((getattr(module, "ORDER", 100), position, app_config.label, seed))
    seeders.sort(key=lambda entry: (entry[0], entry[1]))
    return [(order, label, seed) for order, _position, label, seed in seeders]
