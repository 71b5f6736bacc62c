"""
An editor writes a whole story in one pass, in real headless Chromium at
1280×900: three paragraphs, a picture uploaded in the same form, a quote by a
person added through the admin's "+" window, the picture and quote placed in
the body before the story was ever saved, blocks reordered by drag and drop
and with the keyboard; one save, then publishing; and readers see the blocks
in that order. The story form fits the screen and axe finds nothing serious.
"""

import pytest
from django.urls import reverse

from articles.models import Article
from articles.tests.browser.csp import csp_violations
from articles.tests.factories import jpeg_bytes

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "Durham's Chief Constable to retire"
FIRST = "Mike Barton, Durham's Chief Constable, is to retire in June."
# The first paragraph once the editor has made a word bold and linked his force.
FIRST_MARKED = (
    'Mike Barton, <a href="https://www.durham.police.uk/">Durham\'s Chief Constable</a>, '
    "is to <strong>retire</strong> in June."
)
SECOND = "In his resignation letter he wrote: “It has been an honour to serve.”"
THIRD = "He made his name with what he called the Al Capone approach."
QUOTE = "It has been an honour to serve."


def serious_violations(page, axe_source, within):
    """axe-core's serious and critical findings in the part of the page ``within`` names."""
    # Evaluated, not added as an inline <script>: the Content-Security-Policy refuses those.
    page.evaluate(axe_source)
    results = page.evaluate("async (within) => await axe.run({include: [within]})", within)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def body_block(page, number):
    """The body's block shown as "Block <number>"."""
    return page.locator(".body-editor .body-block:not(.empty-form)").filter(
        has=page.locator(".body-block__number", has_text=f"Block {number}")
    )


def body_order(page):
    """The blocks' headings, in the order on screen."""
    return page.locator(".body-editor .body-block:not(.empty-form) h3").all_inner_texts()


def select_words(field, words):
    """Select ``words`` in a textarea, as an editor would with the mouse."""
    field.evaluate(
        """(field, words) => {
            const at = field.value.indexOf(words);
            field.focus();
            field.setSelectionRange(at, at + words.length);
        }""",
        words,
    )


def choose_autocomplete(page, select_id, text):
    """Pick ``text`` in one of the admin's autocomplete (select2) fields."""
    page.locator(f"#{select_id} + .select2").click()
    search = f".select2-container--open [aria-controls='select2-{select_id}-results']"
    page.locator(search).fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def add_speaker_in_popup(page, select_id, name, slug):
    """A new person, added through the "+" beside the speaker field, chosen as the speaker."""
    with page.expect_popup() as opened:
        page.locator(f"#add_{select_id}").click()
    popup = opened.value
    popup.locator("#id_name").fill(name)
    popup.locator("#id_slug").fill(slug)
    popup.locator("#id_description").fill("Chief Constable of Durham Police")
    popup.locator('input[name="_save"]').click()
    popup.wait_for_event("close")
    expect(page.locator(f"#{select_id} option:checked")).to_have_text(name)


