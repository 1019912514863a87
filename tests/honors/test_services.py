import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from honors import services
from honors.models import Award, Certificate, CertificateSequence, HonorRollEntry

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 12, 26)


def nominate(secretary, member, category, **kwargs):
    defaults = {
        "by": secretary.user,
        "member": member,
        "category": category,
        "period": "2025年度",
        "deed": "照顾瘫痪在床的婆婆八年如一日。",
        "consent_to_publish": True,
    }
    defaults.update(kwargs)
    return services.nominate(**defaults)


class TestHonourRoll:
    def test_nomination_is_approved_by_the_committee(
        self, secretary_a, member_a, committee, category
    ):
        entry = nominate(secretary_a, member_a, category)
        assert entry.status == HonorRollEntry.Status.SUBMITTED
        assert entry.person_name == member_a.name
        services.approve_nomination(entry=entry, by=committee.user)
        entry.refresh_from_db()
        assert entry.status == HonorRollEntry.Status.APPROVED
        assert entry.reviewed_by == committee.user
        assert entry.is_public

    def test_returning_needs_a_reason_and_keeps_it(
        self, secretary_a, member_a, committee, category
    ):
        entry = nominate(secretary_a, member_a, category)
        with pytest.raises(ValidationError) as error:
            services.return_nomination(entry=entry, by=committee.user, reason="  ")
        assert "退回时请填写理由" in str(error.value)
        services.return_nomination(entry=entry, by=committee.user, reason="事迹不够具体")
        entry.refresh_from_db()
        assert entry.status == HonorRollEntry.Status.RETURNED
        assert entry.return_reason == "事迹不够具体"

    def test_secretary_edit_after_return_sends_it_back_for_review(
        self, secretary_a, member_a, committee, category
    ):
        entry = nominate(secretary_a, member_a, category)
        services.return_nomination(entry=entry, by=committee.user, reason="请补充事迹")
        services.update_nomination(entry=entry, by=secretary_a.user, deed="补充后的事迹。")
        entry.refresh_from_db()
        assert entry.status == HonorRollEntry.Status.SUBMITTED
        assert entry.return_reason == ""

    def test_secretary_cannot_approve(self, secretary_a, member_a, category):
        entry = nominate(secretary_a, member_a, category)
        with pytest.raises(PermissionDenied):
            services.approve_nomination(entry=entry, by=secretary_a.user)

    def test_nobody_approves_their_own_nomination(self, committee, member_a, category):
        entry = nominate(committee, member_a, category)
        with pytest.raises(PermissionDenied):
            services.approve_nomination(entry=entry, by=committee.user)

    def test_secretary_cannot_nominate_in_another_branch(self, secretary_a, member_b, category):
        with pytest.raises(PermissionDenied):
            nominate(secretary_a, member_b, category)
        assert not HonorRollEntry.objects.exists()

    def test_secretary_cannot_edit_another_branchs_nomination(
        self, secretary_a, secretary_b, member_b, category
    ):
        entry = nominate(secretary_b, member_b, category)
        with pytest.raises(PermissionDenied):
            services.update_nomination(entry=entry, by=secretary_a.user, deed="改掉")
        entry.refresh_from_db()
        assert entry.deed != "改掉"

    def test_duplicate_nomination_is_refused_in_chinese(self, secretary_a, member_a, category):
        nominate(secretary_a, member_a, category)
        with pytest.raises(ValidationError) as error:
            nominate(secretary_a, member_a, category, deed="另一份事迹")
        assert "不能重复提名" in " ".join(error.value.messages)
        assert HonorRollEntry.objects.count() == 1

    def test_duplicate_non_member_by_name_is_refused(self, secretary_a, branch_a, category):
        kwargs = {"organisation": branch_a, "person_name": "刘德福"}
        nominate(secretary_a, None, category, **kwargs)
        with pytest.raises(ValidationError, match="不能重复提名"):
            nominate(secretary_a, None, category, **kwargs)

    def test_same_person_may_be_on_the_roll_for_several_periods(
        self, secretary_a, member_a, category
    ):
        nominate(secretary_a, member_a, category, period="2024年度")
        nominate(secretary_a, member_a, category, period="2025年度")
        assert HonorRollEntry.objects.filter(member=member_a).count() == 2

    def test_overlong_deed_is_refused(self, secretary_a, member_a, category):
        with pytest.raises(ValidationError, match="事迹不能超过 500 字"):
            nominate(secretary_a, member_a, category, deed="好" * 501)

    def test_without_consent_the_entry_is_kept_but_not_public(
        self, secretary_a, member_a, committee, category
    ):
        entry = nominate(secretary_a, member_a, category, consent_to_publish=False)
        services.approve_nomination(entry=entry, by=committee.user)
        assert HonorRollEntry.objects.approved().filter(pk=entry.pk).exists()
        assert not HonorRollEntry.objects.published().filter(pk=entry.pk).exists()


