"""Run the real `az` against the emulator: the one in this interpreter's venv, or $AZ_UNDER_TEST (azenv.find_az)."""
import json
import os
import shlex
import subprocess
import sys

from k8s_configuration_emulator.azenv import find_az


class AzResult:
    def __init__(self, argv, exit_code, stdout, stderr, requests):
        self.argv = argv
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr
        self.requests = requests

    @property
    def json(self):
        try:
            return json.loads(self.stdout) if self.stdout.strip() else None
        except ValueError:
            return None

    def __repr__(self):
        return "AzResult(az {}, exit={})".format(" ".join(self.argv), self.exit_code)


class Az:
    def __init__(self, env, emulator, az_path=None):
        self.env = env
        self.emulator = emulator
        self.az_path = az_path or find_az() or os.path.join(os.path.dirname(sys.executable), "az")

    def __call__(self, args, check=True, input=None, env=None, timeout=180):  # noqa: A002
        argv = shlex.split(args) if isinstance(args, str) else list(args)
        run_env = dict(self.env)
        run_env.update(env or {})
        mark = self.emulator.mark()
        done = subprocess.run([self.az_path] + argv, env=run_env, input=input, capture_output=True, text=True,
                              timeout=timeout)
        result = AzResult(argv, done.returncode, done.stdout, done.stderr, self.emulator.requests(since=mark))
        if check and done.returncode != 0:
            raise AssertionError("az {} exited {}\n--- stderr ---\n{}\n--- stdout ---\n{}".format(
                " ".join(argv), done.returncode, done.stderr, done.stdout))
        return result
