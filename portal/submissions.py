"""One submission, one result: a form posted twice at once (a double tap) does its work once.

Every POST gets a key: who posts (account, or session and address), where,
and exactly what, including the rendered form's CSRF token, so each
rendering of a form is a new submission and the same rendering posted twice
is the same one. The first post claims the key in the database; a second post
with the same key waits for the first to finish and is answered with the
first one's response (usually the redirect to the saved object) instead of
running again. A post that failed (4xx, 5xx or an exception) releases its key,
so sending it again after an error is a new attempt.

This covers every create form of the site and the admin without each form
carrying its own token; natural keys in the models (one rating per visitor per
day, one team membership...) stay the second line.
"""

import hashlib
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.client_address import client_ip
from portal.models import SubmissionReceipt

logger = logging.getLogger(__name__)

# How long an identical post counts as the same submission.
WINDOW = timedelta(seconds=60)
# How long a repeated post waits for the first one to finish.
WAIT_SECONDS = 15
POLL_SECONDS = 0.1
MAX_REPLAY_BYTES = 256 * 1024
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _client(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    session = getattr(request, "session", None)
    session_key = session.session_key if session is not None else None
    address = client_ip(request)
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    return f"anon:{session_key or ''}:{address}:{agent}"


def submission_key(request) -> str | None:
    """The key of this post, or None for a post that is not a form (then it is not guarded)."""
    digest = hashlib.sha256()
    digest.update(_client(request).encode())
    digest.update(b"\0" + request.get_full_path().encode())
    if request.content_type in FORM_TYPES:
        for name in sorted(request.POST):
            for value in request.POST.getlist(name):
                digest.update(f"\0{name}={value}".encode())
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                digest.update(f"\0{name}:{upload.name}:{upload.size}:".encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return None
        digest.update(b"\0" + request.body)
    return digest.hexdigest()


def _claim(key: str) -> bool:
    now = timezone.now()
    # Old receipts of everyone go with each claim: the table holds a minute of posts.
    SubmissionReceipt.objects.filter(created_at__lt=now - WINDOW).delete()
    try:
        with transaction.atomic():
            SubmissionReceipt.objects.create(key=key, created_at=now)
    except IntegrityError:
        return False
    return True


def _record(key: str, response) -> None:
    body = b""
    if not response.streaming and len(response.content) <= MAX_REPLAY_BYTES:
        body = response.content
    elif not response.has_header("Location"):
        _release(key)  # too big to replay: a repeat runs again
        return
    SubmissionReceipt.objects.filter(key=key).update(
        done=True,
        status=response.status_code,
        content_type=response.get("Content-Type", ""),
        location=response.get("Location", ""),
        body=body,
        cookies=response.cookies.output(attrs=None, header="", sep="\n"),
    )


def _release(key: str) -> None:
    SubmissionReceipt.objects.filter(key=key).delete()


def _replay(receipt: SubmissionReceipt) -> HttpResponse:
    if receipt.location:
        response = HttpResponseRedirect(receipt.location, bytes(receipt.body))
        response.status_code = receipt.status
    else:
        response = HttpResponse(bytes(receipt.body), status=receipt.status)
    if receipt.content_type:
        response["Content-Type"] = receipt.content_type
    if receipt.cookies:
        response.cookies.load(receipt.cookies.replace("\n", ";"))
    response["Cache-Control"] = "private, no-store"
    response["X-Frame-Options"] = "DENY"
    return response


def _wait(key: str):
    """The first post's receipt when done, None if it failed, "busy" if still running."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        receipt = SubmissionReceipt.objects.filter(key=key).first()
        if receipt is None:
            return None
        if receipt.done:
            return receipt
        if time.monotonic() > deadline:
            return "busy"
        time.sleep(POLL_SECONDS)


def _busy(request) -> HttpResponse:
    body = render_to_string(
        "409.html",
        {"message": _("您的提交正在处理，请勿重复提交。请稍候刷新页面查看结果。")},
        request=request,
    )
    response = HttpResponse(body, status=409)
    response["Retry-After"] = "5"
    return response


class OneSubmissionMiddleware:
    """Put after the authentication middleware (the key needs `request.user`), before messages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST" or self._exempt(request):
            return self.get_response(request)
        try:
            key = submission_key(request)
            claimed = key is None or _claim(key)
        except DatabaseError:  # never let the guard itself stop a post
            logger.exception("submission guard unavailable")
            return self.get_response(request)
        if key is None:
            return self.get_response(request)
        if not claimed:
            receipt = _wait(key)
            if receipt == "busy":
                return _busy(request)
            if receipt is not None:
                return _replay(receipt)
            return self.__call__(request)  # the first post failed: this one is a new attempt
        try:
            response = self.get_response(request)
        except BaseException:
            _release(key)
            raise
        if response.status_code < 400:
            _record(key, response)
        else:
            _release(key)
        return response

    @staticmethod
    def _exempt(request) -> bool:
        # Signing in and out changes the session cookie; a replay would not carry it.
        return any(request.path.startswith(prefix) for prefix in settings.ONE_SUBMISSION_EXEMPT)
