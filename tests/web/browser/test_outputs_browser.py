"""The "Report and exports" page in the real browser, under its Content-Security-Policy: the case navigation
leads to it, PDF and English are chosen in the form, the button brings a PDF download; an export link
brings its file; the console reports no policy violation and nothing leaves 127.0.0.1 (`page` fixture).

Hooks: a[data-nav=outputs]; form[data-testid=report-form] with select#report-format, select#report-lang
and button[data-testid=report-download]; a[data-testid=export-<format>].
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.web.browser.conftest import ServedCase, Watch


def test_choose_pdf_in_english_and_download_it(page, watch: Watch, served_case: ServedCase) -> None:
    policy: list[str] = []
    page.on(
        "console",
        lambda message: policy.append(message.text) if "Content Security Policy" in message.text else None,
    )
    case = served_case.case
    response = page.goto(served_case.url(f"/cases/{case}", "fr"))
    assert response is not None and response.status == 200
    page.locator("a[data-nav=outputs]").click()
    page.wait_for_url(re.compile(rf"/cases/{case}/outputs(?:[?#]|$)"))
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("#report-lang").input_value() == "fr"  # the interface's language by default

    form = page.locator("form[data-testid=report-form]")
    form.locator("#report-format").select_option("pdf")
    form.locator("#report-lang").select_option("en")
    with page.expect_download() as started:
        form.locator("button[data-testid=report-download]").click()
    download = started.value
    assert download.suggested_filename == f"{case}-report-en.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")

    with page.expect_download() as started:
        page.locator("a[data-testid=export-graphml]").click()
    graphml = started.value
    assert graphml.suggested_filename == f"{case}.graphml"
    assert b"<graphml" in Path(graphml.path()).read_bytes()

    assert page.locator("[data-testid=export-row]").count() == 6
    assert policy == [], f"the page broke its Content-Security-Policy: {policy}"
    watch.assert_clean()
