"""Certificate wording: Chinese placeholders an editor can read, old English ones still printed."""

import pytest
from django.core.exceptions import ValidationError

from honors import services
from honors.models import Certificate, CertificateSettings
from honors.text import fill_wording

pytestmark = pytest.mark.django_db

VALUES = {"holder": "张三", "title": "服务之星", "period": "2025年度", "issuer": "县直机关工委"}


def test_chinese_placeholders_are_filled():
    wording = "{获得者} 同志：在{期次}被授予“{称号}”称号。{颁发单位}"
    assert (
        fill_wording(wording, VALUES) == "张三 同志：在2025年度被授予“服务之星”称号。县直机关工委"
    )


def test_wording_saved_with_english_placeholders_still_prints():
    assert fill_wording("{holder}：{title}", VALUES) == "张三：服务之星"


@pytest.mark.parametrize(
    ("wording", "message"),
    [("{姓名} 同志", "不认识的占位符 {姓名}"), ("{获得者 同志", "花括号只用于占位符")],
)
def test_a_wording_with_an_unknown_placeholder_is_refused_in_chinese(wording, message):
    field = CertificateSettings._meta.get_field("person_wording")
    with pytest.raises(ValidationError, match=message):
        field.run_validators(wording)


def test_the_help_text_says_what_each_placeholder_becomes():
    help_text = str(CertificateSettings._meta.get_field("person_wording").help_text)
    assert "{获得者} 获得者姓名" in help_text
    assert "{称号} 称号名称" in help_text
    assert "{holder}" not in help_text


def test_a_certificate_from_the_default_wording_names_the_holder(
    member_a, person_title, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        award = services.grant_award(title=person_title, holder=member_a, period="2025年度")
    body = Certificate.objects.get(award=award).body_text
    assert body.startswith(f"{member_a.name} 同志：")
    assert "{" not in body
