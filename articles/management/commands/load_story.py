"""``python manage.py load_story``: load the retirement story from its data file, or reset it."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize

from articles.loader import STORY_FILE, load_story


class Command(BaseCommand):
    help = (
        f"Load the Mike Barton retirement story from {STORY_FILE.name} and put it live. "
        "Only what is missing is created: a story, person, organisation, section or tag "
        "that exists is left as editors keep it. --reset puts everything back as the file says."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help=f"Put the story, its people and their careers back as {STORY_FILE.name} "
            "says, over any editor's changes (the story's history keeps what they were).",
        )

    def handle(self, *args, verbosity, reset, **options):
        changes = []

        def report(change):
            changes.append(change)
            if verbosity >= 2:
                self.stdout.write(f"  {change}")

        try:
            article = load_story(reset=reset, report=report)
        except ValidationError as error:
            raise CommandError(
                f"{STORY_FILE.name} was not loaded, nothing changed: {'; '.join(error.messages)}"
            ) from error
        done = "Put back" if reset else "Loaded"
        if changes:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{done} “{article}”: {len(changes)} change{pluralize(changes)}."
                )
            )
        elif reset:
            self.stdout.write(f"“{article}” already matches {STORY_FILE.name}: nothing changed.")
        else:
            self.stdout.write(
                f"“{article}” is already loaded: nothing changed, editors' changes are kept. "
                f"manage.py load_story --reset puts it back as {STORY_FILE.name} has it."
            )
