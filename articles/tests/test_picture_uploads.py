"""
Pictures uploaded with a story in the admin: refused over the limits with a
clear message, stored upright without the photographer's GPS or other
metadata, under a name nobody can guess before the story is live; and the
renditions readers get carry neither.
"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from imagekit.cachefiles import ImageCacheFile
from PIL import Image

from articles.models import Article, Caption
from articles.renditions import SPECS
from articles.tests.factories import CaptionFactory, newsroom_account
from articles.tests.test_admin import form_errors, new_story_post
from newsroom.tests.pictures import (
    NO_METADATA,
    jpeg_of_exactly,
    metadata_of,
    phone_photo,
    png_claiming,
)

pytestmark = pytest.mark.django_db

UPLOADED_NAME = "IMG_20190607_barton_durham.jpg"


@pytest.fixture
def editor(client):
    """An editor signed in to the admin."""
    client.force_login(newsroom_account("editor", "Editors", is_staff=True))


def upload(content, name=UPLOADED_NAME, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type)


def saved_story(response):
    assert response.status_code == 200
    assert Article.objects.filter(slug="chief-constable-to-retire").exists(), form_errors(response)
    return Article.objects.get(slug="chief-constable-to-retire")


def refused(response, message):
    """The story form came back with ``message`` on the picture, and nothing was saved."""
    assert response.status_code == 200
    assert not Article.objects.exists()
    assert not Caption.objects.exists()
    assert message in response.content.decode()
    return True


def test_a_phone_photo_is_stored_upright_without_its_gps_or_other_metadata(client, editor):
    story = saved_story(new_story_post(client, image=upload(phone_photo(width=30, height=40))))

    caption = story.captions.get()
    with caption.image.open() as file:
        assert metadata_of(file) == NO_METADATA
        file.seek(0)
        picture = Image.open(file)
        picture.load()
    assert picture.size == (30, 40)
    assert (caption.width, caption.height) == (30, 40)
    red, _, blue = picture.getpixel((15, 5))
    assert red > 200 > blue


def test_a_stored_picture_name_says_nothing_of_what_the_uploader_called_it(client, editor):
    story = saved_story(new_story_post(client, image=upload(phone_photo())))

    name = story.captions.get().image.name
    folder, stored = name.rsplit("/", 1)
    assert folder == "captions"
    assert len(stored) == len("0123456789abcdef0123456789abcdef.jpg")
    for word in ("IMG", "2019", "0607", "barton", "durham"):
        assert word.lower() not in stored.lower()


def test_a_picture_at_the_size_limit_is_accepted(client, editor, settings):
    image = upload(jpeg_of_exactly(settings.PICTURE_MAX_BYTES), name="at-the-limit.jpg")
    story = saved_story(new_story_post(client, image=image))

    # Stored as its pixels only: what padded it to the limit is not kept.
    assert story.captions.get().image.size < 10_000


def test_a_picture_one_byte_over_the_size_limit_is_refused_with_the_limit(
    client, editor, settings
):
    settings.PICTURE_MAX_BYTES = 10 * 1024 * 1024

    image = upload(jpeg_of_exactly(settings.PICTURE_MAX_BYTES + 1), name="over.jpg")
    response = new_story_post(client, image=image)

    assert refused(response, "a picture may be at most 10.0\xa0MB (10,485,760 bytes).")


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(
    ("width", "height", "message"),
    [
        (8_000, 8_000, "This picture is 8000 × 8000 pixels (64 megapixels)"),
        (30_000, 30_000, "This picture has more than 100 megapixels"),
    ],
)
def test_a_decompression_bomb_is_a_form_error_not_a_500(client, editor, width, height, message):
    image = upload(png_claiming(width, height), name="bomb.png", content_type="image/png")
    response = new_story_post(client, image=image)

    assert refused(response, message)
    assert "a picture may have at most 50 megapixels." in response.content.decode()


def test_renditions_are_named_after_the_random_name_and_carry_no_metadata():
    caption = CaptionFactory(image=ContentFile(phone_photo(width=1000, height=600), name="x.jpg"))
    stem = caption.image.name.removesuffix(".jpg")

    for width, spec in SPECS.items():
        rendition = ImageCacheFile(spec(source=caption.image))
        rendition.generate()
        assert rendition.name.startswith(f"CACHE/images/{stem}/")
        with rendition.storage.open(rendition.name) as file:
            assert metadata_of(file) == NO_METADATA
            file.seek(0)
            assert Image.open(file).width == min(width, 1000)


def test_renditions_of_a_picture_stored_before_cleaning_carry_none_of_its_metadata():
    caption = CaptionFactory()
    # As pictures uploaded before they were cleaned are stored: as they came.
    legacy = caption.image.storage.save("captions/2019/06/barton.jpg", ContentFile(phone_photo()))
    Caption.objects.filter(pk=caption.pk).update(image=legacy)
    caption.refresh_from_db()

    rendition = ImageCacheFile(SPECS[480](source=caption.image))
    rendition.generate()

    with rendition.storage.open(rendition.name) as file:
        assert metadata_of(file) == NO_METADATA
