"""Reading an extension resource's state: its type, provisioning state and why it failed.

Works on the SDK's Extension model (what the extensions client returns).
"""

FLUX_EXTENSION_TYPE = "microsoft.flux"
IN_PROGRESS_STATES = ("Creating", "Updating")


def _properties(extension):
    return getattr(extension, "properties", None)


def extension_type(extension):
    properties = _properties(extension)
    return (getattr(properties, "extension_type", None) or "") if properties else ""


def release_train(extension):
    """The release train the extension follows (None when the service gave none)."""
    properties = _properties(extension)
    return (getattr(properties, "release_train", None) or None) if properties else None


def is_flux(extension):
    return extension_type(extension).lower() == FLUX_EXTENSION_TYPE


def provisioning_state(extension):
    """'Succeeded', 'Failed', 'Creating', ... as a plain string ('' when the service gave none)."""
    properties = _properties(extension)
    state = getattr(properties, "provisioning_state", None) if properties else None
    return str(getattr(state, "value", state) or "")


def failure_details(extension):
    """One line with what the service says went wrong: errorInfo, then Error/Warning statuses."""
    properties = _properties(extension)
    if not properties:
        return ""
    parts = []
    error = getattr(properties, "error_info", None)
    if error is not None:
        code, message = getattr(error, "code", None), getattr(error, "message", None)
        parts.append(f"({code}) {message}" if code and message else (message or code or ""))
        for detail in getattr(error, "details", None) or []:
            if getattr(detail, "message", None):
                parts.append(detail.message)
    said = " ".join(parts)
    for status in getattr(properties, "statuses", None) or []:
        level = getattr(status, "level", None) or "Information"
        if str(getattr(level, "value", level)) in ("Error", "Warning") and status.message \
                and status.message not in said:
            label = status.display_status or status.code
            parts.append(f"{label}: {status.message}" if label else status.message)
    return "; ".join(part for part in parts if part)
