"""The portal in production shape, for tests/deploy/: two gunicorn instances, one Celery worker
and one beat started by the ExecStart lines of the shipped systemd units, behind nginx running
the shipped site configuration; and an HTTP client that talks to them like a browser.

Only the site-specific values the shipped files mark "# SITE:" are changed (ports, the
certificate, the folders), and the install path /opt/portal becomes this checkout.
"""

import http.client
import os
import ssl
import subprocess
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

from tests import servers
from tests.deploy.kit import DEPLOY, INSTALL_DIR, ROOT, env_example, exec_start, unit_environment

WEB_UNIT = "portal-web@.service"


def substitute(text, replacements):
    """Replace each shipped value by the test's, failing if the shipped file no longer has it
    (so that the test cannot silently run something else than what ships)."""
    for old, new in replacements.items():
        assert old in text, f"the shipped file no longer contains {old!r}"
        text = text.replace(old, new)
    return text


def installed(value):
    """A path of the units (/opt/portal/...) as it is in this checkout and its venv."""
    return value.replace(f"{INSTALL_DIR}/.venv/bin", str(servers.BIN)).replace(
        INSTALL_DIR, str(ROOT)
    )


def self_signed_certificate(folder):
    cert, key = folder / "portal.pem", folder / "portal.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def nginx_configuration(
    folder, *, http_port, https_port, upstreams, metrics_ports, static_root, cert, key
):
    """The shipped site (portal.conf + portal-locations.conf) with the test's values, inside a
    minimal main nginx.conf of the test's own (what Debian's /etc/nginx/nginx.conf provides)."""
    locations = substitute(
        (DEPLOY / "nginx" / "portal-locations.conf").read_text(),
        {
            f"alias {INSTALL_DIR}/deploy/nginx/413.html;": f"alias {DEPLOY}/nginx/413.html;",
            "alias /var/lib/portal/static/;": f"alias {static_root}/;",
        },
    )
    (folder / "portal-locations.conf").write_text(locations)
    site = substitute(
        (DEPLOY / "nginx" / "portal.conf").read_text(),
        {
            "server 127.0.0.1:8001;": f"server {upstreams[0]};",
            "server 127.0.0.1:8002;": f"server {upstreams[1]};",
            "listen 9101;": f"listen 127.0.0.1:{metrics_ports[0]};",
            "listen 9102;": f"listen 127.0.0.1:{metrics_ports[1]};",
            "proxy_pass http://127.0.0.1:8001;": f"proxy_pass http://{upstreams[0]};",
            "proxy_pass http://127.0.0.1:8002;": f"proxy_pass http://{upstreams[1]};",
            "proxy_set_header Host portail.douane.gouv.ml;": "proxy_set_header Host 127.0.0.1;",
            "listen 80;": f"listen 127.0.0.1:{http_port};",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
            "/etc/ssl/certs/portail.douane.gouv.ml.pem": str(cert),
            "/etc/ssl/private/portail.douane.gouv.ml.key": str(key),
            "include /etc/nginx/snippets/portal-locations.conf;": (
                f"include {folder}/portal-locations.conf;"
            ),
        },
    )
    (folder / "portal.conf").write_text(site)
    temp = folder / "temp"
    temp.mkdir()
    # As root (CI), nginx's workers would switch to `nobody`, who cannot read the test's
    # folders: they stay root there. Otherwise nginx runs as the current user.
    user = "user root root;" if os.geteuid() == 0 else ""
    main = f"""
        {user}
        worker_processes 1;
        pid {folder}/nginx.pid;
        error_log {folder}/error.log warn;
        events {{ worker_connections 256; }}
        http {{
            include /etc/nginx/mime.types;
            default_type application/octet-stream;
            sendfile on;
            access_log {folder}/access.log;
            client_body_temp_path {temp}/body;
            proxy_temp_path {temp}/proxy;
            fastcgi_temp_path {temp}/fastcgi;
            uwsgi_temp_path {temp}/uwsgi;
            scgi_temp_path {temp}/scgi;
            include {folder}/portal.conf;
        }}
    """
    (folder / "nginx.conf").write_text(main)
    return folder / "nginx.conf"


def portal_environment(**test_values):
    """deploy/portal.env.example, as the units' EnvironmentFile=, with the test's values over
    it (the test database, Redis, ports, folders, a key)."""
    env = {"DJANGO_SETTINGS_MODULE": "portal.settings", **env_example()}
    env.update({key: str(value) for key, value in test_values.items()})
    return env


def start_unit(name, env, log, instance="", runtime=None):
    """Run the unit's ExecStart line as systemd would: its WorkingDirectory, the environment
    file then the unit's Environment= lines (%i filled in), the paths of this checkout, and
    the folder `runtime` for systemd's /run."""
    from tests.deploy.kit import service

    command = [installed(word) for word in exec_start(name)]
    unit_env = {k: installed(v) for k, v in unit_environment(name, instance).items()}
    if runtime is not None:
        unit_env = {
            k: f"{runtime}/{v.removeprefix('/run/')}" if v.startswith("/run/") else v
            for k, v in unit_env.items()
        }
    # systemd: values from EnvironmentFile= win over Environment= (none overlap: the kit test
    # checks that portal.env.example leaves PORTAL_BIND alone).
    full = {**unit_env, **env}
    return subprocess.Popen(
        command,
        cwd=installed(service(name)["WorkingDirectory"]),
        env=full,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


class Client:
    """A browser over http.client: keeps cookies, sends the Origin a browser sends with a
    form, may connect from another loopback address (source), and speaks TLS to nginx."""

    def __init__(self, port, *, tls=True, source=None, origin=None, headers=None):
        self.port = port
        self.tls = tls
        self.source = source
        self.origin = origin
        self.headers = headers or {}
        self.cookies = {}

    def connection(self):
        source = (self.source, 0) if self.source else None
        if self.tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
            return http.client.HTTPSConnection(
                "127.0.0.1", self.port, context=context, source_address=source, timeout=60
            )
        return http.client.HTTPConnection("127.0.0.1", self.port, source_address=source, timeout=60)

    def request(self, path, data=None, *, body=None, content_type=None, headers=None, method=None):
        """GET, or POST `data` (a form) or `body`; returns (status, headers, text)."""
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        sent = {**self.headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = content_type
            sent.setdefault("Content-Length", str(len(body)))
            if self.origin:
                sent["Origin"] = self.origin
        connection = self.connection()
        try:
            connection.request(method or ("POST" if body is not None else "GET"), path, body, sent)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.msg, content.decode("utf-8", "replace")

    def raw(self, path):
        """GET, returning the body as bytes."""
        connection = self.connection()
        try:
            headers = dict(self.headers)
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            return response.status, response.msg, response.read()
        finally:
            connection.close()

    def csrf_token(self):
        return self.cookies["csrftoken"]

    def post_form(self, path, data):
        """GET the form (for the CSRF cookie), then POST it."""
        self.request(path)
        return self.request(path, {**data, "csrfmiddlewaretoken": self.csrf_token()})

    # The sign-in through the forms, with the second-factor step (tests/servers.py).
    sign_in = servers.Browser.sign_in


def multipart(fields, files):
    """A multipart/form-data body: fields {name: value}, files [(name, filename, bytes)]."""
    boundary = "----portal-deploy-test-boundary"
    parts = []
    for name, value in fields.items():
        disposition = f'Content-Disposition: form-data; name="{name}"'
        parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    for name, filename, content in files:
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def read_log(path):
    return Path(path).read_text(errors="replace")[-3000:] if Path(path).exists() else ""
