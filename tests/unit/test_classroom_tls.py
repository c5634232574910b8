"""The self-signed classroom certificate: made once, reused, renewed when it no longer fits."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from tutor_app.classroom import tls
from tutor_app.errors import ConfigError


def san(path: Path) -> list[str]:
    cert = x509.load_pem_x509_certificate(path.read_bytes())
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return [str(name.value) for name in names]


def test_first_use_creates_then_reuses(tmp_path: Path) -> None:
    first = tls.ensure_certificate(tmp_path / "tls", ["192.168.1.5"])
    assert first.created is True
    assert san(first.cert_path) == ["localhost", "127.0.0.1", "192.168.1.5"]
    assert stat.S_IMODE(first.key_path.stat().st_mode) == 0o600
    second = tls.ensure_certificate(tmp_path / "tls", ["192.168.1.5"])
    assert second == tls.Certificate(first.cert_path, first.key_path, first.fingerprint, created=False)


def test_loads_in_an_ssl_context(tmp_path: Path) -> None:
    cert = tls.ensure_certificate(tmp_path, ["10.0.0.2"])
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert.cert_path, cert.key_path)
    parsed = x509.load_pem_x509_certificate(cert.cert_path.read_bytes())
    assert parsed.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    assert parsed.not_valid_after_utc - parsed.not_valid_before_utc < dt.timedelta(days=398)
    assert tls.fingerprint(parsed) == cert.fingerprint
    assert len(cert.fingerprint.split(":")) == 32


def test_new_address_gets_a_new_certificate(tmp_path: Path) -> None:
    first = tls.ensure_certificate(tmp_path, ["192.168.1.5"])
    moved = tls.ensure_certificate(tmp_path, ["10.0.0.9"])
    assert moved.created is True
    assert moved.fingerprint != first.fingerprint
    assert san(moved.cert_path) == ["localhost", "127.0.0.1", "10.0.0.9"]
    assert tls.ensure_certificate(tmp_path, ["10.0.0.9", "localhost"]).created is False


@pytest.mark.parametrize(
    "damage",
    [
        lambda c, k: c.write_text("garbage"),
        lambda c, k: k.write_text("garbage"),
        lambda c, k: k.unlink(),
        lambda c, k: c.write_bytes(c.read_bytes()[:100]),
    ],
    ids=["bad-cert", "bad-key", "no-key", "truncated-cert"],
)
def test_damaged_files_are_replaced(tmp_path: Path, damage) -> None:
    first = tls.ensure_certificate(tmp_path, [])
    damage(first.cert_path, first.key_path)
    again = tls.ensure_certificate(tmp_path, [])
    assert again.created is True
    ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(again.cert_path, again.key_path)


def test_key_from_another_certificate_is_replaced(tmp_path: Path) -> None:
    first = tls.ensure_certificate(tmp_path / "a", [])
    other = tls.ensure_certificate(tmp_path / "b", [])
    first.key_path.write_bytes(other.key_path.read_bytes())
    assert tls.ensure_certificate(tmp_path / "a", []).created is True


def test_expiring_certificate_is_renewed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tls, "LIFETIME", dt.timedelta(days=10))
    tls.ensure_certificate(tmp_path, [])
    monkeypatch.setattr(tls, "LIFETIME", dt.timedelta(days=397))
    renewed = tls.ensure_certificate(tmp_path, [])
    assert renewed.created is True
    assert x509.load_pem_x509_certificate(renewed.cert_path.read_bytes()).not_valid_after_utc > (
        dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=300)
    )


def test_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ConfigError) as err:
        tls.ensure_certificate(blocker / "tls", [])
    assert str(err.value).startswith(f"Could not write the classroom certificate into {blocker / 'tls'}: ")
    assert str(err.value).endswith("Check that the data folder (TUTOR_DATA_DIR) is writable.")


def test_hostnames_become_dns_names(tmp_path: Path) -> None:
    cert = tls.ensure_certificate(tmp_path, ["laptop.local"])
    parsed = x509.load_pem_x509_certificate(cert.cert_path.read_bytes())
    names = parsed.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["localhost", "laptop.local"]
    assert names.get_values_for_type(x509.IPAddress) == [ipaddress.ip_address("127.0.0.1")]
    key = serialization.load_pem_private_key(cert.key_path.read_bytes(), password=None)
    assert key.key_size == 256
