"""The integrity pages: the hub (hub.py), the register of contacts (register.py), gifts,
hospitality and conflicts of interest (gifts.py), complaints (complaints.py)."""
