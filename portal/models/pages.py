"""Wagtail page types of the portal's own sections: home and the study column."""

from decimal import Decimal

from django.conf import settings
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import FrontPageBlock, StudyBodyBlock
from portal.caching import PublicCacheMixin


class HomePage(PublicCacheMixin, Page):
    """The portal's front page: search, then the blocks editors arrange (notices, the apps' lists,
    certificate lookup); the footer's details are PortalSettings."""

    intro = RichTextField(_("首页导语"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(
        FrontPageBlock(),
        verbose_name=_("首页内容"),
        blank=True,
        help_text=_(
            "通知公告、志愿活动、红旗窗口、最新荣誉、证书查询、学习文章等，可增删和调整顺序。"
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    max_count = 1

    class Meta:
        verbose_name = _("首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.body:
            return context  # the blocks fetch their own lists
        live_children = {page.slug: page for page in self.get_children().live().specific()}
        context["sections"] = [
            {"slug": slug, "title": title, "page": live_children.get(slug)}
            for slug, title in settings.PORTAL_SECTION_TITLES.items()
        ]
        context["latest_articles"] = (
            StudyArticlePage.objects.live()
            .public()
            .select_related("cover_image")
            .order_by("-date", "-pk")[:6]
        )
        return context


class StudyTopic(models.TextChoices):
    POLICY = "policy", _("党的政策")
    BASICS = "basics", _("党的基本知识")
    PARTY_BUILDING = "party-building", _("党建工作")
    REFLECTIONS = "reflections", _("心得体会")
    PROFILES = "profiles", _("党员风采")


class StudyIndexPage(PublicCacheMixin, Page):
    """党员学习教育专栏: lists articles, filtered by topic, newest first."""

    intro = RichTextField(_("栏目介绍"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["portal.StudyArticlePage"]
    parent_page_types = ["portal.HomePage"]
    max_count = 1
    page_size = 12

    class Meta:
        verbose_name = _("学习专栏")

    def articles(self):
        from portal.selectors.study import published_articles

        return published_articles(index=self)

    def get_context(self, request, *args, **kwargs):
        from portal.scoping import member_of
        from portal.selectors.study import published_articles, studied_article_ids
        from portal.services.study import year_progress

        context = super().get_context(request, *args, **kwargs)
        topic = request.GET.get("topic", "")
        if topic not in StudyTopic.values:
            topic = ""
        articles = published_articles(index=self, topic=topic)
        page = Paginator(articles, self.page_size).get_page(request.GET.get("page"))
        member = member_of(request.user)
        context.update(
            {
                "topics": StudyTopic.choices,
                "current_topic": topic,
                "articles_page": page,
                "member": member,
                "studied_ids": studied_article_ids(
                    member=member, article_ids=[a.pk for a in page.object_list]
                ),
                "progress": year_progress(member=member) if member else None,
            }
        )
        return context


class StudyArticlePage(PublicCacheMixin, Page):
    """One study article; it credits `study_hours` 学时 to a member who marks it 已学习."""

    topic = models.CharField(_("栏目"), max_length=20, choices=StudyTopic.choices)
    date = models.DateField(_("发布日期"), default=timezone.localdate)
    source = models.CharField(_("来源"), max_length=100, blank=True)
    intro = models.TextField(_("摘要"), max_length=300, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面图片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    study_hours = models.DecimalField(
        _("学时"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("20"))],
        help_text=_("党员标记“已学习”后计入的学时，0 到 20，可为半学时。"),
    )
    body = StreamField(StudyBodyBlock(), verbose_name=_("正文"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("topic"), FieldPanel("date"), FieldPanel("source")],
            heading=_("栏目与来源"),
        ),
        FieldPanel("study_hours"),
        FieldPanel("intro"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("topic"),
        index.FilterField("date"),
    ]
    parent_page_types = ["portal.StudyIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("学习文章")
        verbose_name_plural = _("学习文章")

    def get_context(self, request, *args, **kwargs):
        from portal.scoping import member_of
        from portal.selectors.study import article_record

        context = super().get_context(request, *args, **kwargs)
        member = member_of(request.user)
        context["member"] = member
        context["study_record"] = article_record(member=member, article=self)
        return context
