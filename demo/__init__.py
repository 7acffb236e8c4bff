"""Demo data in a Malian setting: accounts, organisations, meetings, forums, consultations,
action plans and announcements, seeded by `manage.py seed_demo`.

The top of the house: it writes through every app's services and nothing in production code
imports it. It stays in INSTALLED_APPS so that `make run` can seed and `demo_codes` can print
the demo second-factor code.
"""
