"""
The story page: everything a reader sees of a live story (its words in order,
its pictures, its quotes and the people in it, what search engines and share
cards read), nothing of one that is not live, and all of it in a few queries.
"""

import datetime
import io
import tomllib

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from articles.loader import STORY_FILE
from articles.models import Article, ArticlePerson, Block, Correction
from articles.tests.factories import (
    NOT_LIVE,
    ArticleFactory,
    CaptionFactory,
    CorrectionFactory,
    LiveArticleFactory,
    ParagraphFactory,
    QuoteFactory,
    TagFactory,
    jpeg_bytes,
)
from newsroom.tests.pages import Page
from people.tests.factories import PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db

SLUG = "durham-chief-constable-mike-barton-to-retire"
STORY_URL = f"/articles/{SLUG}/"
STORY = tomllib.loads(STORY_FILE.read_text())


def folded(text):
    return " ".join(text.split())


@pytest.fixture
def barton():
    call_command("load_story", stdout=io.StringIO())
    return Article.objects.get(slug=SLUG)


@pytest.fixture
def story_page(client, barton):
    response = client.get(STORY_URL)
    assert response.status_code == 200
    return Page(response)


def test_the_story_shows_headline_standfirst_credit_section_dates_and_tags(story_page):
    story = story_page.find("article", class_="story")
    assert story.find("h1").text == "Durham Police chief Mike Barton to retire"
    assert story.find("p", class_="standfirst").text == folded(STORY["article"]["standfirst"])
    assert story.find("p", class_="byline").text == "The Northern Echo"
    published = story.find("time")
    assert published.text == "28 February 2019"
    assert published.attrs["datetime"] == "2019-02-28T10:00:00+00:00"
    assert story.find("p", class_="kicker").find("a").attrs["href"] == "/sections/news/"
    tags = [(a.text, a.attrs["href"]) for a in story.find("ul", class_="tags").find_all("a")]
    assert tags == [
        ("Drugs policy", "/tags/drugs-policy/"),
        ("Durham Constabulary", "/tags/durham-constabulary/"),
        ("Policing", "/tags/policing/"),
    ]


def test_the_story_shows_every_paragraph_in_order(story_page):
    body = story_page.find("div", class_="story-body")
    paragraphs = [p.text for p in body.find_all("p")]
    assert paragraphs == [
        folded(block["paragraph"]) for block in STORY["body"] if "paragraph" in block
    ]


def test_both_pictures_are_figures_with_caption_credit_and_renditions(story_page):
    body = story_page.find("div", class_="story-body")
    figures = body.find_all("figure", class_="picture")
    assert [figure.find("figcaption").text for figure in figures] == [
        f"{picture['caption']} Picture: {picture['credit']}"
        for picture in STORY["pictures"].values()
    ]
    for figure, picture in zip(figures, STORY["pictures"].values(), strict=True):
        image = figure.find("img")
        assert image.attrs["alt"] == picture["alt_text"]
        assert (image.attrs["width"], image.attrs["height"]) == ("1200", "800")
        widths = [candidate.split()[-1] for candidate in image.attrs["srcset"].split(", ")]
        assert widths == ["480w", "800w", "1200w"]
        assert image.attrs["sizes"]
    # The pictures stand where the story prints them: after the sixth and the eighteenth paragraph.
    children = [child.tag for child in body.children if not isinstance(child, str)]
    assert [index for index, tag in enumerate(children) if tag == "figure"] == [6, 19]


