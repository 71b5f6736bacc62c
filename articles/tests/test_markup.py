"""
Bold, italic and links in a story's paragraphs: what is kept when an editor
saves, how every reader of the text (page, quote check, search, API, ninjs,
feeds, JSON-LD) sees it, and the feeds each page points to.
"""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.editing import EditStory
from articles.markup import Fragment, plain_text, sanitise
from articles.models import Block
from articles.tests.factories import (
    LiveArticleFactory,
    ParagraphFactory,
    QuoteFactory,
    SectionFactory,
    newsroom_account,
)
from newsroom.site import current_site
from newsroom.tests.pages import VOID, Page
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

REL = 'rel="nofollow noopener"'
SITE = current_site().name


# Sanitising -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("<script>alert(1)</script>Hello", "Hello"),
        ("<style>p{display:none}</style>Hello", "Hello"),
        ('<b onclick="alert(1)" onmouseover="x()">bold</b>', "<b>bold</b>"),
        ('<a href="javascript:alert(1)">click</a>', "click"),
        ('<a href="  JavaScript:alert(1)">click</a>', "click"),
        ('<a href="java&#x09;script:alert(1)">click</a>', "click"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">click</a>', "click"),
        ('<a href="vbscript:msgbox(1)">click</a>', "click"),
        ("<a>no address</a>", "no address"),
        ('<img src="x" onerror="alert(1)">text', "text"),
        ('<span style="color:red">red</span>', "red"),
        ('<strong style="position:fixed">bold</strong>', "<strong>bold</strong>"),
        ("<strong><em>both</em></strong> and <b><i>both</i></b>", None),
        ("<b>bold <i>and italic", "<b>bold <i>and italic</i></b>"),
        ("<em>unclosed", "<em>unclosed</em>"),
        ("stray </b> close", "stray  close"),
        ("<!-- a note --> words", " words"),
        ("<p>one</p><div>two</div><h1>three</h1>", "onetwothree"),
        ("Fish &amp; chips", "Fish &amp; chips"),
        ("Fish & chips, 3 < 4 > 2", "Fish &amp; chips, 3 &lt; 4 &gt; 2"),
        ("“Curly” quotes and it’s", "“Curly” quotes and it’s"),
    ],
)
def test_a_paragraph_keeps_only_bold_italic_and_safe_links(typed, kept):
    assert sanitise(typed) == (typed if kept is None else kept)


@pytest.mark.parametrize(
    "href", ["https://example.com/a?b=1&amp;c=2", "http://example.com/", "mailto:desk@example.com"]
)
def test_a_link_to_the_web_or_an_address_is_kept_with_nofollow_noopener(href):
    assert sanitise(f'<a href="{href}" target="_blank" rel="me">x</a>') == (
        f'<a href="{href}" {REL}>x</a>'
    )


def test_a_relative_link_is_kept():
    assert sanitise('<a href="/people/mike-barton/">Mr Barton</a>') == (
        f'<a href="/people/mike-barton/" {REL}>Mr Barton</a>'
    )


@pytest.mark.parametrize(
    "typed",
    [
        '<a href="/x" onclick="y">a</a> <b>b</b> &amp; <i>c',
        "<script>x</script><strong>s</strong> &lt;3",
        "plain words",
    ],
)
def test_sanitising_twice_changes_nothing(typed):
    once = sanitise(typed)
    assert sanitise(once) == once


def test_a_subheading_keeps_no_markup_at_all():
    assert sanitise('<b>Bold</b> <a href="/x">link</a> & more', inline=False) == (
        "Bold link &amp; more"
    )


def test_plain_text_is_the_words_with_entities_decoded():
    html = '<b>Fish</b> &amp; <a href="/c">chips</a> &lt;3&nbsp;x <script>bad()</script>'
    assert plain_text(html) == "Fish & chips <3\xa0x "


