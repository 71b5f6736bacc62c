"""
A person's profile as readers see it through the stories: their quotes, the
stories they are in and the pictures of them, all from live stories only.
(Profiles alone, without stories, are tested in people/tests.)
"""

import datetime
import io

import pytest
from django.core.management import call_command

from articles.models import ArticlePerson
from articles.tests.factories import (
    CaptionFactory,
    LiveArticleFactory,
    QuoteFactory,
)
from newsroom.tests.pages import Page
from people.models import LATEST_ON_PROFILE
from people.tests.factories import PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db

STORY_URL = "/articles/durham-chief-constable-mike-barton-to-retire/"


@pytest.fixture
def barton(client):
    call_command("load_story", stdout=io.StringIO())
    response = client.get("/people/mike-barton/")
    assert response.status_code == 200
    return Page(response)


def test_the_profile_shows_his_latest_quotes_and_links_to_them_all(barton):
    section = barton.find("section", id="quotes")
    assert len(section.find_all("figure", class_="quote-record")) == LATEST_ON_PROFILE
    assert (
        section.find("p", class_="more").find("a").attrs["href"] == "/people/mike-barton/quotes/"
    )


def test_the_quotes_list_has_his_quotes_with_their_source_and_story(client):
    call_command("load_story", stdout=io.StringIO())
    quotes = Page(client.get("/people/mike-barton/quotes/")).find_all(
        "figure", class_="quote-record"
    )
    assert len(quotes) == 14
    capone = next(q for q in quotes if q.find("blockquote").text == "Al Capone approach")
    assert capone.find("blockquote").attrs["cite"] == f"http://testserver{STORY_URL}"
    caption = capone.find("figcaption")
    assert caption.text == (
        "On taking up the role of Chief Constable, 2012. Quoted in "
        "Durham Police chief Mike Barton to retire, 28 February 2019"
    )
    assert caption.find("a").attrs["href"] == STORY_URL
    letter = [q for q in quotes if "His resignation letter." in q.find("figcaption").text]
    assert len(letter) == 9


def test_the_profile_lists_the_stories_and_pictures_he_is_in(barton):
    stories = barton.find("section", aria_labelledby="stories-heading")
    assert [a.attrs["href"] for a in stories.find_all("a") if "/articles/" in a.attrs["href"]] == [
        STORY_URL
    ]
    pictures = barton.find("section", aria_labelledby="pictures-heading")
    captions = [figure.find("figcaption").text for figure in pictures.find_all("figure")]
    assert sorted(captions) == [
        "Mike Barton at Durham Police's Bikewise event Picture: The Northern Echo",
        "Mike Barton took part in a CEO sleepout event at Durham Cathedral "
        "Picture: The Northern Echo",
    ]
    for item in pictures.find_all("li"):
        assert item.find("p", class_="picture-story").find("a").attrs["href"] == STORY_URL
        assert "480w" in item.find("img").attrs["srcset"]


def test_the_profile_json_ld_is_a_profile_page_about_the_person(barton):
    (page,) = barton.json_ld()
    assert page["@context"] == "https://schema.org"
    assert page["@type"] == "ProfilePage"
    assert page["url"] == "http://testserver/people/mike-barton/"
    assert page["dateCreated"]
    assert page["dateModified"]
    data = page["mainEntity"]
    assert data["@type"] == "Person"
    assert data["name"] == "Mike Barton"
    assert data["honorificPrefix"] == "Mr"
    assert data["url"] == "http://testserver/people/mike-barton/"
    # Retired on 7 June 2019: no title today, so the newsroom's description.
    assert data["jobTitle"] == "Chief Constable of Durham Police"
    assert data["alumniOf"] == [{"@type": "Organization", "name": "Newcastle University"}]
    assert data["award"] == ["Queen's Police Medal"]
    assert barton.canonical() == "http://testserver/people/mike-barton/"
    assert barton.meta("og:url") == barton.canonical()
    assert barton.meta("og:type") == "profile"
    assert barton.meta("twitter:card") == "summary"


def test_the_job_title_is_the_one_held_today(client):
    person = PersonFactory(slug="chief", description="Police chief")
    PositionFactory(person=person, title="Chief Constable", start_date=datetime.date(2020, 1, 1))
    LiveArticleFactory().people.add(person)
    (page,) = Page(client.get("/people/chief/")).json_ld()
    data = page["mainEntity"]
    assert data["jobTitle"] == "Chief Constable"
    assert data["worksFor"]["@type"] == "Organization"


