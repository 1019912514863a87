"""Demo data for `manage.py seed_demo`: a county committee's tree, members and study articles.

The data modules (`organisations`, `people`, `articles`) hold only content;
`seed` writes it idempotently, keyed by natural keys, so a re-run adds what is
missing and never touches what a user has changed.
"""