def test_a_paragraph_is_stored_sanitised_when_the_edit_path_saves_it():
    editor = newsroom_account("editor", "Editors")
    article = LiveArticleFactory()
    typed = '<b onclick="x()">Bold</b> and <a href="javascript:alert(1)">bad</a> <i>it'
    heading = "<em>Sub</em> &amp; heading"
    EditStory(
        article,
        by=editor,
        blocks=[
            Block(kind=Block.Kind.PARAGRAPH, text=typed),
            Block(kind=Block.Kind.SUBHEADING, text=heading),
        ],
    ).save()
    assert [block.text for block in article.blocks.all()] == [
        "<b>Bold</b> and bad <i>it</i>",
        "Sub &amp; heading",
    ]


def test_a_paragraph_that_is_only_markup_is_refused_as_empty():
    block = ParagraphFactory.build(
        article=LiveArticleFactory(), text="<script>alert(1)</script><b> </b>"
    )
    with pytest.raises(ValidationError) as refused:
        block.full_clean()
    assert refused.value.message_dict["text"] == ["A paragraph needs its text."]


# The story page ---------------------------------------------------------------


class StrictHTML(HTMLParser):
    """
    Reads a page as well-formed HTML or says why not: every element closed in
    order, and no link inside another.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open, self.problems = [], []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        if tag == "a" and "a" in self.open:
            self.problems.append(f"a link inside a link at {self.getpos()}")
        self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.open[-1:]}> at {self.getpos()}")
            if tag in self.open:
                del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]
        else:
            self.open.pop()

    @classmethod
    def problems_of(cls, html):
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser.problems + [f"<{tag}> never closed" for tag in parser.open]


def quotations(body):
    """Each quotation's words, the <q> pieces of one quote (by cite) joined."""
    return [" ".join(q.text.split()) for q in body.find_all("q")]


@pytest.fixture
def marked_up_story():
    """A live story whose paragraphs hold bold, italic and links, with quotes among them."""
    article = LiveArticleFactory(slug="marked-up")
    speaker = PersonFactory(name="Jo Bloggs", slug="jo-bloggs")
    ParagraphFactory(
        article=article,
        position=1,
        text="She said: “We will <strong>carry on</strong> regardless.” "
        'Read <a href="https://example.com/report">the report</a>.',
    )
    ParagraphFactory(
        article=article,
        position=2,
        text="Later: “Nothing <b>will stop us</b> now,” and <em>“no surrender”</em>.",
    )
    QuoteFactory(article=article, speaker=speaker, text="We will carry on regardless.")
    # Across the end of bold text: starts outside <b>, ends inside it.
    QuoteFactory(article=article, speaker=speaker, text="Nothing will stop", source="a rally")
    QuoteFactory(article=article, speaker=speaker, text="no surrender", source="a rally")
    return article


def test_quotes_inside_and_across_bold_text_are_marked_and_the_page_stays_well_formed(
    client, marked_up_story
):
    response = client.get(marked_up_story.get_absolute_url())
    assert response.status_code == 200
    assert StrictHTML.problems_of(response.text) == []
    body = Page(response).find("div", class_="story-body")
    assert quotations(body) == [
        "We will carry on regardless.",
        "Nothing will stop",
        "no surrender",
    ]
    first, second = body.find_all("p")
    # The paragraphs read as written, their markup kept.
    assert first.text == "She said: “We will carry on regardless.” Read the report."
    assert second.text == "Later: “Nothing will stop us now,” and “no surrender”."
    assert [strong.text for strong in first.find_all("strong")] == ["carry on"]
    assert [b.text for b in second.find_all("b")] == ["will stop", "us"]
    assert [em.text for em in second.find_all("em")] == ["“no surrender”"]
    (link,) = first.find_all("a", href="https://example.com/report")
    assert link.attrs["rel"] == "nofollow noopener"
    assert link.text == "the report"


