"""Production settings pass Django's deployment checklist."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_reports_no_warnings_with_production_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "portal.settings.base",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "portal.example.cn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_unless_asked_for():
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.base"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django;django.setup();from django.conf import settings;print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "False", result.stderr


def _production_env(**extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY", "DEBUG"}
    }
    env |= {"DJANGO_SETTINGS_MODULE": "portal.settings.base", "ALLOWED_HOSTS": "portal.example.cn"}
    return env | extra


def _run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_without_a_secret_key_production_commands_refuse_to_start():
    result = _run(["manage.py", "check", "--deploy"], _production_env())
    assert result.returncode != 0
    assert "portal.E003" in result.stderr
    assert "SECRET_KEY 未设置" in result.stderr


def test_without_a_secret_key_gunicorn_cannot_load_the_site():
    result = _run(["-c", "import portal.wsgi"], _production_env())
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY 未设置" in result.stderr


def test_commands_that_sign_nothing_still_run_without_a_key(tmp_path):
    result = _run(
        ["manage.py", "collectstatic", "--noinput", "-v", "0"],
        _production_env(STATIC_ROOT=str(tmp_path)),
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "css" / "portal.css").exists()


def test_a_real_key_loads_the_site():
    result = _run(
        ["-c", "import portal.wsgi"], _production_env(SECRET_KEY=secrets.token_urlsafe(50))
    )
    assert result.returncode == 0, result.stderr
