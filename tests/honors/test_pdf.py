"""The certificate PDF as a reader sees it: text, fonts, one page, QR payload."""

import io
import subprocess

import pytest
from pypdf import PdfReader

from honors import services
from honors.services.certificates import certificate_pdf
from honors.text import chinese_month
from tests.documents import pdf_fonts, pdf_pages, pdf_qr_codes, pdf_text
from tests.factories import MemberFactory
from tests.honors.factories import EntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def award_certificate(rare_member, person_title):
    award = services.grant_award(
        title=person_title, holder=rare_member, period="2025年度", certificate=False
    )
    return services.issue_award_certificate(award=award, render=False)


def text_of(pdf: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(pdf))
    return "".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_pdf_carries_holder_title_number_and_chinese_date(award_certificate):
    pdf = certificate_pdf(award_certificate)
    text, pages = text_of(pdf)
    compact = text.replace(" ", "").replace("\n", "")
    assert pages == 1
    assert "王𠈌堃珺" in compact
    assert award_certificate.number in compact
    assert "服务之星" in compact
    assert chinese_month(award_certificate.issued_on) in compact
    assert len(pdf) < 250 * 1024


def test_rare_characters_come_from_an_embedded_cjk_serif(award_certificate, tmp_path):
    path = tmp_path / "c.pdf"
    path.write_bytes(certificate_pdf(award_certificate))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    font_lines = fonts.splitlines()[2:]
    assert font_lines and all("Noto-Serif-CJK" in line for line in font_lines)
    # emb and sub columns: embedded and subsetted.
    assert all(line.split()[-5:-3] == ["yes", "yes"] for line in font_lines)


def test_a_300_character_deed_wraps_on_one_page(branch_a, category):
    deed = ("坚持每周到社区图书室做志愿讲解员，服务居民三百余人次。" * 12)[:300]
    entry = EntryFactory(organisation=branch_a, category=category, deed=deed, person_name="珺堃")
    certificate = services.issue_roll_certificate(entry=entry, render=False)
    text, pages = text_of(certificate_pdf(certificate))
    compact = text.replace(" ", "").replace("\n", "")
    assert pages == 1
    assert deed[:20] in compact and deed[-20:] in compact


def test_printed_qr_scans_to_the_public_verification_url(award_certificate, client):
    urls = pdf_qr_codes(certificate_pdf(award_certificate))
    assert urls == [f"https://portal.example.cn/certificates/{award_certificate.number}/"]
    response = client.get(urls[0].removeprefix("https://portal.example.cn"))
    assert response.status_code == 200
    assert award_certificate.number in response.content.decode()


def test_revoked_certificate_pdf_is_marked(award_certificate):
    services.revoke_award(award=award_certificate.award, reason="复查未通过")
    award_certificate.refresh_from_db()
    text, _pages = text_of(certificate_pdf(award_certificate))
    assert "已撤销" in text


def _words(pdf: bytes) -> list[tuple[float, float, str]]:
    """(yMin, yMax, text) of every word pdftotext finds, in points from the top."""
    import re
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        html = subprocess.run(
            ["pdftotext", "-bbox", handle.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    return [
        (float(y0), float(y1), word)
        for y0, y1, word in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
            html,
        )
    ]


def test_a_500_character_deed_prints_whole_above_the_signature(branch_a, category):
    """The longest deed the form allows (DEED_MAX_LENGTH), with a rare-character name."""
    from honors.models.roll import DEED_MAX_LENGTH

    deed = ("坚持每周到社区图书室做志愿讲解员，服务居民三百余人次，带动家人邻里参与。" * 20)[
        : DEED_MAX_LENGTH - 3
    ] + "END"
    entry = EntryFactory(organisation=branch_a, category=category, deed=deed, person_name="王𪚥")
    certificate = services.issue_roll_certificate(entry=entry, render=False)
    pdf = certificate_pdf(certificate)
    assert pdf_pages(pdf) == 1
    assert deed in pdf_text(pdf)
    words = _words(pdf)
    deed_bottom = max(y1 for _y0, y1, word in words if "END" in word)
    signature_top = min(y0 for y0, _y1, word in words if certificate.issuer_name in word)
    seal_top = signature_top - 20 / 25.4 * 72  # the seal stands 20 mm above the issuer's name
    assert deed_bottom < seal_top


def test_王𪚥_prints_from_a_fallback_font_without_notdef(branch_a, person_title, caplog):
    member = MemberFactory(name="王𪚥", organisation=branch_a)
    award = services.grant_award(
        title=person_title, holder=member, period="2025年度", certificate=False
    )
    certificate = services.issue_award_certificate(award=award, render=False)
    with caplog.at_level("DEBUG", logger="weasyprint"):
        pdf = certificate_pdf(certificate)
    assert "王𪚥" in pdf_text(pdf)
    fonts = pdf_fonts(pdf)
    assert any(name.startswith(("HanaMin", "BabelStoneHan")) for name in fonts), fonts
    assert "notdef" not in caplog.text.lower()


def test_a_name_no_font_draws_is_refused_before_a_number_is_taken(branch_a, person_title):
    from django.core.exceptions import ValidationError

    from honors.models import Award, Certificate

    member = MemberFactory(name="张\U000f0000", organisation=branch_a)
    with pytest.raises(ValidationError) as caught:
        services.grant_award(title=person_title, holder=member, period="2025年度")
    assert "U+F0000" in caught.value.messages[0]
    assert not Award.objects.filter(member=member).exists()
    assert not Certificate.objects.exists()
