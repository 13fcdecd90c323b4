"""Test helpers: run the emulator, talk to it directly (ArmClient) and run the real `az` against it."""
import os

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED_DIR = os.path.join(os.path.dirname(REPO_ROOT), "shared")
