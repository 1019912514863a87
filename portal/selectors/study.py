"""Study column reads: a member's own record, and the secretary's members × articles matrix.

Each read issues a fixed number of queries whatever the number of members,
articles or records: a page of the matrix of a committee with 55 branches costs
what a branch of ten costs (a full export reads records per 500 members).
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal.models import (
    Member,
    Organisation,
    StudyArticlePage,
    StudyIndexPage,
    StudyRecord,
    StudyRequirementSettings,
)

ZERO_HOURS = Decimal("0")


# --- a member's own study --------------------------------------------------------------


def published_articles(*, index: StudyIndexPage | None = None, topic: str = "") -> QuerySet:
    """Live, public articles, newest first; one query with their cover images."""
    articles = StudyArticlePage.objects.live().public().select_related("cover_image")
    if index is not None:
        articles = articles.descendant_of(index)
    if topic:
        articles = articles.filter(topic=topic)
    return articles.order_by("-date", "-pk")


def studied_article_ids(*, member: Member | None, article_ids: Iterable[int]) -> set[int]:
    """Which of these articles the member has marked 已学习 (one query, none if anonymous)."""
    article_ids = list(article_ids)
    if member is None or not article_ids:
        return set()
    return set(
        StudyRecord.objects.filter(member=member, article_id__in=article_ids)
        .order_by()
        .values_list("article_id", flat=True)
    )


def article_record(*, member: Member | None, article: StudyArticlePage) -> StudyRecord | None:
    if member is None:
        return None
    return StudyRecord.objects.filter(member=member, article=article).first()


def member_records(*, member: Member, year: int) -> QuerySet:
    """The member's study in one year, articles and 党课 alike, newest first."""
    return StudyRecord.objects.filter(member=member).in_year(year).select_related("article")


def member_study_years(*, member: Member) -> list[int]:
    """Years the member has any record in, plus the current one, newest first."""
    years = {d.year for d in StudyRecord.objects.filter(member=member).dates("studied_on", "year")}
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def year_from(value: str | None) -> int:
    """The ?year= asked for, or this year when it is missing, garbled or implausible."""
    this_year = timezone.localdate().year
    try:
        year = int(value or this_year)
    except (TypeError, ValueError):
        return this_year
    return year if 2000 <= year <= this_year + 1 else this_year


def study_index_page() -> StudyIndexPage | None:
    return StudyIndexPage.objects.live().first()


# --- the secretary's matrix -------------------------------------------------------------


@dataclass(frozen=True)
class MatrixArticle:
    pk: int
    title: str
    date: object
    study_hours: Decimal
    studied_count: int


@dataclass(frozen=True)
class MatrixRow:
    member: Member
    hours: Decimal
    required: Decimal
    studied: tuple[bool, ...]

    @property
    def met(self) -> bool:
        return self.hours >= self.required


# Members are listed by organisation, then name: never by hours, so the matrix
# shows who still has to study without ranking anyone.
MEMBER_ORDER = ("organisation__path", "name", "pk")


def matrix_members(*, organisation: Organisation | None, year: int) -> QuerySet:
    """Party members of the organisation's subtree (everyone if None), with the year's 学时."""
    year_hours = (
        StudyRecord.objects.filter(member=OuterRef("pk"))
        .in_year(year)
        .order_by()
        .values("member")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    members = Member.objects.party_members().select_related("organisation")
    if organisation is not None:
        members = members.in_subtree(organisation)
    return members.annotate(
        year_hours=Coalesce(
            Subquery(year_hours),
            Value(ZERO_HOURS),
            output_field=DecimalField(max_digits=7, decimal_places=1),
        )
    ).order_by(*MEMBER_ORDER)


def below_requirement(
    members: QuerySet, requirement: StudyRequirementSettings | None = None
) -> QuerySet:
    """`matrix_members` narrowed to those short of their yearly 学时 (书记 and 党委委员 carry
    the heavier requirement, `StudyRequirementSettings.required_for`): the matrix's
    「未达到学时要求」 filter and the workbench's count are this same queryset."""
    requirement = requirement or StudyRequirementSettings.load()
    staff = Q(role__in=Member.STAFF_ROLES)
    return members.filter(
        (staff & Q(year_hours__lt=requirement.leader_hours))
        | (~staff & Q(year_hours__lt=requirement.member_hours))
    )


def matrix_articles(*, year: int) -> QuerySet:
    """The year's published articles, in the order they appeared."""
    return (
        StudyArticlePage.objects.live()
        .filter(date__year=year)
        .order_by("date", "pk")
        .only("pk", "title", "date", "study_hours")
    )


def matrix_columns(*, members: QuerySet, articles: Sequence[StudyArticlePage]) -> list:
    """Articles with how many of `members` studied each: one grouped query."""
    counts = dict(
        StudyRecord.objects.filter(
            member__in=members.order_by().values("pk"),
            article_id__in=[article.pk for article in articles],
        )
        .order_by()
        .values("article_id")
        .annotate(n=Count("member_id", distinct=True))
        .values_list("article_id", "n")
    )
    return [
        MatrixArticle(
            pk=article.pk,
            title=article.title,
            date=article.date,
            study_hours=article.study_hours,
            studied_count=counts.get(article.pk, 0),
        )
        for article in articles
    ]


def matrix_rows(
    *, members: Iterable[Member], articles: Sequence, chunk_size: int = 500
) -> Iterator[MatrixRow]:
    """One row per member, in `members`' order, with ✓ per article.

    `members` come from `matrix_members` (ordered, annotated with the year's
    学时): a page's worth as a list, or `.iterator()` for a full export. The
    records are read per chunk of members, so a page costs one query and an
    export of thousands of members holds one chunk in memory at a time.
    """
    requirement = StudyRequirementSettings.load()
    article_ids = [article.pk for article in articles]
    position = {pk: i for i, pk in enumerate(article_ids)}
    member_iter = iter(members)
    while chunk := list(islice(member_iter, chunk_size)):
        studied: dict[int, list[bool]] = {m.pk: [False] * len(article_ids) for m in chunk}
        if article_ids:
            pairs = (
                StudyRecord.objects.filter(member_id__in=list(studied), article_id__in=article_ids)
                .order_by()
                .values_list("member_id", "article_id")
            )
            for member_id, article_id in pairs:
                studied[member_id][position[article_id]] = True
        for member in chunk:
            yield MatrixRow(
                member=member,
                hours=member.year_hours,
                required=requirement.required_for(member),
                studied=tuple(studied[member.pk]),
            )


def matrix_years() -> list[int]:
    """Years with published articles, plus the current one, newest first."""
    years = {d.year for d in StudyArticlePage.objects.live().dates("date", "year")}
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def front_page_articles(*, limit: int) -> dict:
    """The front page's 学习专栏 panel: the newest public articles."""
    from portal.models import StudyArticlePage, StudyIndexPage

    articles = StudyArticlePage.objects.live().public().order_by("-date", "-pk")[:limit]
    return {"articles": list(articles), "section": StudyIndexPage.objects.live().first()}
