"""Forms for members' pages: field types and sizes; the rules themselves are in services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.images import clean_uploaded_image

PHOTO_MAX_BYTES = 5 * 1024 * 1024


class PledgeForm(forms.Form):
    title = forms.CharField(
        label=_("承诺主题（选填）"),
        max_length=60,
        required=False,
        error_messages={"max_length": _("承诺主题不能超过 60 字。")},
    )
    year = forms.IntegerField(label=_("承诺年度"), min_value=2000, max_value=2100)
    items = forms.CharField(
        label=_("承诺事项（每行一条）"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=6000,
        error_messages={"required": _("请填写承诺事项，每行一条。")},
        help_text=_("党员承诺 2 至 5 条，组织承诺至少 10 条，每条不超过 200 字。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    @property
    def lines(self) -> list[str]:
        return self.cleaned_data["items"].splitlines()


class FulfilmentForm(forms.Form):
    text = forms.CharField(
        label=_("践诺情况"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=1000,
        error_messages={
            "required": _("请填写践诺情况。"),
            "max_length": _("践诺情况不能超过 1000 字。"),
        },
    )
    happened_on = forms.DateField(
        label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    photo = forms.ImageField(
        label=_("照片（选填）"),
        required=False,
        error_messages={"invalid_image": _("请上传 JPG 或 PNG 图片。")},
    )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > PHOTO_MAX_BYTES:
            raise forms.ValidationError(_("照片不能超过 5 MB。"))
        # Stored re-encoded: the photo is public, and a phone's EXIF holds its location.
        return clean_uploaded_image(photo)


class SelfAssessmentForm(forms.Form):
    text = forms.CharField(
        label=_("个人自评"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=1000,
        error_messages={"required": _("请填写个人自评。")},
    )


SCORE_CHOICES = [(i, str(i)) for i in range(5, 0, -1)]


class PeerRatingForm(forms.Form):
    ratee = forms.IntegerField(widget=forms.HiddenInput)
    skill = forms.TypedChoiceField(label=_("比技能"), choices=SCORE_CHOICES, coerce=int)
    conduct = forms.TypedChoiceField(label=_("比作风"), choices=SCORE_CHOICES, coerce=int)
    performance = forms.TypedChoiceField(label=_("比业绩"), choices=SCORE_CHOICES, coerce=int)
    comment = forms.CharField(label=_("评语（选填）"), max_length=200, required=False)
