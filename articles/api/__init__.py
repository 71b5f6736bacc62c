"""The articles app's part of the JSON API: stories, quotes, captions, sections."""
