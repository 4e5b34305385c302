"""Phrases: occurrences with their context, and timelines of how often they occur."""
