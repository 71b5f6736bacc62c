"""JSON-LD on a page: text inside it can never close its <script> element."""

import json

from django.template import Context, Template

from newsroom.site import Site


def render_ld(data):
    template = Template(
        '{% load site %}<script type="application/ld+json">{{ data|ld_json }}</script>'
    )
    return template.render(Context({"data": data}))


def test_text_that_would_close_the_script_stays_inside_it():
    hostile = "</script><script>alert(1)</script><!-- & \u2028 “Smart”"
    html = render_ld({"headline": hostile})
    inside = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inside
    assert ">" not in inside
    assert "&" not in inside
    assert json.loads(inside) == {"headline": hostile}
    assert "“Smart”" in inside


def test_site_addresses_are_absolute():
    site = Site(name="Newsroom", url="https://news.example.com")
    assert site.absolute("/people/mike-barton/") == "https://news.example.com/people/mike-barton/"
    assert site.absolute("https://cdn.example.com/a.jpg") == "https://cdn.example.com/a.jpg"
