"""``python -m k8s_configuration_emulator ...``"""
import sys

from .cli import main

sys.exit(main())
