"""Start-up checks for what the system must provide."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

PLACEHOLDER_KEY_MESSAGE = (
    "SECRET_KEY 未设置：正在使用源代码中公开的占位密钥，任何人都能伪造登录会话和设置密码链接。"
)
PLACEHOLDER_KEY_HINT = (
    "在环境变量中设置 SECRET_KEY（50 个以上随机字符），例如："
    "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
)


def uses_placeholder_secret_key() -> bool:
    return not settings.DEBUG and settings.SECRET_KEY == settings.PLACEHOLDER_SECRET_KEY


@register(Tags.security)
def secret_key_is_set(app_configs, **kwargs):
    """Sessions and set-password links are signed with SECRET_KEY; the placeholder is public."""
    if uses_placeholder_secret_key():
        return [Error(PLACEHOLDER_KEY_MESSAGE, hint=PLACEHOLDER_KEY_HINT, id="portal.E003")]
    return []


def refuse_placeholder_secret_key() -> None:
    """Called when the web process loads: gunicorn runs no system checks of its own."""
    if uses_placeholder_secret_key():
        raise ImproperlyConfigured(f"{PLACEHOLDER_KEY_MESSAGE} {PLACEHOLDER_KEY_HINT}")


@register()
def harfbuzz_subset_available(app_configs, **kwargs):
    """WeasyPrint without libharfbuzz-subset0 subsets fonts in pure Python, ~50× slower.

    A certificate then takes seconds instead of a fraction of one, so the site
    refuses to start rather than degrade silently.
    """
    try:
        from weasyprint.text.ffi import harfbuzz_subset
    except (ImportError, OSError) as error:  # pragma: no cover - depends on the machine
        return [
            Error(
                f"WeasyPrint 无法加载：{error}",
                hint="运行 `make install`，或 apt-get install libpango-1.0-0 libpangoft2-1.0-0",
                id="portal.E001",
            )
        ]
    if harfbuzz_subset is None:
        return [
            Error(
                "缺少 libharfbuzz-subset0：WeasyPrint 将以纯 Python 方式嵌入字体，"
                "生成证书会慢约 50 倍。",
                hint="apt-get install libharfbuzz-subset0（`make install` 会自动安装）",
                id="portal.E002",
            )
        ]
    return []
