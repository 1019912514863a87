"""Forms for members' pages: field types and sizes; the rules themselves are in services."""

import random

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pledges.models import DemocraticGrade
from portal.images import clean_uploaded_image
from portal.widgets import DateInput

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
    # Most 践诺记录 are written the day of the deed: the date starts at today.
    happened_on = forms.DateField(
        label=_("日期"), widget=DateInput(), required=False, initial=timezone.localdate
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


SCORE_FIELDS = ("skill", "conduct", "performance")


class ReviewRow:
    """One colleague's line of the review sheet: the three scores, a comment, a grade."""

    def __init__(self, *, colleague, scores, comment, grade):
        self.colleague = colleague
        self.scores = scores
        self.comment = comment
        self.grade = grade
        self.errors: list[str] = []

    @property
    def prefix(self) -> str:
        return f"peer-{self.colleague.pk}"

    @property
    def is_blank(self) -> bool:
        return not any(self.scores.values()) and not self.comment and not self.grade


class ReviewSheet:
    """个人自评 and every colleague's 互评 on one page, validated together.

    A form per colleague would mean one submit per person; this reads fields
    named ``peer-<pk>-skill`` and so on for every colleague of the round.
    """

    def __init__(self, *, colleagues, is_annual, data=None, self_text="", given=None, votes=None):
        given, votes = given or {}, votes or {}
        self.is_annual = is_annual
        self.bound = data is not None
        self.self_text = (data.get("self-text", "") if self.bound else self_text).strip()
        self.self_error = ""
        self.rows: list[ReviewRow] = []
        for colleague in colleagues:
            if self.bound:
                key = f"peer-{colleague.pk}-"
                scores = {f: _score(data.get(key + f)) for f in SCORE_FIELDS}
                raw = {f: data.get(key + f, "") for f in SCORE_FIELDS}
                row = ReviewRow(
                    colleague=colleague,
                    scores=scores,
                    comment=data.get(key + "comment", "").strip(),
                    grade=data.get(key + "grade", ""),
                )
                row.raw = raw
            else:
                rating = given.get(colleague.pk)
                row = ReviewRow(
                    colleague=colleague,
                    scores={f: getattr(rating, f, None) for f in SCORE_FIELDS},
                    comment=getattr(rating, "comment", ""),
                    grade=votes.get(colleague.pk, ""),
                )
            row.done = colleague.pk in given
            self.rows.append(row)

    def is_valid(self) -> bool:
        if len(self.self_text) > 1000:
            self.self_error = _("个人自评不能超过 1000 字，现在是 %(n)s 字。") % {
                "n": len(self.self_text)
            }
        for row in self.rows:
            if row.is_blank:
                continue
            if any(getattr(row, "raw", {}).get(f) and row.scores[f] is None for f in SCORE_FIELDS):
                row.errors.append(_("分数只能是 1 至 5 分。"))
            elif not all(row.scores.values()):
                row.errors.append(_("请为比技能、比作风、比业绩各选一个分数。"))
            if len(row.comment) > 200:
                row.errors.append(_("评语不能超过 200 字。"))
            if self.is_annual and row.grade not in DemocraticGrade.Grade.values:
                row.errors.append(_("请选择民主测评等次。"))
        if not self.self_text and not self.filled_rows and not self.error_count:
            self.self_error = _("请填写个人自评，或至少评议一名党员。")
        return not self.error_count

    @property
    def filled_rows(self) -> list[ReviewRow]:
        return [r for r in self.rows if not r.is_blank and not r.errors]

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r.errors) + (1 if self.self_error else 0)


def _score(value) -> int | None:
    try:
        score = int(value)
    except (TypeError, ValueError):
        return None
    return score if 1 <= score <= 5 else None


def addition_challenge() -> tuple[str, str]:
    """The 验证码's question, for CAPTCHA_CHALLENGE_FUNCT: a sum of two numbers up to 10.

    django-simple-captcha's own math challenge mixes in products and differences
    drawn with the same sign; a plain sum is the easiest for every visitor.
    """
    first, second = random.randint(1, 10), random.randint(1, 10)
    return f"{first}+{second}=", str(first + second)


class RatingProofForm(forms.Form):
    """The 验证码 a visitor fills in once several ratings came from their address today."""

    captcha = CaptchaField(
        label=_("验证码：请填写图中算式的结果"),
        widget=CaptchaTextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "4", "size": "6"}
        ),
        error_messages={
            "invalid": _("验证码不正确，请重新计算图中的算式。"),
            "required": _("请填写验证码。"),
        },
    )
