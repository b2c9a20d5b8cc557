"""``make lock``'s last step: the pinned Python packages with the SHA-256 of what pip installs for each, so that
``pip install --require-hashes`` refuses anything else (a re-uploaded file, a tampered mirror, a typo-squat).

    python -m scripts.lock_hashes [--check]

Reads the pins of ``requirements.lock`` (``name==version``, with or without hashes), downloads each pinned file
for this platform (Linux x86-64, CPython 3.11: the stacks' and the image's) without its dependencies, and writes
``requirements.lock`` again with ``--hash=sha256:...`` on every pin. Then the image's subset,
``requirements-runtime.lock``: the pins [project] dependencies need, resolved by pip in a scratch virtualenv, with
the same hashes (the image installs only those). ``--check``: fail when either file is not what this would write
(an unhashed pin, a runtime pin missing).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from scripts.mesh import ROOT

LOCK = ROOT / "requirements.lock"
RUNTIME_LOCK = ROOT / "requirements-runtime.lock"
HEADER = (
    "# Every Python package ShopMesh installs, pinned, with the SHA-256 of its file (pip freeze of pyproject.toml's\n"
    "# dependencies + [dev], then scripts/lock_hashes.py). Regenerate with `make lock` after changing pyproject.toml;\n"
    "# installed with `pip install --require-hashes`.\n"
)
RUNTIME_HEADER = (
    "# What the image installs: the pins of requirements.lock that pyproject.toml's [project] dependencies need,\n"
    "# with the same hashes (scripts/lock_hashes.py writes it; `make lock`). Installed with --require-hashes.\n"
)
_PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s\\;]+)")


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(text: str) -> dict[str, tuple[str, str]]:
    """normalized name → (name as written, version) of every pin in a lock file."""
    found = {}
    for line in text.splitlines():
        match = _PIN.match(line.strip())
        if match:
            found[normalized(match.group(1))] = (match.group(1), match.group(2))
    return found


def _download(pinned: dict[str, tuple[str, str]], into: Path) -> dict[str, str]:
    requirements = into / "pins.txt"
    requirements.write_text("".join(f"{name}=={version}\n" for name, version in pinned.values()))
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--dest", str(into), "-r", str(requirements)],
        check=True,
    )
    hashes = {}
    for file in into.iterdir():
        if file.suffix not in (".whl", ".gz", ".zip"):
            continue
        project = normalized(file.name.split("-")[0])
        hashes[project] = hashlib.sha256(file.read_bytes()).hexdigest()
    missing = sorted(set(pinned) - set(hashes))
    if missing:
        raise SystemExit(f"no file downloaded for {', '.join(missing)}")
    return hashes


def _runtime_names(lock_text: str) -> set[str]:
    """What [project] dependencies pull in, resolved at the lock's versions in a scratch virtualenv."""
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    with tempfile.TemporaryDirectory() as scratch:
        venv = Path(scratch) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        constraints = Path(scratch) / "constraints.txt"
        constraints.write_text("".join(f"{n}=={v}\n" for n, v in pins(lock_text).values()))
        python = str(venv / "bin" / "python")
        subprocess.run([python, "-m", "pip", "install", "-q", *dependencies, "-c", str(constraints)], check=True)
        frozen = subprocess.run([python, "-m", "pip", "freeze"], check=True, capture_output=True, text=True).stdout
    return set(pins(frozen))


def _lines(pinned: dict[str, tuple[str, str]], hashes: dict[str, str], names: set[str] | None = None) -> str:
    chosen = sorted((key for key in pinned if names is None or key in names), key=lambda key: pinned[key][0].lower())
    return "".join(f"{pinned[key][0]}=={pinned[key][1]} \\\n    --hash=sha256:{hashes[key]}\n" for key in chosen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when a pin has no hash or the runtime lock is off")
    args = parser.parse_args()
    lock_text = LOCK.read_text()
    pinned = pins(lock_text)
    if args.check:
        hashed = {
            normalized(m.group(1))
            for m in re.finditer(r"^(\S+)==\S+ \\\n    --hash=sha256:[0-9a-f]{64}$", lock_text, re.M)
        }
        unhashed = sorted(set(pinned) - hashed)
        runtime = pins(RUNTIME_LOCK.read_text()) if RUNTIME_LOCK.exists() else {}
        drifted = sorted(key for key, pin in runtime.items() if pinned.get(key) != pin)
        if unhashed or drifted or not runtime:
            print(f"requirements locks are stale (unhashed: {unhashed}, runtime pins not in the lock: {drifted})")
            print("run `make lock`")
            return 1
        print(f"requirements.lock: {len(pinned)} pins, each with its hash; the image's {len(runtime)} are among them")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        hashes = _download(pinned, Path(scratch))
    LOCK.write_text(HEADER + _lines(pinned, hashes))
    RUNTIME_LOCK.write_text(RUNTIME_HEADER + _lines(pinned, hashes, _runtime_names(lock_text)))
    print(f"requirements.lock: {len(pinned)} pins hashed; requirements-runtime.lock written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
