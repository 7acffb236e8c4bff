"""The integrity app's models, one module per register: contacts with the private sector
(register.py), gifts, hospitality and conflicts of interest (gifts.py), complaints
(complaints.py)."""

from integrity.models.complaints import *  # noqa: F403
from integrity.models.gifts import *  # noqa: F403
from integrity.models.register import *  # noqa: F403
