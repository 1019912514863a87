"""Evidence and meeting photos are internal: not under MEDIA_ROOT, shown only to users in scope."""

from pathlib import Path

import pytest
from django.conf import settings

from activities.services import assessment as assessment_services
from activities.services import meetings as meeting_services
from tests.activities.conftest import jpeg
from tests.activities.test_meetings import lecture

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_photo(secretary_a, branch_a):
    meeting = lecture(branch_a)
    (photo,) = meeting_services.add_meeting_photos(
        meeting=meeting, by=secretary_a.user, uploads=[jpeg()]
    )
    return photo


@pytest.fixture
def evidence_photo(assessment_a, secretary_a):
    door = assessment_a.items.get(text="有醒目的门牌")
    assessment_services.save_self_assessment(
        assessment=assessment_a, by=secretary_a.user, answers={}, photos={door.pk: [jpeg()]}
    )
    return door.photos.get()


def test_photo_files_are_kept_outside_media_root(meeting_photo, evidence_photo):
    media_root = Path(settings.MEDIA_ROOT).resolve()
    for photo in (meeting_photo, evidence_photo):
        for file in (photo.image, photo.thumbnail):
            assert Path(file.path).is_file()
            assert media_root not in Path(file.path).resolve().parents


@pytest.mark.parametrize("which", ["meeting_photo", "evidence_photo"])
def test_branch_secretary_sees_the_photo_other_branch_and_anonymous_do_not(
    client, request, which, secretary_a, secretary_b, member_a
):
    photo = request.getfixturevalue(which)
    for url in (photo.display_url, photo.thumbnail_url):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]

        client.force_login(secretary_b.user)
        assert client.get(url).status_code == 404

        client.force_login(member_a.user)  # no admin role
        assert client.get(url).status_code in {302, 403}

        client.force_login(secretary_a.user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"].startswith("private")
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
        client.logout()


def test_meeting_page_links_photos_through_the_checked_view(client, secretary_a, meeting_photo):
    from django.urls import reverse

    client.force_login(secretary_a.user)
    page = client.get(reverse("activities_meeting_record", args=[meeting_photo.meeting_id]))
    text = page.content.decode()
    assert meeting_photo.thumbnail_url in text
    assert settings.MEDIA_URL + "activities/" not in text