def test_a_person_only_in_a_story_that_is_not_live_is_404(client, hidden_story):
    person = PersonFactory(slug="in-hiding")
    hidden_story.people.add(person)
    QuoteFactory(article=hidden_story, speaker=person)
    CaptionFactory(article=hidden_story).people.add(person)
    hidden_story.authors.add(person)
    response = client.get("/people/in-hiding/")
    assert response.status_code == 404
    assert person.name not in response.text
    assert person.name not in client.get("/people/").text


def test_nothing_from_a_story_that_is_not_live_is_on_a_profile(client, hidden_story):
    person = PersonFactory(slug="public")
    seen = LiveArticleFactory(headline="The live story")
    ArticlePerson.objects.create(article=seen, person=person)
    QuoteFactory(article=seen, speaker=person, text="Seen words.")
    CaptionFactory(article=seen, caption="Seen picture").people.add(person)
    hidden_story.people.add(person)
    hidden_story.authors.add(person)
    QuoteFactory(article=hidden_story, speaker=person, text="Hidden words.")
    CaptionFactory(article=hidden_story, caption="Hidden picture").people.add(person)

    response = client.get("/people/public/")
    assert "The live story" in response.text
    assert "Seen words." in response.text
    assert "Seen picture" in response.text
    for hidden in ("The hidden story", "Hidden words.", "Hidden picture"):
        assert hidden not in response.text
    assert hidden_story.get_absolute_url() not in response.text
    assert Page(response).find_all("section", aria_labelledby="bylines-heading") == []


def test_a_reporters_profile_lists_their_stories(client):
    reporter = PersonFactory(name="Ann Reporter", slug="ann")
    LiveArticleFactory(headline="Ann's scoop").authors.add(reporter)
    bylines = Page(client.get("/people/ann/")).find("section", aria_labelledby="bylines-heading")
    assert bylines.find("h2").text == "Stories by Ann Reporter"
    assert "Ann's scoop" in bylines.text


def test_everything_typed_on_a_profile_is_escaped(client):
    hostile = "</script><script>alert(1)</script> <!-- &"
    person = PersonFactory(
        name=hostile, slug="eve", biography=f"<b>{hostile}</b>", description=hostile
    )
    PositionFactory(person=person, title=hostile, place=hostile)
    LiveArticleFactory().people.add(person)
    response = client.get("/people/eve/")
    assert "<script>alert(1)" not in response.text
    assert "<!--" not in response.text
    page = Page(response)
    assert page.find_all("b") == []
    (profile,) = page.json_ld()
    data = profile["mainEntity"]
    assert data["name"] == hostile
    assert data["description"] == hostile


def test_the_profile_page_takes_at_most_ten_queries_however_much_it_shows(
    client, django_assert_max_num_queries
):
    person = PersonFactory(slug="busy")
    for year in range(2000, 2012):
        PositionFactory(person=person, start_date=datetime.date(year, 1, 1))
    for _ in range(6):
        story = LiveArticleFactory()
        ArticlePerson.objects.create(article=story, person=person)
        story.authors.add(person)
        QuoteFactory.create_batch(3, article=story, speaker=person)
        CaptionFactory(article=story).people.add(person)
    with django_assert_max_num_queries(10):
        page = Page(client.get("/people/busy/"))
    # The latest few of each; the career in full.
    assert len(page.find_all("figure", class_="quote-record")) == LATEST_ON_PROFILE
    assert len(page.find_all("li", class_="timeline-entry")) == 12
    pictures = page.find("section", aria_labelledby="pictures-heading").find_all("figure")
    assert len(pictures) == LATEST_ON_PROFILE


def test_the_people_index_lists_everyone_a_live_story_reaches(client, hidden_story):
    LiveArticleFactory().people.add(PersonFactory(name="Seen Person", description="A witness"))
    hidden_story.people.add(PersonFactory(name="Unseen Person"))
    page = Page(client.get("/people/"))
    assert [li.text for li in page.find("ul", class_="people-list").find_all("li")] == [
        "Seen Person A witness"
    ]
