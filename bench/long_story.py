"""
`make bench`, second part: how long the newsroom waits to save a long story.

A story of ``--blocks`` body blocks (500, the most a story holds, by
default), with 20 quotes and 10 people, is saved through the API (created
with POST; then its body replaced with PUT, nine paragraphs in ten rewritten
and pull quotes placed) and through the admin's change form (every tenth
paragraph rewritten, two moved), in one process with Django's test client,
``DEBUG`` off, on a fresh SQLite database (or ``BENCH_DATABASE_URL``). Each
save is made ``--runs`` times and the median and slowest are printed.
``--profile`` prints where the time of one ``EditStory(...).save()`` of the
story goes instead (cProfile). See bench/README.md.
"""

import argparse
import cProfile
import gc
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure(name="long-story"):
    """
    Settings for a throwaway site (its own database, media and collected
    static files, or ``BENCH_DATABASE_URL``), then Django itself, migrated.
    """
    workdir = tempfile.mkdtemp(prefix=f"newsroom-{name}-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DATABASE_URL"] = (
        os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir}/{name}.sqlite3"
    )
    os.environ["MEDIA_ROOT"] = f"{workdir}/media"
    # Static files as production serves them: collected, with hashed names.
    os.environ["STATIC_ROOT"] = f"{workdir}/static"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)


def newsroom():
    """An editor with a token and a browser session, a section, and the people quoted."""
    from django.contrib.auth.models import Group, User
    from django.test import Client
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from articles.models import Section
    from people.models import Person

    editor, _ = User.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
    editor.groups.add(Group.objects.get(name="Editors"))
    token, _ = Token.objects.get_or_create(user=editor)
    section, _ = Section.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    people = [
        Person.objects.get_or_create(slug=f"bench-person-{n}", defaults={"name": f"Person {n}"})[0]
        for n in range(10)
    ]
    # HTTPS as a production site is served (no redirect), on a host it accepts.
    api = APIClient(HTTP_HOST="localhost", secure=True)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    browser = Client(HTTP_HOST="localhost", secure=True)
    browser.force_login(editor)
    return editor, api, browser, section, people


def paragraph(n, version):
    return (
        f"Paragraph {n} of a long story, version {version}: the Chief Constable said "
        f"“We will carry on” as the force met its <strong>targets</strong> for year {n}."
    )


