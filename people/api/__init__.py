"""The people app's part of the JSON API: people, their careers, organisations."""
