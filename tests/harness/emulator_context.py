"""A stand-in for the emulator's context in tests that call its modules directly (no HTTP): the simulated
operation time and no cluster made to fail (k8s_configuration_emulator/cluster_failures.py)."""


class NoFailures:
    @staticmethod
    def error(cluster_id, kind):
        return None


class FakeContext:
    operation_seconds = 10.0
    cluster_failures = NoFailures()
