"""
The Bold, Italic and Link buttons of a paragraph's textarea
(articles/static/articles/admin/inline_markup.js), in real headless
Chromium, on a page holding body rows as the story admin does: a kind select
and a textarea marked ``data-inline-markup`` in each row.
"""

from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api")

SCRIPT = Path(__file__).parents[2] / "static" / "articles" / "admin" / "inline_markup.js"

ROWS = """
<form>
  <div class="inline-related" id="row-0">
    <select name="blocks-0-kind">
      <option value="paragraph" selected>Paragraph</option>
      <option value="subheading">Subheading</option>
    </select>
    <textarea name="blocks-0-text" id="id_blocks-0-text" data-inline-markup></textarea>
  </div>
  <textarea name="other" id="other"></textarea>
</form>
"""


@pytest.fixture
def body(page):
    page.set_content(f"<!doctype html><html lang='en'><body>{ROWS}</body></html>")
    page.add_script_tag(path=str(SCRIPT))
    return page


def select_words(page, field, words):
    page.eval_on_selector(
        field,
        "(area, words) => { const at = area.value.indexOf(words);"
        " area.focus(); area.setSelectionRange(at, at + words.length); }",
        words,
    )


def toolbar(page, row="#row-0"):
    return page.locator(f"{row} [role=toolbar]")


def test_bold_and_italic_wrap_the_selected_words(body):
    field = "#id_blocks-0-text"
    body.fill(field, "We will carry on.")
    select_words(body, field, "carry on")
    toolbar(body).get_by_role("button", name="Bold").click()
    assert body.input_value(field) == "We will <strong>carry on</strong>."
    select_words(body, field, "We")
    body.keyboard.press("Control+i")
    assert body.input_value(field) == "<em>We</em> will <strong>carry on</strong>."


def test_link_asks_for_the_address_and_wraps_the_words(body):
    field = "#id_blocks-0-text"
    body.fill(field, "Read the report.")
    select_words(body, field, "the report")
    body.once("dialog", lambda dialog: dialog.accept("example.com/report?a=1&b=2"))
    toolbar(body).get_by_role("button", name="Link").click()
    assert body.input_value(field) == (
        'Read <a href="https://example.com/report?a=1&amp;b=2">the report</a>.'
    )
    # An address of another kind is not offered to the server at all.
    before = body.input_value(field)
    select_words(body, field, "Read")
    body.once("dialog", lambda dialog: dialog.accept("javascript:alert(1)"))
    toolbar(body).get_by_role("button", name="Link").click()
    assert body.input_value(field) == before


def test_only_paragraph_textareas_get_a_toolbar_and_only_while_a_paragraph(body):
    assert body.locator("[role=toolbar]").count() == 1
    assert toolbar(body).is_visible()
    body.select_option("select[name='blocks-0-kind']", "subheading")
    assert not toolbar(body).is_visible()
    body.select_option("select[name='blocks-0-kind']", "paragraph")
    assert toolbar(body).is_visible()


def test_a_row_added_later_gets_its_toolbar(body):
    body.evaluate(
        """() => {
            const row = document.createElement("div");
            row.className = "inline-related";
            row.id = "row-1";
            row.innerHTML = '<textarea name="blocks-1-text" data-inline-markup></textarea>';
            document.querySelector("form").appendChild(row);
        }"""
    )
    toolbar(body, "#row-1").get_by_role("button", name="Bold").wait_for()
    body.fill("[name='blocks-1-text']", "new words")
    select_words(body, "[name='blocks-1-text']", "new")
    toolbar(body, "#row-1").get_by_role("button", name="Bold").click()
    assert body.input_value("[name='blocks-1-text']") == "<strong>new</strong> words"
