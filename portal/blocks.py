"""StreamField blocks for study articles; every block renders with its own template."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from portal import frontpage


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("图片"))
    caption = blocks.CharBlock(label=_("图片说明"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("图片")
        template = "portal/blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("引文"))
    source = blocks.CharBlock(label=_("出处"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("引文")
        template = "portal/blocks/quote_block.html"
        preview_value = {"text": "不忘初心、牢记使命。", "source": "党的十九大报告"}


class DocumentValue(blocks.StructValue):
    @property
    def display_title(self) -> str:
        """The editor's name for the link, else the document's own title."""
        return self.get("title") or self["document"].title


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("附件"))
    title = blocks.CharBlock(label=_("显示名称"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("附件")
        template = "portal/blocks/document_block.html"
        value_class = DocumentValue


class VideoBlock(blocks.StructBlock):
    """A video from a site Wagtail can embed; the template falls back to a plain link."""

    video = EmbedBlock(label=_("视频链接"), help_text=_("粘贴视频网站的页面地址。"))
    caption = blocks.CharBlock(label=_("视频说明"), required=False, max_length=200)

    class Meta:
        icon = "media"
        label = _("视频")
        template = "portal/blocks/video_block.html"


class StudyBodyBlock(blocks.StreamBlock):
    """The one body block shared by every study article."""

    paragraph = blocks.RichTextBlock(
        label=_("正文"),
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "hr"],
        template="portal/blocks/paragraph_block.html",
        icon="pilcrow",
        preview_value="<p>学习贯彻党的二十大精神，推动基层党建工作高质量发展。</p>",
    )
    image = ImageBlock()
    quote = QuoteBlock()
    document = DocumentBlock()
    video = VideoBlock()

    class Meta:
        label = _("正文内容")


# --- front page ---------------------------------------------------------------------


class NoticesBlock(blocks.StructBlock):
    """通知公告: the newest live notices, pinned ones first."""

    heading = blocks.CharBlock(label=_("标题"), default=_("通知公告"), max_length=40)
    count = blocks.IntegerBlock(label=_("显示条数"), default=5, min_value=1, max_value=20)

    class Meta:
        icon = "info-circle"
        label = _("通知公告")
        template = "portal/blocks/notices_block.html"
        preview_value = {"heading": "通知公告", "count": 5}

    def get_context(self, value, parent_context=None):
        from portal.models import Notice

        context = super().get_context(value, parent_context=parent_context)
        context["notices"] = list(Notice.objects.live()[: value["count"]])
        return context


class FrontPanelBlock(blocks.StructBlock):
    """A list an app provides (portal.frontpage): activities, windows, honours, articles."""

    panel = blocks.ChoiceBlock(label=_("内容"), choices=frontpage.panel_choices)
    heading = blocks.CharBlock(
        label=_("标题"), required=False, max_length=40, help_text=_("不填则用该内容的默认标题。")
    )
    count = blocks.IntegerBlock(label=_("显示条数"), default=4, min_value=1, max_value=12)

    class Meta:
        icon = "list-ul"
        label = _("栏目内容")
        template = "portal/blocks/front_panel_block.html"
        preview_value = {"panel": "study_articles", "heading": "", "count": 4}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        panel = frontpage.get_panel(value["panel"])
        context["panel"] = panel
        if panel is not None:
            request = (parent_context or {}).get("request")
            context["heading"] = value["heading"] or panel.default_heading or panel.label
            context.update(panel.context(request=request, limit=value["count"]))
        return context


class CertificateLookupBlock(blocks.StructBlock):
    """A box where anyone types a certificate number and lands on its verification page."""

    heading = blocks.CharBlock(label=_("标题"), default=_("荣誉证书查询"), max_length=40)
    text = blocks.CharBlock(
        label=_("说明"),
        required=False,
        max_length=120,
        default=_("输入证书编号，查看证书是否真实有效。"),
    )

    class Meta:
        icon = "doc-full"
        label = _("证书查询")
        template = "portal/blocks/certificate_lookup_block.html"
        preview_value = {"heading": "荣誉证书查询", "text": "输入证书编号，查看证书是否真实有效。"}


class FrontPageBlock(blocks.StreamBlock):
    notices = NoticesBlock()
    panel = FrontPanelBlock()
    certificate_lookup = CertificateLookupBlock()

    class Meta:
        block_counts = {"certificate_lookup": {"max_num": 1}}
