"""The address a request came from, read through Nestling's own reverse proxies only.

REMOTE_ADDR is the peer that opened the connection. Only when that peer is one of
NESTLING_TRUSTED_PROXIES is X-Forwarded-For believed, and then only from the right: each proxy appends
the address it saw, so the right-most entry that is not a trusted proxy is the client. Anything to its
left was written by the client and may be made up.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _networks(values: Iterable[str]) -> list[Network]:
    # settings.py has already refused a value that is not an address or network.
    return [ipaddress.ip_network(value, strict=False) for value in values]


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address, networks: list[Network]) -> bool:
    return any(address in network for network in networks)


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address: REMOTE_ADDR, or what trusted proxies say they were sent from."""
    peer = request.META.get("REMOTE_ADDR") or None
    networks = _networks(getattr(settings, "NESTLING_TRUSTED_PROXIES", []))
    if peer is None or not networks:
        return peer
    hop = _address(peer)
    if hop is None or not _trusted(hop, networks):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed([e for e in forwarded.split(",") if e.strip()]):
        address = _address(entry)
        if address is None:
            break  # a garbled entry: trust nothing left of it
        hop = address
        if not _trusted(hop, networks):
            break
    return str(hop)
