"""Forms the fault tests submit to the real server, as people fill them in."""

from tests.factories import PASSWORD

SIGN_UP = {
    "full_name": "Awa Konaté",
    "email": "awa@example.ml",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "new_organization_name": "Transports Konaté et Fils",
    "new_organization_category": "transport",
}
