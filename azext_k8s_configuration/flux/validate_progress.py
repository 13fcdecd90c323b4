"""A progress line on stderr while `flux validate` fetches and builds: silent for the first second (a small
repository needs none), then the latest step at most every two seconds."""
import sys
import time

QUIET_SECONDS = 1.0
EVERY_SECONDS = 2.0


class Progress:
    def __init__(self, stream=None, clock=time.monotonic):
        self.stream = stream or sys.stderr
        self.clock = clock
        self.started = clock()
        self.last = None

    def __call__(self, message):
        now = self.clock()
        if now - self.started < QUIET_SECONDS or (self.last is not None and now - self.last < EVERY_SECONDS):
            return
        self.last = now
        self.stream.write(f"flux validate: {message} ({int(now - self.started)}s)\n")
        self.stream.flush()
