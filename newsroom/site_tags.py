"""
Template filters for the public site, loaded with ``{% load site %}``.

Registered in settings (TEMPLATES' ``libraries``) so that both apps' templates
use them without either app depending on the other.
"""

import datetime
import json

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# What could end a <script> element or open an HTML comment inside it, written
# as JSON escapes instead (as Django's json_script does); U+2028 and U+2029
# too, which some JavaScript parsers treat as line ends.
_SCRIPT_SAFE = str.maketrans(
    {
        "<": "\\u003C",
        ">": "\\u003E",
        "&": "\\u0026",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)


@register.filter
def ld_json(data):
    """
    ``data`` as JSON safe to place between ``<script type="application/ld+json">``
    and ``</script>``: no text in it can close the element.
    """
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE))


@register.filter
def absolute(url, site):
    """``url`` made absolute on ``site`` (the ``site`` every page has), for share cards."""
    return site.absolute(url) if url else ""


@register.filter(expects_localtime=True)
def isotime(value):
    """
    A moment as ``<time datetime>`` and meta tags take it: ISO 8601 to the
    second, in the newsroom's time zone ("2019-02-28T10:00:00+00:00"). HTML
    allows at most milliseconds, and Django's ``date:"c"`` prints
    microseconds, so every page prints its times through this filter.
    """
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
