"""Test helpers: run the emulator, talk to it directly (ArmClient) and run the real `az` against it."""
import os

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED_DIR = os.path.join(os.path.dirname(REPO_ROOT), "shared")


def stop_process(proc):
    """Stop a server the tests started: terminate, then kill if it has not gone within 10 s."""
    import subprocess
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)
