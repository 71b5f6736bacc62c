import datetime
import io

import factory
from PIL import Image

from people.dates import Precision
from people.models import Organisation, Person, TimelineEntry


def jpeg_bytes(width=40, height=30):
    """A small real JPEG, so image fields get true pixel sizes."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#336699").save(buffer, "JPEG")
    return buffer.getvalue()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.POLICE_FORCE


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    honorific = "Ms"
    description = "Spokeswoman"


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimelineEntry

    person = factory.SubFactory(PersonFactory)
    kind = TimelineEntry.Kind.POSITION
    title = "Police Constable"
    organisation = factory.SubFactory(OrganisationFactory)
    start_date = datetime.date(2000, 1, 1)
    start_precision = Precision.YEAR
