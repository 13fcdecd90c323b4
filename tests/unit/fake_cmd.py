"""A stand-in for az's `cmd` in handler unit tests: only the progress controller the handlers use."""


class FakeProgress:
    def begin(self, **_):
        pass

    def add(self, **_):
        pass

    def end(self, **_):
        pass


class FakeCliCtx:
    def get_progress_controller(self, *_args, **_kwargs):
        return FakeProgress()


class FakeCmd:
    cli_ctx = FakeCliCtx()