def api_story(slug, blocks, section, people, version=0, quote_ids=()):
    """The story as the API writes it: ``blocks`` paragraphs and subheadings, quotes, people."""
    body = []
    for n in range(blocks):
        if quote_ids and n % 50 == 25:
            body.append({"type": "quote", "quote": quote_ids[n // 50 % len(quote_ids)]})
        elif n % 20 == 0:
            body.append({"type": "subheading", "text": f"Part {n // 20 + 1}"})
        else:
            body.append({"type": "paragraph", "text": paragraph(n, version if n % 10 else 0)})
    quotes = [
        {"text": "We will carry on", "speaker": people[n % len(people)].slug, "source": f"Q{n}"}
        for n in range(20)
    ]
    if quote_ids:
        quotes = [{**quote, "id": pk} for quote, pk in zip(quotes, quote_ids, strict=True)]
    return {
        "headline": f"A long story ({slug})",
        "slug": slug,
        "standfirst": "Every paragraph of it.",
        "section": section.slug,
        "people": [{"person": person.slug} for person in people],
        "quotes": quotes,
        "body": body,
    }


def timed(action):
    # Each save starts from a collected heap, so that the garbage of the
    # request before (opening a 500-block form) is not charged to it.
    gc.collect()
    start = time.perf_counter()
    response = action()
    return time.perf_counter() - start, response


def check(response, status):
    if response.status_code != status:
        raise SystemExit(
            f"expected {status}, got {response.status_code}: {response.content[:500]}"
        )


def bench_api(api, blocks, section, people, runs):
    """Times of creating a story of ``blocks`` blocks with POST, and of changing it with PUT."""
    created, changed = [], []
    for run in range(runs):
        slug = f"long-story-api-{run}-{time.time_ns()}"
        seconds, response = timed(
            lambda slug=slug: api.post(
                "/api/v1/articles/", api_story(slug, blocks, section, people), format="json"
            )
        )
        check(response, 201)
        created.append(seconds)
        url = f"/api/v1/articles/{slug}/"
        quote_ids = [quote["id"] for quote in response.json()["quotes"]]
        for version in (1, 2):
            etag = api.get(url)["ETag"]
            story = api_story(slug, blocks, section, people, version, quote_ids)
            seconds, response = timed(
                lambda story=story, etag=etag, url=url: api.put(
                    url, story, format="json", HTTP_IF_MATCH=etag
                )
            )
            check(response, 200)
            changed.append(seconds)
    return {"API: create (POST)": created, "API: change body (PUT)": changed}


def admin_post_data(browser, article):
    """The story's change form as an editor's browser posts it back unchanged."""
    from django.urls import reverse

    from articles.editing import PARTS, version_token
    from articles.tests.test_admin import saved_rows, story_fields, story_post

    url = reverse("admin:articles_article_change", args=[article.pk])
    opened, page = timed(lambda: browser.get(url))
    check(page, 200)
    # Each inline's prefix is the story's relation to its rows.
    shown = set(re.findall(r'name="([\w-]+)-TOTAL_FORMS"', page.content.decode()))
    prefixes = {model: relation for relation, model in PARTS.values() if relation in shown}
    data = story_post(prefixes, story_fields(article), saved_rows(article))
    data["based_on"] = version_token(article)
    return url, data, opened


def bench_admin(browser, api, blocks, section, people, runs):
    """Times of opening the change form of a ``blocks``-block story and of saving changes."""
    from articles.models import Article, Block

    slug = f"long-story-admin-{time.time_ns()}"
    check(
        api.post("/api/v1/articles/", api_story(slug, blocks, section, people), format="json"),
        201,
    )
    article = Article.objects.get(slug=slug)
    opened, saved = [], []
    for run in range(runs):
        article.refresh_from_db()
        url, data, seconds = admin_post_data(browser, article)
        opened.append(seconds)
        prefix = next(key for key in data if key.endswith("-TOTAL_FORMS") and "block" in key)
        prefix = prefix.removesuffix("-TOTAL_FORMS")
        for index in range(int(data[f"{prefix}-TOTAL_FORMS"])):
            if data[f"{prefix}-{index}-kind"] == Block.Kind.PARAGRAPH and index % 10 == 1:
                data[f"{prefix}-{index}-text"] = paragraph(index, f"admin {run}")
        # Two paragraphs change places.
        first, second = f"{prefix}-1-position", f"{prefix}-2-position"
        data[first], data[second] = data[second], data[first]
        seconds, response = timed(lambda url=url, data=data: browser.post(url, data))
        if response.status_code != 302:
            errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.text, re.S)
            raise SystemExit(
                f"the admin answered {response.status_code} to the save: {errors[:5]}"
            )
        saved.append(seconds)
    return {"admin: open change form": opened, "admin: save changes": saved}


def profile(editor, blocks, section, people):
    """Where the time of saving a new story of ``blocks`` blocks through the edit path goes."""
    from articles.editing import EditStory
    from articles.models import Article, ArticlePerson, Block, Quote

    slug = f"long-story-profile-{time.time_ns()}"
    rows = api_story(slug, blocks, section, people)
    edit = EditStory(
        Article(slug=slug),
        by=editor,
        fields={"headline": rows["headline"], "standfirst": "Profiled.", "section": section},
        people=[ArticlePerson(person=person) for person in people],
        quotes=[Quote(text="We will carry on", speaker=people[0]) for _ in range(20)],
        blocks=[Block(kind=block["type"], text=block["text"]) for block in rows["body"]],
    )
    profiler = cProfile.Profile()
    profiler.runcall(edit.save)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--blocks", type=int, default=500, help="body blocks in the story")
    parser.add_argument("--runs", type=int, default=3, help="saves of each kind")
    parser.add_argument("--profile", action="store_true", help="profile one EditStory.save()")
    options = parser.parse_args()
    configure()
    from django.db import connection

    editor, api, browser, section, people = newsroom()
    if options.profile:
        profile(editor, options.blocks, section, people)
        return
    results = {
        **bench_api(api, options.blocks, section, people, options.runs),
        **bench_admin(browser, api, options.blocks, section, people, options.runs),
    }
    print(
        f"\nSaving a long story: {options.blocks} body blocks, 20 quotes, {len(people)} people; "
        f"database {connection.vendor}; test client in one process, DEBUG off"
    )
    print("{:28} {:>6} {:>10} {:>10}".format("save", "runs", "median s", "slowest s"))
    for name, times in results.items():
        print(f"{name:28} {len(times):6} {statistics.median(times):10.3f} {max(times):10.3f}")


if __name__ == "__main__":
    main()
