"""Formulations: topics, families of one line across years, and what changed per year."""
