"""Run under the Python that has Debian's packages.

`python3` on PATH may be another interpreter (pyenv, a virtualenv) without
python3-matplotlib, python3-tqdm or python3-yaml, which Debian installs for
/usr/bin/python3 only. Then the tools start again under /usr/bin/python3.
"""

import importlib.util
import os
import sys

SYSTEM_PYTHON = "/usr/bin/python3"


def ensure(modules):
    """Re-executes this program under /usr/bin/python3 if it lacks a module
    that one has (once: an environment variable stops a loop)."""
    if all(importlib.util.find_spec(m) is not None for m in modules):
        return
    if os.environ.get("NTP_PEER_PYTHON_SWITCHED") or not os.access(SYSTEM_PYTHON, os.X_OK):
        return
    if os.path.realpath(sys.executable) == os.path.realpath(SYSTEM_PYTHON):
        return
    os.environ["NTP_PEER_PYTHON_SWITCHED"] = "1"
    os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON, os.path.abspath(sys.argv[0]), *sys.argv[1:]])
