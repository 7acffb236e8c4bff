"""The deployment kit agrees with itself: every variable of the README's configuration table is
in deploy/portal.env.example, requirements.lock pins what requirements.txt pins, and the
systemd units and compose.yaml start the same deploy/bin/ scripts."""

import re

from tests.deploy.kit import ROOT, env_example, exec_start, service

UNITS = ["portal-web@.service", "portal-worker.service", "portal-beat.service"]


def readme_variables():
    """The backticked names in the first column of the README's configuration table."""
    text = (ROOT / "README.md").read_text()
    table = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names = []
    for line in table.splitlines():
        if line.startswith("| `"):
            first_column = line.split("|")[1]
            names += re.findall(r"`([A-Z][A-Z0-9_]*)`", first_column)
    return names


def env_example_names():
    """Names set (NAME=...) or shown commented out (#NAME=...) in deploy/portal.env.example."""
    text = (ROOT / "deploy" / "portal.env.example").read_text()
    return set(re.findall(r"^#?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_every_variable_of_the_readme_is_in_the_environment_file():
    names = readme_variables()
    assert len(names) > 40  # the table was found and read
    missing = [name for name in names if name not in env_example_names()]
    assert not missing, f"add these to deploy/portal.env.example: {missing}"


def test_the_environment_file_sets_the_production_values_that_matter():
    values = env_example()
    assert values["DEBUG"] == "0"
    assert values["SECURE_PROXY_SSL_HEADER"] == "1"
    # nginx replaces X-Forwarded-For with the address it sees: exactly one trusted hop.
    assert values["TRUSTED_PROXY_COUNT"] == "1"
    assert (
        "proxy_set_header X-Forwarded-For $remote_addr;"
        in (ROOT / "deploy" / "nginx" / "portal-locations.conf").read_text()
    )
    # The unit sets the port: the file must not override it (EnvironmentFile wins).
    assert "PORTAL_BIND" not in values  # set per instance by the unit
    assert "PROMETHEUS_MULTIPROC_DIR" not in values  # likewise


def pins(text):
    """{name: version} of the `name==version` lines, extras left out (`name[s3]==...`), names
    normalised as pip does."""
    found = {}
    line = r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s\\;#]+)"
    for name, version in re.findall(line, text, re.MULTILINE):
        found[re.sub(r"[-_.]+", "-", name).lower()] = version
    return found


def test_the_lock_pins_what_requirements_txt_pins_with_hashes():
    wanted = pins((ROOT / "requirements.txt").read_text())
    lock_text = (ROOT / "requirements.lock").read_text()
    locked = pins(lock_text)
    disagree = {
        name: (version, locked.get(name))
        for name, version in wanted.items()
        if locked.get(name) != version
    }
    assert not disagree, (
        f"run `make lock`: requirements.txt and requirements.lock differ: {disagree}"
    )
    # Every locked package carries at least one hash (pip install --require-hashes needs them).
    blocks = re.split(r"\n(?=[A-Za-z0-9])", lock_text.split("\n\n", 1)[-1])
    for block in blocks:
        if "==" in block:
            assert "--hash=sha256:" in block, block.splitlines()[0]


def test_units_and_compose_start_the_deploy_scripts():
    for name in UNITS:
        command = exec_start(name)
        script = ROOT / command[0].replace("/opt/portal/", "")
        assert script.parent == ROOT / "deploy" / "bin", command
        assert script.stat().st_mode & 0o111, f"{script} is not executable"
        settings = service(name)
        assert settings["User"] == "portal"
        assert settings["EnvironmentFile"] == "/etc/portal/portal.env"
        assert settings["Restart"] in {"always", "on-failure"}
    compose = (ROOT / "compose.yaml").read_text()
    for script in ("web", "worker", "beat"):
        assert f'command: ["deploy/bin/{script}"]' in compose


def test_systemd_accepts_the_units(tmp_path):
    """`systemd-analyze verify` on the units (with /opt/portal as this checkout, so that their
    ExecStart scripts exist): no unknown key, no value it would ignore."""
    import shutil
    import subprocess

    from tests.services import _missing

    if not shutil.which("systemd-analyze"):
        _missing("needs systemd-analyze (Debian package systemd) to check the units")
    paths = []
    for name in UNITS:
        text = (ROOT / "deploy" / "systemd" / name).read_text().replace("/opt/portal", str(ROOT))
        path = tmp_path / name.replace("@.", "@8001.")
        path.write_text(text)
        paths.append(str(path))
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *paths], capture_output=True, text=True
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def view_callbacks(patterns):
    from django.urls import URLResolver

    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from view_callbacks(pattern.url_patterns)
        else:
            yield pattern.callback


def test_nginx_lets_the_portals_largest_request_through_and_little_more():
    """client_max_body_size is at least the largest body a page of the portal takes (its text
    and its files, with the default limits) and less than a megabyte above it: the portal
    answers every refusal in between with its own translated 413."""
    from django.urls import get_resolver

    from portal import uploads

    largest = uploads.text_limit() + max(
        view.files_limit()
        for view in view_callbacks(get_resolver().url_patterns)
        if getattr(view, "files_limit", None)
    )
    text = (ROOT / "deploy" / "nginx" / "portal-locations.conf").read_text()
    (megabytes,) = re.findall(r"^client_max_body_size (\d+)m;", text, re.MULTILINE)
    allowed = int(megabytes) * 1024 * 1024
    assert largest <= allowed < largest + 1024 * 1024
    # What nginx lets through and the portal refuses, it reads to the end after its 413.
    assert allowed == uploads.DRAIN_LIMIT


def test_the_start_scripts_pass_shellcheck():
    import shutil
    import subprocess

    from tests.services import _missing

    if not shutil.which("shellcheck"):
        _missing("needs shellcheck (Debian package shellcheck)")
    scripts = [str(ROOT / "deploy" / "bin" / name) for name in ("web", "worker", "beat")]
    result = subprocess.run(["shellcheck", *scripts], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