def test_an_editor_writes_places_reorders_saves_once_and_publishes(
    editor_page, live_server, tmp_path, axe_source, artifacts
):
    page = editor_page
    refused = csp_violations(page)
    picture = tmp_path / "barton.jpg"
    picture.write_bytes(jpeg_bytes(120, 80))
    page.goto(live_server.url + reverse("admin:articles_article_add"))

    page.locator("#id_headline").fill(HEADLINE)
    page.locator("#id_headline").press("Tab")
    expect(page.locator("#id_slug")).to_have_value("durhams-chief-constable-to-retire")
    page.locator("#id_standfirst").fill("Mike Barton steps down after 38 years.")
    choose_autocomplete(page, "id_section", "News")

    # A picture and a quote, new in this form.
    page.locator("#id_captions-0-image").set_input_files(picture)
    page.locator("#id_captions-0-caption").fill("Mike Barton at police headquarters")
    page.locator("#id_captions-0-credit").fill("Durham Police")
    page.locator("#id_captions-0-alt_text").fill("Mike Barton in uniform, smiling")
    page.locator("#id_quotes-0-text").fill(QUOTE)
    add_speaker_in_popup(page, "id_quotes-0-speaker", "Mike Barton", "mike-barton")

    # Three paragraphs in the body's first blocks, the first with a bold word and a link.
    for number, text in enumerate((FIRST, SECOND, THIRD), start=1):
        body_block(page, number).locator("textarea").fill(text)
    first = body_block(page, 1)
    select_words(first.locator("textarea"), "retire")
    first.get_by_role("button", name="Bold").click()
    select_words(first.locator("textarea"), "Durham's Chief Constable")
    page.once("dialog", lambda dialog: dialog.accept("https://www.durham.police.uk/"))
    first.get_by_role("button", name="Link").click()
    expect(first.locator("textarea")).to_have_value(FIRST_MARKED)

    # The picture after the first paragraph, the quote at the end.
    body_block(page, 1).get_by_role("button", name="Captioned image").click()
    picture_select = body_block(page, 2).locator("select[name$='-caption']")
    expect(picture_select).to_be_focused()
    picture_select.select_option(label="New picture #1: Mike Barton at police headquarters")
    page.locator(".body-editor__end").get_by_role("button", name="Pull quote").click()
    body_block(page, 5).locator("select[name$='-quote']").select_option(
        label=f"New quote #1: {QUOTE}"
    )
    assert body_order(page) == [
        "Block 1: Paragraph",
        "Block 2: Captioned image",
        "Block 3: Paragraph",
        "Block 4: Paragraph",
        "Block 5: Pull quote",
    ]

    # Drag and drop: the pull quote dropped on the second paragraph takes its place.
    body_block(page, 5).locator(".body-block__handle").drag_to(body_block(page, 3))
    # The keyboard: the third paragraph moves up above the second.
    third = page.locator("#" + body_block(page, 5).get_attribute("id"))
    move_up = third.get_by_role("button", name="Move up")
    move_up.focus()
    page.keyboard.press("Enter")
    expect(move_up).to_be_focused()
    expect(page.locator(".body-editor__status")).to_have_text("Block moved to position 4 of 5.")
    assert body_order(page) == [
        "Block 1: Paragraph",
        "Block 2: Captioned image",
        "Block 3: Pull quote",
        "Block 4: Paragraph",
        "Block 5: Paragraph",
    ]
    assert [body_block(page, n).locator("textarea").input_value() for n in (1, 4, 5)] == [
        FIRST_MARKED,
        THIRD,
        SECOND,
    ]

    # The whole form fits a 1280 px screen, and axe finds nothing serious on it.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.evaluate("window.innerWidth"), width
    page.screenshot(path=artifacts / "story-editor-1280.png", full_page=True)
    violations = serious_violations(page, axe_source, within="body")
    assert violations == [], "\n".join(violations)

    # One save, which publishes the story.
    page.locator('input[name="_publish"]').click()
    expect(page.locator(".messagelist .success").first).to_contain_text("was published")
    article = Article.objects.get(slug="durhams-chief-constable-to-retire")
    assert article.is_live

    page.goto(live_server.url + article.get_absolute_url())
    body = page.locator(".story-body > *")
    assert body.evaluate_all("nodes => nodes.map(node => node.className || node.tagName)") == [
        "P",
        "picture",
        "pull-quote",
        "P",
        "P",
    ]
    assert body.all_inner_texts()[::3] == [FIRST, THIRD]
    expect(body.nth(0).locator("strong")).to_have_text("retire")
    expect(body.nth(0).locator("a[href='https://www.durham.police.uk/']")).to_have_text(
        "Durham's Chief Constable"
    )
    assert body.nth(4).inner_text() == SECOND
    expect(body.nth(1).locator("figcaption")).to_contain_text("Mike Barton at police headquarters")
    expect(body.nth(2).locator("blockquote")).to_have_text(QUOTE)
    expect(body.nth(2).locator("figcaption")).to_have_text("Mike Barton")
    # The admin, its pop-up and the story page ran under the Content-Security-Policy.
    assert refused == [], "\n".join(refused)


