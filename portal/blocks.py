"""StreamField blocks for study articles; every block renders with its own template."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


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
