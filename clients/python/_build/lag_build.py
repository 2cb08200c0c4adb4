"""A minimal PEP 517 build backend for lag-client, standard library only.

pip builds a package in an isolated environment into which it first installs the backend's
requirements from an index; a backend that needs none lets `pip install ./clients/python` work
without a network. It builds a pure-Python wheel of the `lag_client` package and an sdist.
"""

import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "lag_client"


def _project():
    text = open(os.path.join(ROOT, "pyproject.toml"), encoding="utf-8").read()
    project = text[text.index("[project]"):]
    name = re.search(r'^name\s*=\s*"([^"]+)"', project, re.M).group(1)
    version = re.search(r'^version\s*=\s*"([^"]+)"', project, re.M).group(1)
    summary = re.search(r'^description\s*=\s*"([^"]+)"', project, re.M).group(1)
    python = re.search(r'^requires-python\s*=\s*"([^"]+)"', project, re.M).group(1)
    return name, version, summary, python


def _metadata():
    name, version, summary, python = _project()
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    return (
        "Metadata-Version: 2.1\n"
        f"Name: {name}\nVersion: {version}\nSummary: {summary}\n"
        f"License: Apache-2.0\nRequires-Python: {python}\n"
        "Description-Content-Type: text/markdown\n\n" + readme
    )


def _package_files():
    for folder, _, files in os.walk(os.path.join(ROOT, PACKAGE)):
        for f in sorted(files):
            if f.endswith(".py") or f == "py.typed":
                path = os.path.join(folder, f)
                yield path, os.path.relpath(path, ROOT).replace(os.sep, "/")


def _record_line(arcname, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{arcname},sha256={digest},{len(data)}"


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    name, version, _, _ = _project()
    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    wheel = f"{dist}-{version}-py3-none-any.whl"
    records = []
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel), "w", zipfile.ZIP_DEFLATED) as z:
        def add(arcname, data):
            z.writestr(arcname, data)
            records.append(_record_line(arcname, data))

        for path, arcname in _package_files():
            add(arcname, open(path, "rb").read())
        add(f"{info}/METADATA", _metadata().encode("utf-8"))
        add(f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: lag_build\n"
                             b"Root-Is-Purelib: true\nTag: py3-none-any\n")
        records.append(f"{info}/RECORD,,")
        z.writestr(f"{info}/RECORD", "\n".join(records) + "\n")
    return wheel


def build_sdist(sdist_directory, config_settings=None):
    name, version, _, _ = _project()
    base = f"{name.replace('-', '_')}-{version}"
    sdist = f"{base}.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, sdist), "w:gz") as tar:
        for rel in ["pyproject.toml", "README.md", "_build/lag_build.py"]:
            tar.add(os.path.join(ROOT, rel), arcname=f"{base}/{rel}")
        for path, arcname in _package_files():
            tar.add(path, arcname=f"{base}/{arcname}")
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        data = _metadata().encode("utf-8")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return sdist
