"""The laptop's network address and the URL students open."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.support.cli import run_tutor
from tutor_app.classroom import network


def test_lan_address_is_private_ipv4_or_loopback() -> None:
    address = ipaddress.IPv4Address(network.lan_address())
    assert address.is_loopback or (address.is_private and not address.is_link_local)


def test_route_probe_target_is_private() -> None:
    # The UDP "connect" must only ever aim inside the LAN, never at the internet.
    assert ipaddress.ip_address(network.ROUTE_PROBE[0]).is_private


def test_falls_back_to_interfaces_then_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(network, "_routed_address", lambda: None)
    interfaces = {
        "lo": [SimpleNamespace(family=socket.AF_INET, address="127.0.0.1")],
        "docker0": [SimpleNamespace(family=socket.AF_INET, address="172.17.0.1")],
        "wlan0": [
            SimpleNamespace(family=socket.AF_INET6, address="fe80::1"),
            SimpleNamespace(family=socket.AF_INET, address="192.168.1.23"),
        ],
        "eth9": [SimpleNamespace(family=socket.AF_INET, address="169.254.3.3")],
    }
    stats = {"lo": SimpleNamespace(isup=True), "docker0": SimpleNamespace(isup=False),
             "wlan0": SimpleNamespace(isup=True), "eth9": SimpleNamespace(isup=True)}
    monkeypatch.setattr(network.psutil, "net_if_addrs", lambda: interfaces)
    monkeypatch.setattr(network.psutil, "net_if_stats", lambda: stats)
    assert network.lan_address() == "192.168.1.23"
    monkeypatch.setattr(network.psutil, "net_if_addrs", lambda: {"lo": interfaces["lo"]})
    assert network.lan_address() == "127.0.0.1"


@pytest.mark.parametrize(
    ("address", "usable"),
    [
        ("192.168.0.10", True),
        ("10.1.2.3", True),
        ("172.20.0.5", True),
        ("127.0.0.1", False),
        ("169.254.1.1", False),
        ("0.0.0.0", False),
        ("8.8.8.8", False),
        ("not an address", False),
        ("fe80::1", False),
    ],
)
def test_usable_addresses(address: str, usable: bool) -> None:
    assert network._usable(address) is usable


@pytest.mark.parametrize(
    ("bind", "expected"),
    [("127.0.0.1", "127.0.0.1"), ("192.168.1.9", "192.168.1.9"), ("0.0.0.0", "10.0.0.7"), ("", "10.0.0.7")],
)
def test_public_host(monkeypatch: pytest.MonkeyPatch, bind: str, expected: str) -> None:
    monkeypatch.setattr(network, "lan_address", lambda: "10.0.0.7")
    assert network.public_host(bind) == expected


@pytest.mark.parametrize(
    ("host", "port", "https", "url"),
    [("10.0.0.7", 8501, True, "https://10.0.0.7:8501"), ("127.0.0.1", 9000, False, "http://127.0.0.1:9000")],
)
def test_app_url(host: str, port: int, https: bool, url: str) -> None:
    assert network.app_url(host, port, https=https) == url


@pytest.mark.parametrize(
    ("host", "who"),
    [
        ("0.0.0.0", "anyone on this computer's networks (the classroom Wi-Fi included)"),
        ("127.0.0.1", "only this computer"),
        ("localhost", "only this computer"),
        ("192.168.1.9", "anyone on the network of 192.168.1.9"),
    ],
)
def test_reachable_by(host: str, who: str) -> None:
    assert network.reachable_by(host) == who


@pytest.mark.parametrize(
    ("flags", "who"),
    [
        (("--host", "0.0.0.0"), "anyone on this computer's networks (the classroom Wi-Fi included)"),
        (("--host", "192.168.1.5"), "anyone on the network of 192.168.1.5"),
        (("--classroom", "--http"), "anyone on this computer's networks (the classroom Wi-Fi included)"),
    ],
)
def test_the_app_refuses_the_network_until_a_passcode_is_set(data_dir: Path, flags: tuple[str, ...], who: str) -> None:
    result = run_tutor("app", "--port", "8599", *flags, data_dir=data_dir)
    assert (result.returncode, result.stdout) == (2, "")
    host = flags[1] if flags[0] == "--host" else "0.0.0.0"
    assert result.stderr == (
        f"tutor: Listening on {host} lets {who} open the app, and no Teacher passcode is set, so anyone "
        "could open Settings and the Teacher page. Set one first with `tutor passcode`, then start the app "
        "again (or leave out --host and --classroom to keep it on this computer).\n"
    )
