"""``python manage.py generate_corpus --stories N``: a synthetic archive for benchmarks."""

from argparse import ArgumentTypeError

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

from articles import corpus


def bounded(least, most):
    """
    An argparse type: a whole number from ``least`` to ``most``. Anything
    else is refused as argparse refuses a bad argument (a CommandError when
    called from code), saying what is allowed.
    """

    def parse(value):
        try:
            number = int(value)
        except ValueError:
            raise ArgumentTypeError(f"must be a whole number, not “{value}”.") from None
        if not least <= number <= most:
            raise ArgumentTypeError(f"must be from {least:,} to {most:,}, not {number:,}.")
        return number

    return parse


class Command(BaseCommand):
    help = (
        "Add N realistic synthetic stories to the database, for benchmarks: sections, "
        "tags, about one new person per 20 stories (some with careers), stories over ten "
        "years with 8-30 body blocks, quotes, pull quotes and pictures, mostly live with a "
        "few drafts, scheduled, embargoed and expired ones. The same --seed gives the same "
        "archive (on the same database, the same day). Written in bulk, a batch of stories "
        "per transaction, not through the edit path; search vectors are filled in SQL, "
        "the page cache is invalidated and PostgreSQL's statistics are brought up to date. "
        "See articles/corpus.py."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stories",
            required=True,
            type=bounded(corpus.MIN_STORIES, corpus.MAX_STORIES),
            help=f"How many stories to add ({corpus.MIN_STORIES:,} to {corpus.MAX_STORIES:,}).",
        )
        parser.add_argument(
            "--seed",
            type=bounded(0, 2**32 - 1),
            default=0,
            help="What the archive is drawn from (default 0): the same seed gives the same one.",
        )
        parser.add_argument(
            "--batch",
            type=bounded(corpus.MIN_BATCH, corpus.MAX_BATCH),
            default=corpus.DEFAULT_BATCH,
            help=f"Stories per transaction (default {corpus.DEFAULT_BATCH:,}).",
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            choices=list(connections),
            help="The database to add them to (default: default).",
        )

    def handle(self, *args, stories, seed, batch, database, verbosity, **options):
        def progress(done):
            if verbosity >= 2:
                self.stdout.write(f"  {done:,} of {stories:,} stories")

        counts = corpus.generate(
            stories, seed=seed, batch=batch, using=database, progress=progress
        )
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(counts.summary()))