def test_renditions_are_real_smaller_pictures(client, settings):
    article = LiveArticleFactory()
    picture = CaptionFactory(
        article=article, image=ContentFile(jpeg_bytes(1000, 500), name="wide.jpg")
    )
    Block.objects.create(article=article, kind=Block.Kind.IMAGE, caption=picture, position=1)
    image = Page(client.get(article.get_absolute_url())).find("figure").find("img")
    candidates = dict(
        reversed(candidate.split()) for candidate in image.attrs["srcset"].split(", ")
    )
    assert set(candidates) == {"480w", "800w", "1000w"}
    assert candidates["1000w"] == picture.image.url
    for width in ("480w", "800w"):
        path = settings.MEDIA_ROOT / candidates[width].removeprefix(settings.MEDIA_URL)
        assert Image.open(path).size == (int(width[:-1]), int(width[:-1]) // 2)


def test_a_picture_missing_from_storage_is_still_shown_as_it_is(client):
    article = LiveArticleFactory()
    picture = CaptionFactory(
        article=article, image=ContentFile(jpeg_bytes(1000, 500), name="lost.jpg")
    )
    Block.objects.create(article=article, kind=Block.Kind.IMAGE, caption=picture, position=1)
    picture.image.storage.delete(picture.image.name)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    image = Page(response).find("figure").find("img")
    assert image.attrs["src"] == picture.image.url
    assert "srcset" not in image.attrs


def test_every_quote_is_a_quotation_linked_to_its_speakers_profile(story_page):
    body = story_page.find("div", class_="story-body")
    quotations = body.find_all("q")
    assert sorted(q.text for q in quotations) == sorted(
        folded(quote["text"]) for quote in STORY["quotes"]
    )
    # The quoted words are not a link: a small mark after each links to its speaker.
    marks = body.find_all("a", class_="quote-speaker")
    assert len(marks) == len(quotations)
    speakers = {folded(quote["text"]): quote["speaker"] for quote in STORY["quotes"]}
    for quotation, mark in zip(quotations, marks, strict=True):
        assert quotation.parent.tag != "a"
        assert mark.attrs["href"] == f"/people/{speakers[quotation.text]}/"
        assert quotation.attrs["cite"] == f"http://testserver/people/{speakers[quotation.text]}/"
    capone = next(
        mark
        for quotation, mark in zip(quotations, marks, strict=True)
        if quotation.text == "Al Capone approach"
    )
    assert capone.attrs["aria-label"] == "Mike Barton, on taking up the role of Chief Constable"


def test_people_in_this_story_link_each_profile_with_the_title_they_held_then(story_page):
    panel = story_page.find("section", aria_labelledby="people-heading")
    assert panel.find("h2").text == "People in this story"
    people = [(li.find("a").attrs["href"], li.text) for li in panel.find_all("li")]
    assert people == [
        ("/people/mike-barton/", "Mike Barton Chief Constable"),
        ("/people/ron-hogg/", "Ron Hogg Durham's Police and Crime Commissioner"),
    ]


def test_a_byline_links_each_author(client):
    article = LiveArticleFactory()
    article.authors.add(
        PersonFactory(name="Ann Reporter", slug="ann"), PersonFactory(name="Bo Writer", slug="bo")
    )
    byline = Page(client.get(article.get_absolute_url())).find("p", class_="byline")
    assert byline.text == "By Ann Reporter and Bo Writer"
    assert [a.attrs["href"] for a in byline.find_all("a")] == ["/people/ann/", "/people/bo/"]


def test_a_pull_quote_is_a_blockquote_attributed_to_its_speaker(client):
    article = LiveArticleFactory()
    speaker = PersonFactory(name="Jo Bloggs", slug="jo-bloggs")
    ParagraphFactory(article=article, text="She said: “We will carry on.”", position=1)
    quote = QuoteFactory(article=article, speaker=speaker, source="a statement")
    Block.objects.create(article=article, kind=Block.Kind.QUOTE, quote=quote, position=2)
    pull_quote = Page(client.get(article.get_absolute_url())).find("figure", class_="pull-quote")
    blockquote = pull_quote.find("blockquote")
    assert blockquote.text == "We will carry on."
    assert blockquote.attrs["cite"] == "http://testserver/people/jo-bloggs/"
    assert pull_quote.find("figcaption").text == "Jo Bloggs, a statement"
    assert pull_quote.find("figcaption").find("a").attrs["href"] == "/people/jo-bloggs/"


def test_corrections_are_printed_with_their_type_and_date(client):
    article = LiveArticleFactory()
    CorrectionFactory(
        article=article,
        text="An earlier version misspelt Mr Hogg's name.",
        published_at=datetime.datetime(2019, 3, 1, 9, tzinfo=datetime.UTC),
    )
    CorrectionFactory(
        article=article,
        kind=Correction.Kind.CLARIFICATION,
        text="The force is Durham Constabulary.",
        published_at=datetime.datetime(2019, 3, 2, 9, 30, 15, 123456, tzinfo=datetime.UTC),
    )
    page = Page(client.get(article.get_absolute_url()))
    corrections = page.find("section", class_="corrections")
    assert corrections.find("h2").text == "Corrections and updates"
    assert [li.text for li in corrections.find_all("li")] == [
        "Correction, 1 March 2019: An earlier version misspelt Mr Hogg's name.",
        "Clarification, 2 March 2019: The force is Durham Constabulary.",
    ]
    # HTML's <time datetime> takes at most milliseconds: the page prints seconds.
    assert [time.attrs["datetime"] for time in corrections.find_all("time")] == [
        "2019-03-01T09:00:00+00:00",
        "2019-03-02T09:30:15+00:00",
    ]
    assert [li.attrs["id"] for li in corrections.find_all("li")] == [
        f"correction-{correction.pk}" for correction in article.corrections.all()
    ]


def test_an_edit_on_a_later_day_shows_as_updated(client):
    article = LiveArticleFactory(
        published_at=datetime.datetime(2019, 2, 28, 10, tzinfo=datetime.UTC)
    )
    dates = Page(client.get(article.get_absolute_url())).find("p", class_="dates")
    assert dates.text == f"Published 28 February 2019 · Updated {timezone.localdate():%-d %B %Y}"


@pytest.mark.parametrize("state", NOT_LIVE.values(), ids=NOT_LIVE.keys())
def test_a_story_that_is_not_live_is_404_for_readers(client, state):
    article = ArticleFactory(**state)
    ParagraphFactory(article=article)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert article.headline not in response.text


def test_an_unknown_story_is_the_404_page(client):
    response = client.get("/articles/no-such-story/")
    assert response.status_code == 404
    page = Page(response)
    assert page.find("h1").text == "Page not found"
    assert page.find("html").attrs["lang"] == "en-GB"


# What an editor typed, that must stay text on the page and in its JSON-LD.
HOSTILE = "</script><script>alert(1)</script> <!-- & “quoted”"


def test_everything_typed_is_escaped_in_the_page_and_its_json_ld(client):
    person = PersonFactory(name=f"Eve {HOSTILE}", slug="eve")
    article = LiveArticleFactory(headline=HOSTILE, standfirst=f"<b>Bold</b> {HOSTILE}")
    article.authors.add(person)
    ArticlePerson.objects.create(article=article, person=person)
    # A paragraph is HTML (bold, italic and links kept): tags meant as text are escaped.
    ParagraphFactory(
        article=article, text='<img src="x" onerror="alert(2)"> said “&lt;i&gt;hi&lt;/i&gt;”'
    )
    QuoteFactory(article=article, speaker=person, text="<i>hi</i>", source=HOSTILE)
    picture = CaptionFactory(article=article, caption=HOSTILE, credit=HOSTILE, alt_text=HOSTILE)
    Block.objects.create(article=article, kind=Block.Kind.IMAGE, caption=picture, position=9)
    CorrectionFactory(article=article, text=HOSTILE)
    article.tags.add(TagFactory(name=HOSTILE))

    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    assert "<!--" not in response.text
    page = Page(response)
    assert page.find_all("img", src="x") == []
    assert page.find_all("b") == page.find_all("i") == []
    assert [script.attrs.get("type") for script in page.find_all("script")] == [
        "application/ld+json"
    ]
    assert page.find("h1").text == " ".join(HOSTILE.split())
    (data,) = page.json_ld()
    assert data["headline"] == HOSTILE
    assert data["author"][0]["name"] == f"Eve {HOSTILE}"
    assert data["correction"][0]["text"] == HOSTILE


def test_the_json_ld_is_a_news_article_with_what_search_engines_need(story_page):
    (data,) = story_page.json_ld()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    for key in (
        "headline",
        "datePublished",
        "dateModified",
        "author",
        "publisher",
        "image",
        "about",
        "mentions",
    ):
        assert data[key], key
    assert data["headline"] == "Durham Police chief Mike Barton to retire"
    assert data["datePublished"] == "2019-02-28T10:00:00+00:00"
    assert data["publisher"] == {
        "@type": "NewsMediaOrganization",
        "name": "The Northern Echo",
        "url": "http://testserver",
        "logo": {"@type": "ImageObject", "url": "http://testserver/static/newsroom/logo.png"},
    }
    assert data["author"] == [data["publisher"]]
    assert len(data["image"]) == 2
    assert all(url.startswith("http://testserver/media/") for url in data["image"])
    assert data["about"] == [
        {"@type": "Person", "name": "Mike Barton", "url": "http://testserver/people/mike-barton/"}
    ]
    assert data["mentions"] == [
        {"@type": "Person", "name": "Ron Hogg", "url": "http://testserver/people/ron-hogg/"}
    ]
    assert data["mainEntityOfPage"]["@id"] == f"http://testserver{STORY_URL}"


def test_share_cards_and_canonical_link_use_absolute_addresses(story_page):
    url = f"http://testserver{STORY_URL}"
    assert story_page.canonical() == url
    assert story_page.meta("og:url") == url
    assert story_page.meta("og:type") == "article"
    assert story_page.meta("og:title") == "Durham Police chief Mike Barton to retire"
    assert story_page.meta("og:description") == folded(STORY["article"]["standfirst"])
    assert story_page.meta("og:image").startswith("http://testserver/media/")
    assert story_page.meta("twitter:card") == "summary_large_image"
    assert story_page.meta("twitter:image") == story_page.meta("og:image")
    assert story_page.meta("twitter:title") == story_page.meta("og:title")
    assert story_page.meta("article:published_time") == "2019-02-28T10:00:00+00:00"


def test_site_url_setting_makes_the_addresses(client, barton, settings):
    settings.SITE_URL = "https://news.example.com/"
    page = Page(client.get(STORY_URL))
    assert page.canonical() == f"https://news.example.com{STORY_URL}"
    assert page.json_ld()[0]["url"] == f"https://news.example.com{STORY_URL}"


def big_story(*, blocks, quotes, captions, people):
    """
    A live story with ``blocks`` body blocks (``captions`` of them pictures, a
    couple of pull quotes, paragraphs quoting ``quotes`` times), ``people``
    people in it, each with a career, and a byline, tags and corrections.
    """
    article = LiveArticleFactory()
    persons = PersonFactory.create_batch(people)
    for number, person in enumerate(persons):
        PositionFactory(person=person, title=f"Title {number}")
        role = ArticlePerson.Role.SUBJECT if number == 0 else ArticlePerson.Role.MENTIONED
        ArticlePerson.objects.create(article=article, person=person, role=role)
    article.authors.add(*persons[:2])
    article.tags.add(*TagFactory.create_batch(3))
    CorrectionFactory.create_batch(2, article=article)
    said = [
        QuoteFactory(article=article, speaker=persons[n % people], text=f"Words number {n}.")
        for n in range(quotes)
    ]
    pictures = []
    for number in range(captions):
        picture = CaptionFactory(article=article)
        picture.people.add(persons[number % people])
        pictures.append(picture)
    body = [{"kind": Block.Kind.IMAGE, "caption": picture} for picture in pictures]
    body += [{"kind": Block.Kind.QUOTE, "quote": quote} for quote in said[:2]]
    body += [
        {"kind": Block.Kind.PARAGRAPH, "text": f"They said: “{said[n].text}”"}
        for n in range(min(quotes, blocks - len(body)))
    ]
    body += [
        {"kind": Block.Kind.PARAGRAPH, "text": f"Paragraph {n}."}
        for n in range(blocks - len(body))
    ]
    for position, block in enumerate(body):
        Block.objects.create(article=article, position=position, **block)
    return article


def test_the_story_page_takes_at_most_ten_queries_however_big_the_story(
    client, django_assert_max_num_queries
):
    article = big_story(blocks=60, quotes=15, captions=8, people=10)
    with django_assert_max_num_queries(10):
        response = client.get(article.get_absolute_url())
    page = Page(response)
    assert len(page.find("div", class_="story-body").find_all("figure", class_="picture")) == 8
    assert len(page.find_all("q")) == 15
    assert len(page.find("section", class_="people-in-story").find_all("li")) == 10


def test_the_story_page_takes_as_many_queries_for_a_big_story_as_for_a_small_one(client):
    small = big_story(blocks=3, quotes=1, captions=1, people=1)
    big = big_story(blocks=60, quotes=15, captions=8, people=10)
    # The page cache's timetable, computed once after the stories were saved.
    client.get("/")
    counts = []
    for article in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
