"""`tutor app`: start the Streamlit app."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor_app.config import Settings

APP_SCRIPT = Path(__file__).resolve().parent.parent / "app.py"

# The same choices as .streamlit/config.toml, passed as flags so they hold
# whatever folder `tutor app` is started from.
STREAMLIT_FLAGS = (
    "--browser.gatherUsageStats=false",
    "--server.headless=true",
    "--server.runOnSave=false",
    "--server.fileWatcherType=none",
    "--client.toolbarMode=viewer",
    "--client.showErrorDetails=none",
    "--client.showErrorLinks=false",
    "--theme.base=light",
)


def streamlit_command(
    host: str, port: int, max_upload_mb: int, tls: tuple[Path, Path] | None = None
) -> list[str]:
    """The `streamlit run` command line for the app; ``tls`` is (certificate, key) for HTTPS."""
    ssl_flags = [f"--server.sslCertFile={tls[0]}", f"--server.sslKeyFile={tls[1]}"] if tls else []
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_SCRIPT),
        f"--server.address={host}",
        f"--server.port={port}",
        f"--server.maxUploadSize={max_upload_mb}",
        *ssl_flags,
        *STREAMLIT_FLAGS,
    ]


def classroom_setup(
    host: str, port: int, https: bool, settings: Settings
) -> tuple[dict[str, str], tuple[Path, Path] | None, str]:
    """Environment, TLS files and the announcement for classroom mode."""
    from tutor_app.classroom.access import URL_ENV
    from tutor_app.classroom.network import app_url, public_host, reachable_by
    from tutor_app.classroom.tls import ensure_certificate

    shown = public_host(host)
    url = app_url(shown, port, https=https)
    tls = None
    lines = [
        f"tutor: classroom mode: students open {url}",
        f"tutor: who can reach it: {reachable_by(host)}.",
    ]
    if https:
        cert = ensure_certificate(settings.data_dir / "tls", [shown])
        tls = (cert.cert_path, cert.key_path)
        lines.append(
            f"tutor: HTTPS with the self-signed certificate {cert.cert_path} "
            f"({'made now' if cert.created else 'reused'}); SHA-256 {cert.fingerprint}"
        )
    else:
        lines.append("tutor: plain HTTP: photo upload works on phones, the live camera needs HTTPS.")
    env = {**os.environ, "TUTOR_CLASSROOM": "1", URL_ENV: url}
    return env, tls, "\n".join(lines)


def require_passcode_for(host: str, settings: Settings) -> None:
    """Refuse to open the app to the network while anyone there could set the Teacher passcode."""
    from tutor_app.classroom.access import on_network
    from tutor_app.classroom.network import reachable_by
    from tutor_app.errors import ConfigError

    if on_network(host) and not settings.teacher_passcode_hash:
        raise ConfigError(
            f"Listening on {host} lets {reachable_by(host)} open the app, and no Teacher passcode "
            "is set, so anyone could open Settings and the Teacher page. Set one first with "
            "`tutor passcode`, then start the app again (or leave out --host and --classroom to "
            "keep it on this computer)."
        )


def run_app(args: argparse.Namespace) -> int:
    """Run the app until interrupted; returns streamlit's exit code."""
    from tutor_app.config import load_settings_leniently

    # The pages name an invalid setting and use its default; the app still starts.
    settings, problem = load_settings_leniently()
    if problem is not None:
        print(f"tutor: {problem} Until that is fixed, those settings use their defaults.", file=sys.stderr)
    classroom = args.classroom or settings.classroom
    # Classroom mode listens on every network of the laptop unless told one address.
    host = args.host or ("0.0.0.0" if classroom else "127.0.0.1")
    require_passcode_for(host, settings)
    env, tls = None, None
    if classroom:
        https = settings.classroom_https and not args.http
        env, tls, announcement = classroom_setup(host, args.port, https, settings)
        print(announcement, file=sys.stderr)
    else:
        print(f"tutor: starting the app on http://{host}:{args.port}", file=sys.stderr)
    command = streamlit_command(host, args.port, settings.max_upload_mb, tls)
    return run_forwarding_signals(command, env)


def run_forwarding_signals(command: list[str], env: dict[str, str] | None) -> int:
    """Run ``command`` until it exits, passing on the signals that ask us to stop.

    Without this, `kill` on `tutor app` ends only this process, and Streamlit
    keeps the port and goes on answering.
    """
    process = subprocess.Popen(command, env=env)
    names = ("SIGTERM", "SIGINT", "SIGHUP")
    stops = [getattr(signal, name) for name in names if hasattr(signal, name)]
    # Streamlit stops on SIGTERM and SIGINT; a hang-up is passed on as SIGTERM, since Streamlit has no
    # handler for SIGHUP and one started under nohup or a service manager ignores it.
    sent = {getattr(signal, "SIGHUP", None): signal.SIGTERM}
    previous = {
        signum: signal.signal(signum, lambda signum, _frame: process.send_signal(sent.get(signum, signum)))
        for signum in stops
    }
    try:
        return process.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `app` sub-command."""
    parser = subparsers.add_parser("app", help="start the Streamlit app")
    parser.add_argument("--port", type=int, default=8501, help="port to listen on (default 8501)")
    parser.add_argument(
        "--host",
        default=None,
        help="address to listen on (default: this computer only; with --classroom, all its networks)",
    )
    parser.add_argument(
        "--classroom",
        action="store_true",
        help="let students' phones on the same network open the app (HTTPS, QR code on the home page)",
    )
    parser.add_argument(
        "--http",
        action="store_true",
        help="in classroom mode, serve plain HTTP (photo upload works, the live camera does not)",
    )
    parser.set_defaults(func=run_app)