def test_each_quote_in_the_body_has_one_quiet_link_to_its_speaker(client, marked_up_story):
    body = Page(client.get(marked_up_story.get_absolute_url())).find("div", class_="story-body")
    marks = body.find_all("a", class_="quote-speaker")
    assert [mark.attrs["href"] for mark in marks] == ["/people/jo-bloggs/"] * 3
    assert [mark.attrs["aria-label"] for mark in marks] == [
        "Jo Bloggs, a statement",
        "Jo Bloggs, a rally",
        "Jo Bloggs, a rally",
    ]
    # The mark is a link of its own, after the quote: the quoted words are not a link.
    assert all(mark.text == "" for mark in marks)
    assert all(q.parent.tag != "a" for q in body.find_all("q"))


@pytest.mark.parametrize(
    ("html", "words"),
    [
        ("He said <b>we will</b> carry on", "said we will carry"),
        ("He said <b>we will carry</b> on", "we will"),
        ("He said <b>we will</b> carry on", "we will carry"),
        ("He said <b>we will</b> carry on", "said we"),
        ('He <a href="/x">said we</a> will', "we will"),
        ('He <a href="/x">said <b>we</b> will</a> go', "we will go"),
        ("<b><i>x</i> y</b> z", "x y z"),
        ("“<i>We</i> will <b>carry</b> on.” Then", "We will carry on"),
    ],
)
def test_a_quote_crossing_tags_is_one_quotation_in_well_formed_html(html, words):
    fragment = Fragment(html)
    start = fragment.text.index(words)
    pieces = fragment.marked([(start, start + len(words), "quote")])
    written = "".join(
        {"open": "<q>", "close": "</q>", "after": '<a href="/speaker"></a>'}.get(
            piece.kind, piece.html
        )
        for piece in pieces
    )
    assert StrictHTML.problems_of(written) == []
    assert [piece.kind for piece in pieces].count("open") == 1
    assert [piece.kind for piece in pieces].count("after") == 1
    page = Page(written)
    assert [q.text for q in page.find_all("q")] == [words]
    assert page.text == " ".join(fragment.text.split())


def test_a_quote_is_checked_against_the_words_not_the_markup():
    article = LiveArticleFactory()
    paragraph = ParagraphFactory(article=article, text="He said <b>we will</b> carry on.")
    words = QuoteFactory(article=article, text="we will carry on")
    assert article.publication_errors(blocks=[paragraph], quotes=[words]) == []
    tagged = QuoteFactory(article=article, text="<b>we will</b> carry on")
    assert len(article.publication_errors(blocks=[paragraph], quotes=[tagged])) == 1


def test_the_body_text_has_no_markup():
    article = LiveArticleFactory()
    ParagraphFactory(article=article, position=1, text='<b>Bold</b> &amp; <a href="/x">link</a>')
    ParagraphFactory(article=article, position=2, kind=Block.Kind.SUBHEADING, text="Q&amp;A")
    assert article.body_text() == "Bold & link\n\nQ&A"


# Every other reader of the text ------------------------------------------------


def test_the_json_ld_article_body_is_plain_text(client, marked_up_story):
    (data,) = Page(client.get(marked_up_story.get_absolute_url())).json_ld()
    assert data["articleBody"] == marked_up_story.body_text()
    assert data["articleBody"].startswith("She said: “We will carry on regardless.” Read the")
    assert "<" not in data["articleBody"]


def test_the_api_gives_each_paragraph_as_plain_text_and_as_sanitised_html(api, marked_up_story):
    ParagraphFactory(
        article=marked_up_story,
        position=3,
        # Written past the model's clean(): the API sanitises it when it reads it.
        text='<b onclick="x()">Loud</b> &amp; <script>alert(1)</script>clear',
    )
    ParagraphFactory(
        article=marked_up_story, position=4, kind=Block.Kind.SUBHEADING, text="<i>Q</i>&amp;A"
    )
    response = api.get(f"/api/v1/articles/{marked_up_story.slug}/")
    assert response.status_code == 200
    first, _, third, subheading = response.json()["body"]
    assert first == {
        "type": "paragraph",
        "text": "She said: “We will carry on regardless.” Read the report.",
        "html": "She said: “We will <strong>carry on</strong> regardless.” "
        f'Read <a href="https://example.com/report" {REL}>the report</a>.',
    }
    assert third == {
        "type": "paragraph",
        "text": "Loud & clear",
        "html": "<b>Loud</b> &amp; clear",
    }
    assert subheading == {"type": "subheading", "text": "Q&A"}