class TestAwards:
    def test_grant_issues_a_numbered_certificate(
        self, member_a, committee, person_title, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            award = services.grant_award(
                title=person_title,
                holder=member_a,
                period="2025年度",
                by=committee.user,
                granted_on=DAY,
            )
        certificate = Certificate.objects.get(award=award)
        code = committee.organisation.code.upper()
        assert certificate.number == f"2025-{code}-0001"
        assert certificate.issuer == committee.organisation
        assert certificate.member == member_a
        assert certificate.file
        assert "被授予“服务之星”称号" in certificate.body_text

    def test_title_for_organisations_refuses_a_person(self, member_a, plaque_title):
        with pytest.raises(ValidationError, match="只能授予组织"):
            services.grant_award(title=plaque_title, holder=member_a, period="2025年度")

    def test_duplicate_award_is_refused(self, member_a, person_title):
        services.grant_award(title=person_title, holder=member_a, period="2025年度")
        with pytest.raises(ValidationError, match="不能重复授予"):
            services.grant_award(title=person_title, holder=member_a, period="2025年度")

    def test_grant_with_a_source_is_idempotent(self, branch_a, plaque_title):
        first = services.grant_award(
            title="红旗窗口", holder=branch_a, period="2025年12月", source="pledges.ranking:12"
        )
        again = services.grant_award(
            title=plaque_title, holder=branch_a, period="2025年12月", source="pledges.ranking:12"
        )
        assert first.pk == again.pk
        assert Award.objects.count() == 1

    def test_secretary_cannot_grant(self, secretary_a, member_a, person_title):
        with pytest.raises(PermissionDenied):
            services.grant_award(
                title=person_title, holder=member_a, period="2025年度", by=secretary_a.user
            )

    def test_holds_title_before_and_after_revocation(self, branch_a, plaque_title, committee):
        award = services.grant_award(
            title=plaque_title, holder=branch_a, period="2025年度", granted_on=DAY
        )
        assert services.holds_title(branch_a, "红旗窗口", on=DAY)
        assert not services.holds_title(branch_a, plaque_title, on=DAY - datetime.timedelta(1))
        services.revoke_award(
            award=award, reason="复查未通过", on=datetime.date(2026, 3, 1), by=committee.user
        )
        assert services.holds_title(branch_a, plaque_title, on=datetime.date(2026, 2, 28))
        assert not services.holds_title(branch_a, plaque_title, on=datetime.date(2026, 3, 1))
        assert services.titles_held(branch_a, on=datetime.date(2026, 3, 2)) == []

    def test_revocation_needs_a_reason_and_marks_the_certificate(self, branch_a, plaque_title):
        award = services.grant_award(title=plaque_title, holder=branch_a, period="2025年度")
        with pytest.raises(ValidationError, match="请填写撤销理由"):
            services.revoke_award(award=award, reason="")
        services.revoke_award(award=award, reason="复查未通过")
        certificate = Certificate.objects.get(award=award)
        assert certificate.is_revoked
        assert certificate.revoke_reason == "复查未通过"
        with pytest.raises(ValidationError, match="不能重复撤销"):
            services.revoke_award(award=award, reason="再次")

    def test_revoked_award_can_be_granted_again(self, branch_a, plaque_title):
        award = services.grant_award(title=plaque_title, holder=branch_a, period="2025年度")
        services.revoke_award(award=award, reason="复查未通过")
        again = services.grant_award(title=plaque_title, holder=branch_a, period="2025年度")
        assert again.pk != award.pk
        numbers = set(Certificate.objects.filter(award__in=[award, again]).values_list("number"))
        assert len(numbers) == 2


class TestCertificates:
    def test_numbers_run_per_issuer_and_year(self, committee, member_a, branch_b):
        issuer = committee.organisation
        numbers = [
            services.issue_certificate(
                holder_name=f"人{i}",
                title="志愿服务记录证明",
                issuer=issuer,
                issued_on=datetime.date(2025, 5, 1),
                render=False,
            ).number
            for i in range(3)
        ]
        next_year = services.issue_certificate(
            holder_name="人",
            title="证明",
            issuer=issuer,
            issued_on=datetime.date(2026, 1, 2),
            render=False,
        )
        code = issuer.code.upper()
        assert numbers == [f"2025-{code}-0001", f"2025-{code}-0002", f"2025-{code}-0003"]
        assert next_year.number == f"2026-{code}-0001"
        assert CertificateSequence.objects.get(issuer=issuer, year=2025).last == 3

    def test_document_from_another_app_is_idempotent_by_source(
        self, committee, member_a, django_capture_on_commit_callbacks
    ):
        kwargs = {
            "heading": "志愿服务记录证明",
            "holder_name": member_a.name,
            "member": member_a,
            "title": "志愿服务时长 36 小时",
            "period": "2025年",
            "issuer": committee.organisation,
            "source": "volunteers.service_record:7",
        }
        with django_capture_on_commit_callbacks(execute=True):
            first = services.issue_certificate(**kwargs)
        with django_capture_on_commit_callbacks(execute=True):
            again = services.issue_certificate(**{**kwargs, "title": "志愿服务时长 40 小时"})
        assert again.pk == first.pk and again.number == first.number
        again.refresh_from_db()
        assert again.title_text == "志愿服务时长 40 小时"
        assert again.kind == Certificate.Kind.DOCUMENT
        assert again.file

    def test_regenerating_keeps_the_number_and_replaces_the_file(
        self, member_a, person_title, certificate_root, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            award = services.grant_award(title=person_title, holder=member_a, period="2025年度")
        first = Certificate.objects.get(award=award)
        first_name, first_time = first.file.name, first.generated_at
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                services.issue_award_certificate(award=award)
        again = Certificate.objects.get(award=award)
        assert again.number == first.number
        assert again.file.name == first_name
        assert again.generated_at > first_time
        pdfs = list(certificate_root.rglob("*.pdf"))
        assert [p.name for p in pdfs] == [f"{first.number}.pdf"]
        assert Certificate.objects.count() == 1

    def test_roll_certificate_needs_an_approved_entry(self, secretary_a, member_a, category):
        entry = nominate(secretary_a, member_a, category)
        with pytest.raises(ValidationError, match="审核通过"):
            services.issue_roll_certificate(entry=entry)
