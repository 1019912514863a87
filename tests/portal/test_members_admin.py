"""Member management in the admin: scope, the add/edit forms, roles and password links."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import Member
from portal.services.roles import SECRETARY_GROUP
from tests.factories import MemberFactory, OrganisationFactory, SecretaryFactory
from tests.helpers import error_beside

LIST_URL = reverse("wagtailsnippets_portal_member:list")
ADD_URL = reverse("wagtailsnippets_portal_member:add")
User = get_user_model()


def edit_url(member):
    return reverse("wagtailsnippets_portal_member:edit", args=[member.pk])


def link_url(member):
    return reverse("portal_member_password_link", args=[member.pk])


def member_form(branch, **overrides):
    data = {
        "name": "王小明",
        "gender": "male",
        "organisation": branch.pk,
        "status": Member.Status.FULL,
        "joined_on": "2018-07-01",
        "post": "窗口服务岗",
        "duties": "受理群众咨询",
        "phone": "13900001111",
        "email": "",
        "username": "",
    }
    data.update(overrides)
    return data


def edit_form(member, **overrides):
    data = {
        "name": member.name,
        "gender": member.gender,
        "organisation": member.organisation_id,
        "status": member.status,
        "joined_on": member.joined_on.isoformat() if member.joined_on else "",
        "post": member.post,
        "duties": member.duties,
        "phone": member.phone,
        "role": member.role,  # ignored when the form has no role field (secretaries)
    }
    data.update(overrides)
    return data


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# -- Seeing members -----------------------------------------------------------------


@pytest.mark.django_db
def test_secretary_lists_only_own_branch_members_and_phones(
    client, secretary_a, member_a, member_b
):
    client.force_login(secretary_a.user)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert member_a.name in text
    assert member_a.phone in text
    assert member_b.name not in text
    assert member_b.phone not in text
    assert link_url(member_a) in text
    assert link_url(member_b) not in text


@pytest.mark.django_db
def test_searching_for_another_branchs_phone_finds_nothing(client, secretary_a, member_b):
    client.force_login(secretary_a.user)
    response = client.get(LIST_URL, {"q": member_b.name})
    assert response.status_code == 200
    assert member_b.phone not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["edit", "history", "usage"])
def test_secretary_gets_404_on_another_branchs_member(client, secretary_a, member_b, view):
    client.force_login(secretary_a.user)
    url = reverse(f"wagtailsnippets_portal_member:{view}", args=[member_b.pk])
    response = client.get(url)
    assert response.status_code == 404
    assert member_b.phone not in response.content.decode()


@pytest.mark.django_db
def test_secretary_cannot_change_another_branchs_member_by_posting(client, secretary_a, member_b):
    client.force_login(secretary_a.user)
    response = client.post(edit_url(member_b), edit_form(member_b, name="被篡改"))
    assert response.status_code == 404
    member_b.refresh_from_db()
    assert member_b.name == "乙党员"


@pytest.mark.django_db
def test_member_chooser_offers_only_members_in_scope(client, secretary_a, member_a, member_b):
    client.force_login(secretary_a.user)
    response = client.get(reverse("wagtailsnippetchoosers_portal_member:choose"))
    assert response.status_code == 200
    text = response.json()["html"]
    assert member_a.name in text
    assert member_b.name not in text
    chosen = reverse("wagtailsnippetchoosers_portal_member:chosen", args=[member_b.pk])
    assert client.get(chosen).status_code == 404


@pytest.mark.django_db
def test_committee_admin_sees_every_branch(client, committee, member_a, member_b):
    client.force_login(committee.user)
    text = client.get(LIST_URL).content.decode()
    assert member_a.phone in text
    assert member_b.phone in text
    assert client.get(edit_url(member_b)).status_code == 200


@pytest.mark.django_db
def test_plain_member_cannot_reach_the_admin(client, member_a):
    client.force_login(member_a.user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert client.get(LIST_URL).status_code == 302
    assert client.get(reverse("portal_member_import")).status_code == 302


@pytest.mark.django_db
def test_listing_query_count_does_not_grow_with_members(
    client, secretary_a, branch_a, django_assert_num_queries
):
    client.force_login(secretary_a.user)
    MemberFactory.create_batch(10, organisation=branch_a)
    client.get(LIST_URL)  # warm the per-process caches (content types, site)
    with CaptureQueriesContext(connection) as ten:
        assert client.get(LIST_URL).status_code == 200
    MemberFactory.create_batch(190, organisation=branch_a)
    with django_assert_num_queries(len(ten)):
        response = client.get(LIST_URL)
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 50  # one page of the 201


# -- Adding a member -----------------------------------------------------------------


@pytest.mark.django_db
def test_secretary_adds_member_with_account_and_emailed_link(
    client, secretary_a, branch_a, django_capture_on_commit_callbacks
):
    client.force_login(secretary_a.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD_URL, member_form(branch_a, email="wxm@example.cn"), follow=True)
    assert response.status_code == 200
    member = Member.objects.get(name="王小明")
    assert member.organisation == branch_a
    assert member.role == Member.Role.MEMBER
    assert member.user.email == "wxm@example.cn"
    assert re.fullmatch(r"m\d{6}", member.user.username)
    assert not member.user.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["wxm@example.cn"]
    link = re.search(r"http\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    # The secretary sees the same link, to pass on if the email goes astray.
    assert any(link in message for message in messages_of(response))


@pytest.mark.django_db
def test_member_without_email_gets_a_link_shown_to_the_secretary(
    client, secretary_a, branch_a, django_capture_on_commit_callbacks
):
    client.force_login(secretary_a.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD_URL, member_form(branch_a, username="wangxm"), follow=True)
    member = Member.objects.get(name="王小明")
    assert member.user.username == "wangxm"
    assert mail.outbox == []
    (message,) = [m for m in messages_of(response) if "转交本人" in m]
    assert "/accounts/password/reset/key/" in message


@pytest.mark.django_db
def test_password_link_lets_the_new_member_set_a_password_and_sign_in(
    client, secretary_a, branch_a
):
    from portal.services.members import create_member

    created = create_member(name="李四", organisation=branch_a, by=secretary_a.user)
    response = client.get(created.link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"password1": "Dangjian-2024!", "password2": "Dangjian-2024!"})
    assert response.status_code == 302
    user = User.objects.get(pk=created.member.user_id)
    assert user.check_password("Dangjian-2024!")
    # Used once, the link stops working.
    response = client.get(created.link, follow=True)
    assert "Dangjian" not in response.content.decode()
    assert b'name="password1"' not in response.content


@pytest.mark.django_db
def test_secretary_cannot_add_member_to_another_branch(client, secretary_a, branch_b):
    client.force_login(secretary_a.user)
    users_before = User.objects.count()
    response = client.post(ADD_URL, member_form(branch_b))
    assert response.status_code == 400
    assert "只能选择您所管理的组织" in response.content.decode()
    assert not Member.objects.filter(name="王小明").exists()
    assert User.objects.count() == users_before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "请填写姓名"),
        ({"phone": "1390000"}, "请输入11位手机号码"),
        ({"phone": "23900001111"}, "请输入11位手机号码"),
        ({"joined_on": "去年七月"}, "有效的日期"),
        ({"email": "not-an-email"}, "请输入有效的邮箱地址"),
        ({"username": "王 小明"}, "用户名只能包含"),
        ({"organisation": ""}, "请选择所在组织"),
        ({"organisation": "999999"}, "只能选择您所管理的组织"),
        ({"organisation": "abc"}, "只能选择您所管理的组织"),
        ({"status": "党员"}, "选择一个有效的选项"),
    ],
)
def test_malformed_member_form_is_refused_in_chinese(
    client, secretary_a, branch_a, overrides, message
):
    client.force_login(secretary_a.user)
    users_before = User.objects.count()
    response = client.post(ADD_URL, member_form(branch_a, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Member.objects.filter(organisation=branch_a).count() == 1  # the secretary only
    assert User.objects.count() == users_before


@pytest.mark.django_db
def test_phone_already_used_in_another_branch_is_refused(client, secretary_a, branch_a, member_b):
    client.force_login(secretary_a.user)
    response = client.post(ADD_URL, member_form(branch_a, phone=member_b.phone))
    assert response.status_code == 400
    text = response.content.decode()
    # Refused without telling branch A's secretary that branch B holds the number.
    assert "该手机号码无法登记" in text
    assert "其他党员" not in text and member_b.name not in text
    assert not Member.objects.filter(name="王小明").exists()


@pytest.mark.django_db
def test_a_taken_phone_is_refused_on_the_phone_field(
    client, secretary_a, branch_a, member_a, member_b
):
    """Issue 13: beside 手机号码 (aria-invalid, described by the error), on add and on edit."""
    client.force_login(secretary_a.user)
    response = client.post(ADD_URL, member_form(branch_a, phone=member_b.phone))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["phone"]
    assert "该手机号码无法登记" in error_beside(response, "phone")
    response = client.post(edit_url(member_a), edit_form(member_a, phone=member_b.phone))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["phone"]
    assert "该手机号码无法登记" in error_beside(response, "phone")
    member_a.refresh_from_db()
    assert member_a.phone != member_b.phone


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value"), [("email", "{email}"), ("username", "{username}")])
def test_email_or_username_of_an_existing_account_is_refused(
    client, secretary_a, branch_a, member_b, field, value
):
    client.force_login(secretary_a.user)
    taken = value.format(email=member_b.user.email.upper(), username=member_b.user.username)
    response = client.post(ADD_URL, member_form(branch_a, **{field: taken}))
    assert response.status_code == 400
    assert "已被其他账号使用" in response.content.decode() or "已被使用" in (
        response.content.decode()
    )
    assert not Member.objects.filter(name="王小明").exists()


# -- Roles ------------------------------------------------------------------------


@pytest.mark.django_db
def test_secretary_sees_no_role_field_and_cannot_smuggle_one_in(client, secretary_a, branch_a):
    client.force_login(secretary_a.user)
    assert 'name="role"' not in client.get(ADD_URL).content.decode()
    response = client.post(ADD_URL, member_form(branch_a, role=Member.Role.COMMITTEE))
    assert response.status_code == 302
    member = Member.objects.get(name="王小明")
    assert member.role == Member.Role.MEMBER
    assert not member.user.groups.exists()


@pytest.mark.django_db
def test_secretary_cannot_promote_a_member_by_editing(client, secretary_a, member_a):
    client.force_login(secretary_a.user)
    response = client.post(edit_url(member_a), edit_form(member_a, role=Member.Role.SECRETARY))
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.role == Member.Role.MEMBER
    assert not member_a.user.groups.exists()


@pytest.mark.django_db
def test_committee_admin_makes_a_secretary_and_the_groups_follow(client, committee, member_a):
    client.force_login(committee.user)
    response = client.post(edit_url(member_a), edit_form(member_a, role=Member.Role.SECRETARY))
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.role == Member.Role.SECRETARY
    assert list(member_a.user.groups.values_list("name", flat=True)) == [SECRETARY_GROUP]
    client.force_login(member_a.user)
    assert client.get(LIST_URL).status_code == 200

    client.force_login(committee.user)
    client.post(edit_url(member_a), edit_form(member_a, role=Member.Role.MEMBER))
    member_a.refresh_from_db()
    assert not member_a.user.groups.exists()


@pytest.mark.django_db
def test_committee_admin_adds_a_secretary_directly(client, committee, branch_a):
    client.force_login(committee.user)
    response = client.post(ADD_URL, member_form(branch_a, role=Member.Role.SECRETARY))
    assert response.status_code == 302
    member = Member.objects.get(name="王小明")
    assert member.role == Member.Role.SECRETARY
    assert member.user.groups.filter(name=SECRETARY_GROUP).exists()


# -- Editing ----------------------------------------------------------------------


@pytest.mark.django_db
def test_secretary_edits_own_member(client, secretary_a, member_a):
    client.force_login(secretary_a.user)
    response = client.post(edit_url(member_a), edit_form(member_a, phone="13911112222"))
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.phone == "13911112222"


@pytest.mark.django_db
def test_secretary_cannot_move_a_member_out_of_their_branch(
    client, secretary_a, member_a, branch_a, branch_b
):
    client.force_login(secretary_a.user)
    response = client.post(edit_url(member_a), edit_form(member_a, organisation=branch_b.pk))
    assert response.status_code == 400
    assert "只能选择您所管理的组织" in response.content.decode()
    member_a.refresh_from_db()
    assert member_a.organisation == branch_a


@pytest.mark.django_db
def test_only_committee_moves_a_secretary_because_it_moves_their_scope(
    client, secretary_a, branch_a, committee
):
    group = OrganisationFactory(name="甲一党小组", parent=branch_a)
    group_leader = SecretaryFactory(name="小组书记", organisation=group)
    client.force_login(secretary_a.user)
    response = client.post(
        edit_url(group_leader), edit_form(group_leader, organisation=branch_a.pk)
    )
    assert response.status_code == 400
    assert "只有党委管理员可以调整支部书记" in response.content.decode()
    group_leader.refresh_from_db()
    assert group_leader.organisation == group

    client.force_login(committee.user)
    response = client.post(
        edit_url(group_leader), edit_form(group_leader, organisation=branch_a.pk)
    )
    assert response.status_code == 302
    group_leader.refresh_from_db()
    assert group_leader.organisation == branch_a


@pytest.mark.django_db
def test_edit_with_bad_phone_is_refused(client, secretary_a, member_a):
    client.force_login(secretary_a.user)
    old_phone = member_a.phone
    response = client.post(edit_url(member_a), edit_form(member_a, phone="12345"))
    assert response.status_code == 400
    assert "请输入11位手机号码" in response.content.decode()
    member_a.refresh_from_db()
    assert member_a.phone == old_phone


# -- Password links ---------------------------------------------------------------


@pytest.mark.django_db
def test_secretary_issues_a_new_password_link_for_own_member(
    client, secretary_a, member_a, django_capture_on_commit_callbacks
):
    client.force_login(secretary_a.user)
    assert client.get(link_url(member_a)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link_url(member_a))
    assert response.status_code == 200
    assert "/accounts/password/reset/key/" in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    assert mail.outbox[0].to == [member_a.user.email]


@pytest.mark.django_db
def test_no_password_link_for_another_branchs_member(client, secretary_a, member_b):
    client.force_login(secretary_a.user)
    assert client.get(link_url(member_b)).status_code == 404
    assert client.post(link_url(member_b)).status_code == 404
    assert mail.outbox == []
