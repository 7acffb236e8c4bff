"""Where the portal may send a webhook: a guard against being turned on its own network.

An endpoint's address must be https (http only on a developer's machine, DEBUG, or where
WEBHOOKS_ALLOW_HTTP says so: the tests' local receiver), and its host must resolve to public
addresses only: loopback, private, link-local (cloud metadata), shared, reserved and multicast
addresses are refused unless WEBHOOKS_ALLOW_PRIVATE_ADDRESSES allows them (an installation
whose receiver is on the administration's own network). The check runs when an officer saves
the endpoint and again before every attempt, on the address the connection is then made to.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


class Refused(Exception):
    pass


def allowed_schemes():
    if settings.DEBUG or settings.WEBHOOKS_ALLOW_HTTP:
        return ("https", "http")
    return ("https",)


def is_public(address):
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host, port):
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise Refused(
            _("The address’s host cannot be found (%(error)s).") % {"error": exc}
        ) from exc
    return list(dict.fromkeys(info[4][0] for info in infos))


def checked_address(url):
    """The IP address to connect to for `url`, once checked; raises Refused."""
    parts = urlsplit(url)
    if parts.scheme not in allowed_schemes():
        raise Refused(_("The address must start with https://."))
    if not parts.hostname:
        raise Refused(_("The address has no host."))
    if parts.username or parts.password:
        raise Refused(_("The address must not contain a user name or password."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise Refused(_("The address’s port is not valid.")) from exc
    addresses = resolve(parts.hostname, port)
    if not addresses:
        raise Refused(_("The address’s host cannot be found."))
    if not settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:
        private = [address for address in addresses if not is_public(address)]
        if private:
            raise Refused(
                _(
                    "The address leads to a private or local network (%(address)s): "
                    "webhooks are sent only to public addresses."
                )
                % {"address": private[0]}
            )
    return addresses[0]
