"""A self-signed certificate for the classroom app, made once and reused."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tutor_app.errors import ConfigError
from tutor_app.private import readable_by_others, write_private

CERT_NAME = "cert.pem"
KEY_NAME = "key.pem"
# Browsers cap certificate lifetimes at 398 days; renew a month before the end.
LIFETIME = dt.timedelta(days=397)
RENEW_BEFORE = dt.timedelta(days=30)


@dataclass(frozen=True)
class Certificate:
    """Where the certificate and its key are, and its SHA-256 fingerprint."""

    cert_path: Path
    key_path: Path
    fingerprint: str
    created: bool


def _names(hosts: Sequence[str]) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = []
    for host in dict.fromkeys(["localhost", "127.0.0.1", *hosts]):
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return names


def fingerprint(cert: x509.Certificate) -> str:
    """The certificate's SHA-256 fingerprint as colon-separated hex, as browsers show it."""
    return cert.fingerprint(hashes.SHA256()).hex(":").upper()


def _reusable(cert_path: Path, key_path: Path, wanted: list[x509.GeneralName]) -> x509.Certificate | None:
    try:
        # A key other accounts could read may have been copied: it is replaced, not reused.
        if readable_by_others(key_path):
            return None
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (OSError, ValueError, TypeError, x509.ExtensionNotFound):
        return None
    if key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) != cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ):
        return None
    now = dt.datetime.now(dt.timezone.utc)
    if cert.not_valid_after_utc - now < RENEW_BEFORE or any(name not in names for name in wanted):
        return None
    return cert


def _generate(names: list[x509.GeneralName]) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "tutor_app classroom")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + LIFETIME)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    return cert, key


def ensure_certificate(folder: Path, hosts: Sequence[str]) -> Certificate:
    """Reuse the certificate in ``folder`` if it covers ``hosts`` and is not expiring; else make one."""
    folder = Path(folder)
    cert_path, key_path = folder / CERT_NAME, folder / KEY_NAME
    wanted = _names(hosts)
    cert = _reusable(cert_path, key_path, wanted)
    if cert is not None:
        return Certificate(cert_path, key_path, fingerprint(cert), created=False)
    cert, key = _generate(wanted)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        # The key is written readable by its owner only, before any byte lands in it.
        write_private(key_path, key_pem)
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    except OSError as exc:
        raise ConfigError(
            f"Could not write the classroom certificate into {folder}: {exc.strerror or exc}. "
            "Check that the data folder (TUTOR_DATA_DIR) is writable."
        ) from exc
    return Certificate(cert_path, key_path, fingerprint(cert), created=True)
