"""``python manage.py load_story``: load, or put back, the retirement story from its data file."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize

from articles.loader import STORY_FILE, load_story


class Command(BaseCommand):
    help = (
        f"Load the Mike Barton retirement story from {STORY_FILE.name} and put it live. "
        "Running it again changes nothing, or puts back what an editor changed."
    )

    def handle(self, *args, verbosity, **options):
        changes = []

        def report(change):
            changes.append(change)
            if verbosity >= 2:
                self.stdout.write(f"  {change}")

        try:
            article = load_story(report=report)
        except ValidationError as error:
            raise CommandError(
                f"{STORY_FILE.name} was not loaded, nothing changed: {'; '.join(error.messages)}"
            ) from error
        if changes:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded “{article}”: {len(changes)} change{pluralize(changes)}."
                )
            )
        else:
            self.stdout.write(f"“{article}” already matches {STORY_FILE.name}: nothing changed.")
