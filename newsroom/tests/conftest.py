"""The page cache's tests share the articles app's two stories."""

from articles.tests.fixtures import person, story_a, story_b  # noqa: F401
