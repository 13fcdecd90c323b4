"""The stand-ins the handler unit tests share: az's `cmd` (the progress controller and configuration the handlers
use), an SDK client and an LRO poller."""


class FakeProgress:
    def begin(self, **_):
        pass

    def add(self, **_):
        pass

    def end(self, **_):
        pass


class FakeConfig:
    """az's configuration with nothing set: every lookup gets its fallback."""

    def getboolean(self, _section, _option, fallback=None):
        return fallback


class FakeCliCtx:
    config = FakeConfig()

    def get_progress_controller(self, *_args, **_kwargs):
        return FakeProgress()


class FakeCmd:
    cli_ctx = FakeCliCtx()


class FakePoller:
    """An LRO that has finished: ``result()`` returns ``result``, or raises ``error``."""

    def __init__(self, result=None, error=None):
        self._result, self._error = result, error

    def done(self):
        return True

    def wait(self, _timeout=None):
        pass

    def result(self):
        if self._error:
            raise self._error
        return self._result


class FakeClient:
    """An SDK client whose ``extensions`` operations are the test's fake."""

    def __init__(self, extensions):
        self.extensions = extensions
