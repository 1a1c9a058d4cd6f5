"""Playwright driving Debian's chromium (never `playwright install`: it downloads a browser)."""

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HAVE_CHROMIUM = shutil.which("chromium") is not None or os.path.exists(CHROMIUM)

# Every browser test: a live server with real transactions, skipped where chromium is missing.
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not HAVE_CHROMIUM, reason="需要 Debian 的 chromium：apt-get install chromium fonts-noto-cjk"
    ),
]


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    return browser.new_context(locale="zh-CN").new_page()
