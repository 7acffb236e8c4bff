"""In a real browser: the copy button beside a calendar address appears and copies it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_copy_button_copies_the_public_feed_address(page, live_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(reverse("meetings:subscribe_public"))
    button = page.locator("button[data-copy=public-feed-url]")

    expect(button).to_be_visible()
    button.click()

    expect(page.locator("#public-feed-url-status")).not_to_be_empty()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == live_server.url + reverse("meetings:public_feed")