def fill_picture(page, index, path, caption):
    page.locator(f"#id_captions-{index}-image").set_input_files(path)
    page.locator(f"#id_captions-{index}-caption").fill(caption)
    page.locator(f"#id_captions-{index}-credit").fill("Durham Police")
    page.locator(f"#id_captions-{index}-alt_text").fill(caption)


def test_the_body_keeps_in_step_with_pictures_added_and_taken_out_above(
    editor_page, live_server, tmp_path
):
    page = editor_page
    picture = tmp_path / "picture.jpg"
    picture.write_bytes(jpeg_bytes())
    page.goto(live_server.url + reverse("admin:articles_article_add"))
    page.locator("#id_headline").fill("Police headquarters to close")
    page.locator("#id_headline").press("Tab")
    page.locator("#id_standfirst").fill("The force moves to Aykley Heads.")
    choose_autocomplete(page, "id_section", "News")
    page.locator("#captions-group .add-row a").click()
    fill_picture(page, 0, picture, "Headquarters")
    fill_picture(page, 1, picture, "The press conference")
    for number, text in enumerate(("First.", "Second.", "Third."), start=1):
        body_block(page, number).locator("textarea").fill(text)
    body_block(page, 1).get_by_role("button", name="Captioned image").click()
    block = page.locator("#" + body_block(page, 2).get_attribute("id"))
    choice = block.locator("select[name$='-caption']")
    choice.select_option(label="New picture #2: The press conference")

    # The first picture taken out above: the second is now form 0, and the block follows it.
    page.locator("#captions-0 .inline-deletelink").click()
    expect(choice.locator("option:checked")).to_have_text("New picture #1: The press conference")
    assert choice.input_value() == "new-0"
    page.locator("#id_captions-0-caption").fill("The press conference at headquarters")
    expect(choice.locator("option:checked")).to_have_text(
        "New picture #1: The press conference at headquarters"
    )

    # A new block taken out of the body: the blocks after it in the formset move down one.
    body_block(page, 1).get_by_role("button", name="Remove").click()
    expect(page.locator(".body-editor__status")).to_have_text("Block removed.")
    assert page.locator("#id_blocks-TOTAL_FORMS").input_value() == "3"
    assert page.locator(".body-editor select[name$='-kind']").evaluate_all(
        "selects => selects.map(select => select.name)"
    ) == ["blocks-2-kind", "blocks-0-kind", "blocks-1-kind", "blocks-__prefix__-kind"]

    page.locator('input[name="_continue"]').click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    article = Article.objects.get(headline="Police headquarters to close")
    press = article.captions.get()
    assert press.caption == "The press conference at headquarters"
    assert [(b.kind, b.text, b.caption) for b in article.blocks.all()] == [
        ("image", "", press),
        ("paragraph", "Second.", None),
        ("paragraph", "Third.", None),
    ]

    # On the saved story: a new picture placed, then taken out above: the block chooses again.
    page.locator("#captions-group .add-row a").click()
    page.locator("#id_captions-1-caption").fill("A spare picture")
    page.locator(".body-editor__end").get_by_role("button", name="Captioned image").click()
    # A saved body is shown without the blank blocks kept for typing without JavaScript.
    assert body_order(page) == [
        "Block 1: Captioned image",
        "Block 2: Paragraph",
        "Block 3: Paragraph",
        "Block 4: Captioned image",
    ]
    spare = body_block(page, 4).locator("select[name$='-caption']")
    spare.select_option(label="New picture #2: A spare picture")
    page.locator("#captions-1 .inline-deletelink").click()
    assert spare.input_value() == ""
    expect(page.locator(".body-editor__status")).to_have_text(
        "The picture of Block 4 was taken out above: choose another."
    )
