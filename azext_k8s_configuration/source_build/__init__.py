"""The source-and-build engine behind `flux validate`: fetch a git source as Flux would, build each
kustomization path as kustomize-controller would, and check them against each other.

It knows nothing of ARM or az: inputs are plain data (spec.py), results are plain data (report.py), and failures
are words a user can act on, naming the inputs as the caller names them (wording.py: flux validate passes its option
names). It imports nothing of the extension (tests/unit/test_extension_import_graph.py). The emulator may share it
(it stands in for Flux there). Importing this package imports nothing heavy; dulwich and the semver library are
imported only when a source is fetched.

    fetch.py       git source → a checked-out revision (dulwich; ssh through the system's OpenSSH client)
    build.py       one kustomization path → objects and problems (real kustomize, else the YAML fallback)
    checks.py      across kustomizations: namespace ordering, shared objects, post-build variables
    engine.py      the whole run, with a progress callback
"""
