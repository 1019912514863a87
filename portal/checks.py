"""Start-up checks for what the system must provide."""

from django.core.checks import Error, register


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
