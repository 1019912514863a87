"""Rare name characters print; a character no installed font has refuses the document."""

import pytest

from portal.fonts import UnprintableText, ensure_printable, unprintable_characters
from portal.pdf import render_pdf

UNCOVERABLE = "\U000f0000"  # supplementary private use: no font on the machine draws it


def test_extension_b_names_are_printable():
    # 𪚥 U+2A6A5 is not in Noto CJK: the fallback fonts must have it; 𠈌 is in Noto.
    assert unprintable_characters("王𪚥 陈𠈌 李堃 王珺") == []


def test_extensions_c_to_g_are_covered_by_the_fallback_fonts():
    samples = {
        "C": "\U0002a700",
        "D": "\U0002b740",
        "E": "\U0002b820",
        "F": "\U0002ceb0",
        "G": "\U00030000",
    }
    assert unprintable_characters("".join(samples.values())) == []


def test_a_character_no_font_draws_is_named_in_the_refusal():
    with pytest.raises(UnprintableText) as caught:
        ensure_printable(f"张{UNCOVERABLE}", what="证书持有人姓名")
    message = caught.value.messages[0]
    assert "U+F0000" in message and UNCOVERABLE in message
    assert "证书持有人姓名" in message and "未出具" in message


def test_render_pdf_refuses_rather_than_print_a_box():
    # Any document template: the check runs on the rendered text, whatever the template.
    with pytest.raises(UnprintableText):
        render_pdf(
            "honors/certificate_pdf.html", {"heading": "荣誉证书", "lines": [f"李{UNCOVERABLE}"]}
        )
