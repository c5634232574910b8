"""`tutor app --classroom` on loopback: HTTPS with a certificate made once, and a QR code that reads back."""

from __future__ import annotations

import hashlib
import io
import os
import ssl
from pathlib import Path

import httpx
import pytest
import zxingcpp
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from PIL import Image

from tests.support.browser import open_page
from tests.support.servers import start_app, stop_process
from tutor_app.grading.passcode import hash_passcode
from tutor_app.i18n import t

pytestmark = pytest.mark.slow

QR = '[data-testid="stSidebar"] [data-testid="stImage"] img'



PASSCODE = "green kettle"


def classroom_env(data: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        TUTOR_DATA_DIR=str(data), TUTOR_CONFIG=str(data / "config.toml"),
        TUTOR_TEACHER_PASSCODE_HASH=hash_passcode(PASSCODE),
    )
    return env


def read_qr(browser, url: str) -> tuple[str, str]:
    """Open the app as a student, then as the teacher; the QR code's text and the teacher's sidebar.

    A phone that accepted the certificate warning once; only the signed-in teacher's sidebar has the code.
    """
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        open_page(page, url)
        assert page.locator(QR).count() == 0
        open_page(page, f"{url}/teacher")
        page.get_by_label(t("access.passcode")).fill(PASSCODE)
        page.get_by_role("button", name=t("access.enter")).click()
        page.locator(QR).wait_for(timeout=60_000)
        image = Image.open(io.BytesIO(page.locator(QR).screenshot()))
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    finally:
        context.close()
    codes = zxingcpp.read_barcodes(image)
    assert len(codes) == 1, sidebar
    return codes[0].text, sidebar


def served_fingerprint(url: str) -> str:
    host, port = url.removeprefix("https://").split(":")
    pem = ssl.get_server_certificate((host, int(port)))
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest()


def test_https_certificate_made_once_and_qr_reads_back(browser, tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = classroom_env(data)
    cert_path = data / "tls" / "cert.pem"
    runs = []
    for run in ("first", "second"):
        log = tmp_path / f"{run}.log"
        proc, url = start_app(env, log, ("--classroom", "--host", "127.0.0.1"), https=True)
        try:
            # Trusting only the generated certificate proves the server presents it, for 127.0.0.1.
            trusted = ssl.create_default_context(cafile=str(cert_path))
            page = httpx.get(url, verify=trusted, timeout=10)
            assert page.status_code == 200
            assert "<title>" in page.text
            with pytest.raises(httpx.ConnectError):
                httpx.get(url, timeout=10)  # an ordinary client refuses the self-signed certificate
            with pytest.raises(httpx.HTTPError):
                httpx.get(url.replace("https://", "http://"), timeout=10)  # no plain HTTP on that port
            text, sidebar = read_qr(browser, url)
            runs.append((url, text, served_fingerprint(url), cert_path.read_bytes(), log.read_text()))
        finally:
            stop_process(proc)
        assert text == url
        assert t("classroom.certificate").split(".")[0].replace("**", "") in sidebar.replace("**", "")
    (url1, _, served1, pem1, log1), (url2, _, served2, pem2, log2) = runs
    assert "(made now)" in log1 and "(reused)" in log2
    assert f"tutor: classroom mode: students open {url1}" in log1
    assert "tutor: who can reach it: only this computer." in log1
    assert pem1 == pem2
    assert served1 == served2 == x509.load_pem_x509_certificate(pem1).fingerprint(hashes.SHA256()).hex()


def test_plain_http_classroom_says_the_camera_needs_https(browser, tmp_path: Path) -> None:
    data = tmp_path / "data"
    log = tmp_path / "http.log"
    proc, url = start_app(classroom_env(data), log, ("--classroom", "--host", "127.0.0.1", "--http"))
    try:
        text, sidebar = read_qr(browser, url)
    finally:
        stop_process(proc)
    assert text == url and url.startswith("http://127.0.0.1:")
    assert "the live camera needs HTTPS" in sidebar
    assert not (data / "tls").exists()
    assert "tutor: plain HTTP: photo upload works on phones, the live camera needs HTTPS." in log.read_text()


def test_class_is_served_in_arrival_order_and_a_closed_page_is_skipped(tiny_model_files, tmp_path: Path) -> None:
    from tests.bench.classroom import check, one_after_another, run_class
    from tutor_app.config import load_settings
    from tutor_app.model.backends import close_backend, get_backend

    model, mmproj = tiny_model_files
    backend = get_backend(load_settings(model=model, mmproj=mmproj, data_dir=tmp_path))
    try:
        alone, _ = one_after_another(backend)
        sessions = run_class(backend, 10, closed=6)
        assert check(sessions, alone, len(backend.queue)) == []
    finally:
        close_backend()
    assert [s.places[:1] for s in sessions] == [[]] + [[n] for n in range(1, 10)]
    assert sessions[5].text == "" and sessions[5].first_chunk is None
    assert all(s.text for s in sessions if s.number != 6)
