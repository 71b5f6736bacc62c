"""
Portraits uploaded on a profile in the admin: the same limits and the same
cleaning as a story's pictures (newsroom.uploads).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from newsroom.tests.pictures import (
    NO_METADATA,
    jpeg_of_exactly,
    metadata_of,
    phone_photo,
    png_claiming,
)
from people.models import Person
from people.tests.test_admin import timeline_post

pytestmark = pytest.mark.django_db


def portrait_post(client, content, *, slug="mike-barton", name="barton-at-home-2019.jpg"):
    return timeline_post(
        client,
        [],
        slug=slug,
        portrait=SimpleUploadedFile(name, content, "image/jpeg"),
        portrait_alt_text="Mike Barton in uniform",
    )


def test_a_portrait_is_stored_upright_without_gps_under_a_new_random_name_each_time(
    client, editor
):
    for slug in ("mike-barton", "michael-barton"):
        response = portrait_post(client, phone_photo(width=30, height=40), slug=slug)
        assert response.status_code == 302

    first, second = (
        Person.objects.get(slug=slug).portrait for slug in ("mike-barton", "michael-barton")
    )
    assert first.name != second.name
    for portrait in (first, second):
        assert portrait.name.startswith("people/portraits/")
        assert "barton" not in portrait.name
        assert "2019" not in portrait.name
        with portrait.open() as file:
            assert metadata_of(file) == NO_METADATA
            file.seek(0)
            assert Image.open(file).size == (30, 40)


def test_a_portrait_at_the_size_limit_is_accepted_and_one_byte_over_is_refused(
    client, editor, settings
):
    settings.PICTURE_MAX_BYTES = 20_000

    over = portrait_post(client, jpeg_of_exactly(20_001))

    assert over.status_code == 200
    assert "a picture may be at most 19.5\xa0KB (20,000 bytes)." in over.content.decode()
    assert not Person.objects.exists()

    at_the_limit = portrait_post(client, jpeg_of_exactly(20_000))

    assert at_the_limit.status_code == 302
    assert Person.objects.get().portrait


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_decompression_bomb_portrait_is_a_form_error_not_a_500(client, editor):
    response = portrait_post(client, png_claiming(20_000, 20_000), name="bomb.png")

    assert response.status_code == 200
    assert "This picture has more than 100 megapixels" in response.content.decode()
    assert not Person.objects.exists()
