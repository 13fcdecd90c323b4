"""Extension version numbers: how they compare and order (plain functions; loaded by the table views too)."""


def normal(version):
    """'v1.15.1 ' -> '1.15.1': how two version numbers are compared."""
    return str(version or "").strip().lstrip("vV").lower()


def order(version):
    """Sort key: 1.15.1 after 1.8.2; a pre-release (1.16.0-rc.1) before its release; other text as it comes."""
    core, _, pre = normal(version).partition("-")
    return tuple(int(part) if part.isdigit() else -1 for part in core.split(".")), not pre, pre


def newest_first(versions):
    return sorted(versions, key=order, reverse=True)
