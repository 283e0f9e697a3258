"""Start Debians Chromium med Playwright (ingen nedlasting av nettleser)."""

import contextlib

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


@contextlib.contextmanager
def chromium_page(executable: str):
    """En ny side i en hodeløs Chromium; konsollfeil samles i `page.errors`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()
            page.errors = []
            page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
            page.on("pageerror", lambda err: page.errors.append(str(err)))
            yield page
            assert page.errors == [], f"JavaScript-feil: {page.errors}"
        finally:
            browser.close()
