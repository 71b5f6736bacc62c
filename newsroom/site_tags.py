"""
Template filters for the public site, loaded with ``{% load site %}``.

Registered in settings (TEMPLATES' ``libraries``) so that both apps' templates
use them without either app depending on the other.
"""

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
