"""Browser tests: Debian's Chromium, headless, against pytest-django's live_server."""

import pytest


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Users' phones ask for Chinese; without this Chromium asks for en-US and
    # LocaleMiddleware would serve the English translation.
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
