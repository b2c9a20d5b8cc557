"""The README's examples, run as a newcomer pastes them: every ```bash block that talks to the gateway, in order,
in one shell (names captured by one block are used by the next), against the test stack.

Only what differs between the stacks is rewritten: the ports (dev → test), the mail folder (``.run/dev`` →
``.run/test``), the scripts' ``--profile``, and the example's email and SKU (unique per run, so the walk can be
repeated). Every ``curl`` must succeed (``--fail-with-body``); a line that prints a status code and claims one
in a trailing comment (``# 403``) must print exactly that. So the documentation cannot rot.
"""

from __future__ import annotations

import re
import subprocess
import uuid

from scripts.mesh import ROOT, Profile, services

README = ROOT / "README.md"
_BLOCK = re.compile(r"^```bash\n(.*?)^```", re.S | re.M)
_CLAIM = re.compile(r"^(?P<command>.*-w '%\{http_code\}\\n'.*?)\s+# (?P<code>\d{3})\s*$")


def readme_examples() -> list[str]:
    return [block for block in _BLOCK.findall(README.read_text()) if "localhost:8080" in block]


def _for_test_stack(script: str, mesh: Profile, run: str) -> str:
    script = script.replace("localhost:8080", f"localhost:{mesh.ports['envoy']}")
    for service in services():
        script = script.replace(f"localhost:{service.port} ", f"localhost:{mesh.ports[service.name]} ")
    script = script.replace(".run/dev/", ".run/test/").replace("--profile dev ", "--profile test ")
    script = script.replace("ann@example.com", f"ann-{run}@example.com").replace("KITC-900", f"KITC-{run}")
    script = script.replace("APPA-900", f"APPA-{run}")
    script = script.replace("sleep 2 ", "sleep 5 ")  # a busy test machine: give the events more time
    lines = []
    for number, line in enumerate(script.splitlines(), 1):
        claim = _CLAIM.match(line)
        if claim:
            command, code = claim["command"], claim["code"]
            line = f'test "$({command})" = {code} || {{ echo "line {number}: README claims {code}" >&2; exit 1; }}'
        else:
            line = line.replace("curl -s ", "curl -sS --fail-with-body ")
        lines.append(line)
    return "set -euo pipefail\n" + "\n".join(lines) + "\n"


def test_the_readme_examples_run_top_to_bottom_as_written(mesh: Profile):
    blocks = readme_examples()
    assert len(blocks) >= 3  # try it, shopping, search
    run = uuid.uuid4().hex[:10].upper()
    script = _for_test_stack("\n".join(blocks), mesh, run)
    result = subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{result.stderr[-3000:]}\n--- stdout ---\n{result.stdout[-2000:]}"
    # What the last steps print: the admin's reports.
    assert '"totals"' in result.stdout
    assert '"products"' in result.stdout
