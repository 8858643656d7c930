"""The MLA pages in the real browser: the case navigation leads to them, the new-request form is filled and
sent, the request page follows with its DOCX download; nothing leaves 127.0.0.1 (the `page` fixture).

Hooks: a[data-nav=mla]; form[data-testid=mla-new] with select#mla-to, [data-testid=measure-row] (select
name=kind, input name=target), input#mla-authority; on the request page [data-testid=mla-title],
[data-testid=mla-status][data-status], a[data-testid=download-docx|download-pdf].
"""

from __future__ import annotations

import re

from tests.web.browser.conftest import ServedCase, Watch


def test_draft_a_request_from_the_form(page, watch: Watch, served_case: ServedCase) -> None:
    case = served_case.case
    response = page.goto(served_case.url(f"/cases/{case}", "en"))
    assert response is not None and response.status == 200
    page.locator("a[data-nav=mla]").click()
    page.wait_for_url(re.compile(rf"/cases/{case}/mla(?:[?#]|$)"))

    form = page.locator("form[data-testid=mla-new]")
    states = form.locator("#mla-to option").evaluate_all("opts => opts.map(o => o.value)")
    form.locator("#mla-to").select_option("ML" if "ML" in states else "NE")
    first = form.locator("[data-testid=measure-row]").first
    first.locator("select[name=kind]").select_option("identify")
    first.locator("input[name=target]").fill(served_case.key_player_name)
    form.locator("#mla-authority").fill("Juge d'instruction (fictif)")
    form.locator("#mla-contact").fill("Juge ALI (fictif), juge, +227 20 00 00 00, pjs@example.org")
    form.locator("button[type=submit]").click()

    page.wait_for_url(re.compile(rf"/cases/{case}/mla/\d+(?:[?#]|$)"))
    assert page.locator("[data-testid=mla-status]").get_attribute("data-status") == "draft"
    download = page.locator("a[data-testid=download-docx]")
    assert download.is_visible()
    with page.expect_download() as started:
        download.click()
    assert started.value.suggested_filename.endswith(".docx")
    assert page.locator("a[data-testid=download-pdf]").is_visible()
    assert page.evaluate("typeof window.__xss") == "undefined"
    watch.assert_clean()
