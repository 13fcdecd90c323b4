"""Packaging for the k8s-configuration Azure CLI extension (the emulator and tests are not shipped)."""
from setuptools import find_packages, setup

VERSION = "0.1.0"

DEPENDENCIES = [
    "azure-mgmt-kubernetesconfiguration-fluxconfigurations>=1.0.0,<2",
    "azure-mgmt-kubernetesconfiguration-extensions>=1.0.0,<2",
    # flux validate only (imported by source_build when a source is fetched): git, and Flux's semver ranges
    "dulwich>=1.2,<2; python_version >= '3.10'",  # 1.x needs 3.10+; on older Pythons validate says so
    "node-semver>=0.9,<1",
    # only a pre-release exists (API 2024-11-01-preview): the lower bound names it, so pip and `az extension add`
    # accept it without --pre
    "azure-mgmt-kubernetesconfiguration-extensiontypes>=1.0.0b2,<2",
]

# The long description is the README's introduction, not the whole manual: az parses the wheel's METADATA (pkginfo,
# email's parser) on every command of the extension, and README + HISTORY (77 KB) cost ~1.4 ms of each run.
with open("README.md", encoding="utf-8") as f:
    INTRODUCTION = f.read().split("\n## ", 1)[0].rstrip()
LONG_DESCRIPTION = (INTRODUCTION + "\n\nThe manual (commands, tutorial, emulator) is README.md, and the release "
                    "history HISTORY.rst, in the source.\n")

setup(
    name="k8s-configuration",
    version=VERSION,
    description="Microsoft Azure Command-Line Tools: GitOps with Flux v2 on Arc-enabled Kubernetes and AKS",
    long_description=LONG_DESCRIPTION,
    long_description_content_type="text/markdown",
    license="MIT",
    author="k8s-configuration team",
    url="https://example.invalid/k8s-configuration",
    classifiers=[
        "Development Status :: 4 - Beta",
        "Programming Language :: Python :: 3",
        "License :: OSI Approved :: MIT License",
    ],
    packages=find_packages(include=["azext_k8s_configuration", "azext_k8s_configuration.*"]),
    install_requires=DEPENDENCIES,
    package_data={"azext_k8s_configuration": ["azext_metadata.json"]},
)
