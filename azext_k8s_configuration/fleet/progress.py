"""A rollout's progress on stderr: done / failed / running / left, the time spent throttled, and an ETA — one line
rewritten in place on a terminal, a new line every ``EVERY_SECONDS`` otherwise (CI logs)."""
import sys
import time

EVERY_SECONDS = 5.0
TERMINAL_EVERY_SECONDS = 0.5


def clock_text(seconds):
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds // 60 % 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class Progress:
    def __init__(self, total, pacer, stream=None, clock=time.monotonic):
        self.total, self.pacer = total, pacer
        self.stream = stream or sys.stderr
        self.clock = clock
        self.started = clock()
        self.terminal = bool(getattr(self.stream, "isatty", lambda: False)())
        self._next = self.started + (TERMINAL_EVERY_SECONDS if self.terminal else EVERY_SECONDS)
        self._shown = False

    def line(self, done, failed, running, left):
        elapsed = self.clock() - self.started
        finished = done + failed
        text = (f"Rollout: {done} done, {failed} failed, {running} running, {left} left; "
                f"throttled {clock_text(self.pacer.throttled_seconds)}")
        if finished and left + running:
            text += f"; ETA {clock_text(elapsed / finished * (left + running))}"
        return text + f" ({clock_text(elapsed)} so far)"

    def tick(self, done, failed, running, left, force=False):
        now = self.clock()
        if not force and now < self._next:
            return
        self._next = now + (TERMINAL_EVERY_SECONDS if self.terminal else EVERY_SECONDS)
        text = self.line(done, failed, running, left)
        if self.terminal:
            self.stream.write("\r\033[K" + text)
            self._shown = True
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def end(self, done, failed, running, left):
        """On a terminal, the line's last state stays (the summary follows on the next line)."""
        if self.terminal:
            self.tick(done, failed, running, left, force=True)
            self.stream.write("\n")
            self.stream.flush()
