"""A stand-in for az's `cmd` in handler unit tests: the progress controller and configuration the handlers use."""


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
