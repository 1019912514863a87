"""查验荣誉证书: typing a number, and proofs that show more only to who knows the full name."""

import pytest

from honors import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def award_certificate(member_a, person_title):
    award = services.grant_award(title=person_title, holder=member_a, period="2025年度")
    return award.certificate


@pytest.fixture
def proof(member_a, branch_a):
    """A 志愿服务记录证明 as volunteers.proofs issues it: holder not public."""
    return services.issue_certificate(
        holder_name="王𪚥",
        title="志愿服务记录证明",
        heading="志愿服务记录证明",
        issuer=branch_a,
        period="2026年1月1日至2026年6月30日",
        body="王𪚥 累计服务时长 12 小时。",
        member=member_a,
        source="volunteers.proof:test",
        holder_name_public=False,
        render=False,
    )


def test_the_footer_links_to_the_lookup_form(client, home):
    assert 'href="/certificates/"' in client.get("/").content.decode()


def test_typing_a_number_shows_the_certificate(client, award_certificate):
    page = client.get("/certificates/")
    assert page.status_code == 200 and 'name="number"' in page.content.decode()
    number = award_certificate.number
    response = client.get("/certificates/", {"number": f"  {number.lower()} "})
    text = response.content.decode()
    assert response.status_code == 200
    assert number in text and "服务之星" in text and "有效" in text


def test_an_empty_or_unknown_number_says_so(client, db):
    empty = client.get("/certificates/", {"number": ""})
    assert empty.status_code == 400 and "请输入证书编号" in empty.content.decode()
    unknown = client.get("/certificates/", {"number": "2026-NOPE-9999"})
    assert unknown.status_code == 404 and "未找到该证书" in unknown.content.decode()
    long = client.get("/certificates/", {"number": "9" * 500})
    assert long.status_code == 400


@pytest.mark.parametrize("typed", ["<script>", "2026/XZ/0001", "编号123"])
def test_a_number_that_cannot_be_one_is_answered_beside_the_field(client, db, typed):
    response = client.get("/certificates/", {"number": typed})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="lookup-number-error" role="alert">证书编号由字母、数字和短横线组成' in body
    assert 'aria-describedby="lookup-number-error"' in body
    assert "<script>" not in body.split("<main")[1].split("</main>")[0]


def test_spaces_inside_a_copied_number_are_forgiven(client, award_certificate):
    number = award_certificate.number
    gapped = f" {number[:4]} {number[4:]} "
    response = client.get("/certificates/", {"number": gapped})
    assert response.status_code == 200 and number in response.content.decode()


def test_a_proof_shows_only_the_masked_name_without_the_full_name(client, proof):
    response = client.get(f"/certificates/{proof.number}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "王*" in text and "王𪚥" not in text
    for hidden in ("志愿服务记录证明</h1>", "2026年1月1日", proof.issuer_name, "verify-status"):
        assert hidden not in text
    assert 'name="name"' in text


def test_a_wrong_name_reveals_nothing_more(client, proof):
    response = client.get("/certificates/", {"number": proof.number, "name": "王五"})
    text = response.content.decode()
    assert "与证书记录不符" in text and "王𪚥" not in text and "2026年1月1日" not in text
    assert "private" in response["Cache-Control"]


def test_the_full_name_opens_the_proof(client, proof):
    response = client.get("/certificates/", {"number": proof.number, "name": " 王𪚥 "})
    text = response.content.decode()
    assert "王𪚥" in text and "2026年1月1日至2026年6月30日" in text and "有效" in text
    assert proof.issuer_name in text
    assert "private" in response["Cache-Control"]
