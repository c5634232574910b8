"""The laptop's address on the room's network, found without sending any traffic."""

from __future__ import annotations

import ipaddress
import socket

import psutil

# Connecting a UDP socket only picks a route and a source address; no packet
# leaves the machine. A private address keeps the question inside the LAN.
ROUTE_PROBE = ("10.255.255.255", 9)
LOOPBACK = "127.0.0.1"
ALL_INTERFACES = "0.0.0.0"


def _usable(address: str) -> bool:
    try:
        ip = ipaddress.IPv4Address(address)
    except ipaddress.AddressValueError:
        return False
    return ip.is_private and not (ip.is_loopback or ip.is_link_local or ip.is_unspecified)


def _routed_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(ROUTE_PROBE)
        except OSError:
            return None
        address = sock.getsockname()[0]
    return address if _usable(address) else None


def _interface_addresses() -> list[str]:
    stats = psutil.net_if_stats()
    found = []
    for name, addresses in sorted(psutil.net_if_addrs().items()):
        if name in stats and not stats[name].isup:
            continue
        found.extend(a.address for a in addresses if a.family == socket.AF_INET and _usable(a.address))
    return found


def lan_address() -> str:
    """This computer's private IPv4 address on the local network, or 127.0.0.1 if it has none."""
    routed = _routed_address()
    if routed:
        return routed
    candidates = _interface_addresses()
    return candidates[0] if candidates else LOOPBACK


def public_host(bind_host: str) -> str:
    """The address students type for an app bound to ``bind_host``."""
    return lan_address() if bind_host in (ALL_INTERFACES, "", "::") else bind_host


def app_url(host: str, port: int, *, https: bool) -> str:
    """The app's address as students open it."""
    return f"{'https' if https else 'http'}://{host}:{port}"


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this computer only (127.0.0.0/8, ::1 or localhost)."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def reachable_by(host: str) -> str:
    """Who can open an app bound to ``host``, in plain words."""
    if host in (ALL_INTERFACES, "", "::"):
        return "anyone on this computer's networks (the classroom Wi-Fi included)"
    if is_loopback(host):
        return "only this computer"
    return f"anyone on the network of {host}"
