"""Every POST form of the portal is fuzzed (tests/test_fuzz_forms.py FORMS) or exempt, with why.

The test walks the pages of the permission matrix (its world and its table, every role signed
in for real), reads every <form method="post"> they render, and resolves where each posts to.
A form that posts to a URL named by no FORMS entry and not in EXEMPT fails the test, so a new
form cannot escape the fuzzer.
"""

from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from django.urls import NoReverseMatch, resolve

from tests import permission_world
from tests.test_fuzz_forms import FORMS
from tests.test_permission_matrix import ROLES, TABLE, post_form_targets, sign_in

# Forms the fuzzer leaves alone, each with its reason.
EXEMPT = {
    # Forms of one button and nothing else (no field, no value): nothing a person types or a
    # forged request could change. The permission matrix posts to each of them as someone
    # who may not, and their own tests cover what they do.
    "account_logout": "a button",
    "stakeholders:contact_remove": "a button",
    "stakeholders:import_run": "a button",
    "stakeholders:membership_approve": "a button",
    "stakeholders:membership_hand_over": "a button",
    "stakeholders:membership_withdraw": "a button",
    # A button whose hidden role is one of two values, checked by a ChoiceField (404 if not).
    "stakeholders:membership_role": "a button",
    "surveys:launch": "a button",
    "surveys:section_delete": "a button",
    "surveys:question_delete": "a button",
    # A button whose value is one of two directions (up or down): any other is a 404.
    "surveys:section_move": "a button",
    "surveys:question_move": "a button",
    "forums:cancel": "a button",
    "forums:session_delete": "a button",
    "consultations:comment_withdraw": "a button",
    "meetings:occurrence_cancel": "a button",
    "meetings:occurrence_detach": "a button",
    "meetings:remind_unanswered": "a button",
    "surveys:remind": "a button",
    # A button whose value is one of two directions (next or previous working day): any other
    # is a 404 before anything is read.
    "meetings:occurrence_shift": "a button",
    "actionplans:plan_activate": "a button",
    "actionplans:plan_close": "a button",
    "integrity:conflict_end": "a button",
    "integrity:case_acknowledge": "a button",
    "integrity:forget": "a button",
    # One-click unsubscribing: its one hidden field is RFC 8058's fixed value, which the view
    # does not read; the signed token in the address is all it acts on (tampered: 400).
    "unsubscribe": "a button",
    "webhooks:secret": "a button",
    "webhooks:delete": "a button",
    "webhooks:ping": "a button",
    "webhooks:enable": "a button",
    "webhooks:redeliver": "a button",
    "accounts:token_revoke": "a button",
    # Publishing a survey's results: a checkbox (the texts too, or not) and two buttons
    # (publish, unpublish); nothing typed. tests/surveys/test_published.py covers both.
    "surveys:publish": "a checkbox and buttons",
    # The registry list's bulk actions: checkboxes of organisation ids and buttons, nothing
    # typed. An id that is not an organisation the officer may see is a 404
    # (stakeholders.bulk.selection), none chosen goes back to the list; the junk cases are
    # tests/stakeholders/test_registry.py's. The buttons post to their actions' own pages.
    "stakeholders:selection_export": "checkboxes of ids and buttons",
    # allauth's re-authentication by a code sent to the account's own address: a choice
    # among the account's addresses, then a code checked by allauth.
    "account_request_reauthentication_code": "allauth's code by e-mail",
    # allauth's second-factor forms: a six-digit code checked against the authenticator (a
    # junk code is simply a wrong one, rate-limited by allauth), or a button.
    "mfa_authenticate": "a TOTP code, checked by allauth",
    "mfa_reauthenticate": "a TOTP code, checked by allauth",
    "mfa_activate_totp": "a TOTP code, checked by allauth",
    "mfa_deactivate_totp": "a button behind re-authentication",
    "mfa_generate_recovery_codes": "a button behind re-authentication",
    # Re-authentication asks for the password again: allauth's own form, rate-limited.
    "account_reauthenticate": "the account's password, checked by allauth",
    # Django's admin, for superusers only, behind the same sign-in: its forms are Django's.
    **{
        name: "Django's admin"
        for name in {row.name for row in TABLE if row.name.startswith("admin:")}
    },
}

# Stand-ins for the demo objects a FORMS URL names, enough to resolve it to its URL name.
SAMPLE = defaultdict(lambda: "1", stamp="20270101T090000Z")


def fuzzed_names():
    names = {}
    for form in FORMS:
        path = urlsplit((form.post or form.url).format_map(SAMPLE)).path
        names[resolve(path).view_name] = form.name
    return names


def test_every_fuzz_entry_and_exemption_names_a_url_that_exists():
    fuzzed = fuzzed_names()
    both = sorted(set(fuzzed) & set(EXEMPT))
    assert not both, f"fuzzed and exempt at once: {both}"


@pytest.mark.django_db
def test_every_post_form_of_the_portal_is_fuzzed_or_exempt(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = permission_world.build()
    fuzzed = fuzzed_names()
    unfuzzed = {}
    for role in ROLES:
        client.logout()
        if world.users[role] is not None:
            sign_in(client, world.users[role])
        for entry in TABLE:
            if entry.name.startswith("admin:"):
                continue
            try:
                url = entry.url(world)
            except NoReverseMatch:
                continue  # the matrix reports it
            response = client.get(url)
            if response.status_code != 200 or response.streaming:
                continue
            for name in post_form_targets(url, response.content):
                if name not in fuzzed and name not in EXEMPT:
                    unfuzzed.setdefault(name, f"{url} ({role})")

    assert not unfuzzed, (
        f"{len(unfuzzed)} POST form(s) neither in FORMS of tests/test_fuzz_forms.py nor in "
        "EXEMPT: " + "; ".join(f"{name}, on {page}" for name, page in sorted(unfuzzed.items()))
    )