def test_the_api_schema_documents_a_paragraph_text_and_html(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    paragraph = schema["components"]["schemas"]["ParagraphBlock"]["properties"]
    assert "plain text" in paragraph["text"]["description"]
    assert "sanitised HTML" in paragraph["html"]["description"]


def test_ninjs_carries_the_sanitised_html_and_the_plain_text(api, marked_up_story):
    ParagraphFactory(
        article=marked_up_story, position=3, text='<img src=x onerror="alert(1)"><i>Quiet</i>'
    )
    response = api.get(f"/api/v1/articles/{marked_up_story.slug}/", {"format": "ninjs"})
    html, text = response.json()["bodies"]
    assert "<p>She said: “We will <strong>carry on</strong> regardless.”" in html["value"]
    assert f'<a href="https://example.com/report" {REL}>the report</a>' in html["value"]
    assert "<p><i>Quiet</i></p>" in html["value"]
    assert "<img" not in html["value"]
    assert "onerror" not in html["value"]
    assert text["value"] == marked_up_story.body_text()
    assert "<" not in text["value"]


def test_feeds_carry_no_paragraph_markup(client, marked_up_story):
    response = client.get(reverse("articles:feed-latest"))
    (item,) = ET.fromstring(response.content).find("channel").findall("item")
    assert item.findtext("description") == marked_up_story.standfirst
    assert b"strong" not in response.content
    assert b"example.com/report" not in response.content


def test_search_finds_the_words_of_a_paragraph_and_not_its_markup(client, marked_up_story):
    def found(query):
        response = client.get(reverse("articles:search"), {"q": query})
        return Page(response).find_all("a", href=marked_up_story.get_absolute_url())

    assert found("regardless")
    assert not found("nofollow")
    assert not found("strong")
    page = Page(client.get(reverse("articles:search"), {"q": "regardless"}))
    snippet = " ".join(page.find("mark").parent.text.split())
    assert "carry on regardless" in snippet
    assert "<strong>" not in snippet
    assert "&lt;" not in snippet


# The feeds each page points to -----------------------------------------------------


def feeds_of(response):
    return [
        (link.attrs["href"], link.attrs["title"])
        for link in Page(response).find_all("link", rel="alternate")
        if link.attrs.get("type") == "application/rss+xml"
    ]


def test_every_page_points_to_the_latest_stories_feed(client, marked_up_story):
    for url in ("/", marked_up_story.get_absolute_url(), reverse("articles:search")):
        assert ("/feeds/latest/", f"{SITE}: latest stories") in feeds_of(client.get(url)), url


def test_a_section_page_points_to_its_own_feed(client):
    SectionFactory(name="Sport", slug="sport")
    assert feeds_of(client.get("/sections/sport/")) == [
        ("/feeds/latest/", f"{SITE}: latest stories"),
        ("/feeds/sections/sport/", f"{SITE}: Sport"),
    ]


def test_a_profile_points_to_the_feed_of_stories_the_person_is_in(client, marked_up_story):
    assert feeds_of(client.get("/people/jo-bloggs/")) == [
        ("/feeds/latest/", f"{SITE}: latest stories"),
        ("/feeds/people/jo-bloggs/", f"{SITE}: Jo Bloggs"),
    ]


# The admin ----------------------------------------------------------------------


def test_the_body_textareas_carry_the_markup_toolbar_and_its_script(client):
    client.force_login(newsroom_account("editor", "Editors", is_staff=True))
    response = client.get(reverse("admin:articles_article_add"))
    assert response.status_code == 200
    page = Page(response)
    marked = [
        area.attrs["name"]
        for area in page.find_all("textarea")
        if "data-inline-markup" in area.attrs
    ]
    assert marked
    assert all(name.startswith("blocks-") for name in marked)
    scripts = [script.attrs.get("src", "") for script in page.find_all("script")]
    assert any(src.endswith("articles/admin/inline_markup.js") for src in scripts)
