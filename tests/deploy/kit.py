"""Reading the shipped deployment kit (deploy/) as systemd and nginx would, for the tests."""

import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
INSTALL_DIR = "/opt/portal"  # where deploy/install.md puts the code (the units' paths)


def unit(name):
    """A unit file of deploy/systemd/ as {section: {key: [values, in order]}} (systemd allows a
    key several times, e.g. Environment=)."""
    sections, current = {}, None
    for raw in (DEPLOY / "systemd" / name).read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def service(name):
    """The [Service] section, with one value per key (the last, as systemd keeps)."""
    return {key: values[-1] for key, values in unit(name)["Service"].items()}


def exec_start(name):
    (line,) = unit(name)["Service"]["ExecStart"]
    return shlex.split(line)


def unit_environment(name, instance=""):
    """The unit's Environment= assignments, with %i (a template's instance) filled in."""
    env = {}
    for assignment in unit(name)["Service"].get("Environment", []):
        for word in shlex.split(assignment.replace("%i", instance)):
            key, _, value = word.partition("=")
            env[key] = value
    return env


def env_example():
    """The variables deploy/portal.env.example sets (commented-out lines left out), read as
    systemd's EnvironmentFile= reads them: NAME=the rest of the line."""
    values = {}
    for raw in (DEPLOY / "portal.env.example").read_text().splitlines():
        line = raw.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values
