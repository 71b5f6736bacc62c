"""The one-way dependency of DESIGN.md: articles may import people, never the reverse."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_people_never_imports_articles():
    people = Path(settings.BASE_DIR) / "people"
    offenders = [
        f"{path.relative_to(settings.BASE_DIR)} imports {module}"
        for path in sorted(people.rglob("*.py"))
        for module in imported_modules(path)
        if module == "articles" or module.startswith("articles.")
    ]
    assert offenders == []


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    # makemigrations --check exits non-zero when a model and its migrations differ.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
