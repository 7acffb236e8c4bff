"""Where a forum's attendees give their feedback, and where officers read it.

The feedback survey after a forum belongs to the surveys app, a layer above forums: forums
cannot import it. Surveys registers a provider here in its AppConfig.ready(), and the forum's
pages ask it for their links:

    feedback.register(provider)

`provider` has `answer_link(forum, user)` → (url, label) of the page where `user` gives their
feedback on `forum`, or None (no survey, closed, already answered, not for them), and
`results_link(forum)` → (url, label) of the officers' results, or None. With no provider (or
none answering) the forum's pages show no feedback link.
"""

_providers = []


def register(provider):
    if provider not in _providers:
        _providers.append(provider)


def answer_link(forum, user):
    for provider in _providers:
        link = provider.answer_link(forum, user)
        if link:
            return link
    return None


def results_link(forum):
    for provider in _providers:
        link = provider.results_link(forum)
        if link:
            return link
    return None


def survey_url(forum):
    """The address of the forum's feedback survey for anyone (the old /forums/<slug>/feedback/
    links of sent e-mails lead there), or None."""
    for provider in _providers:
        url = provider.survey_url(forum)
        if url:
            return url
    return None
