"""ARM error responses: ``{"error": {"code", "message", "details"}}`` — or no body at all, as some resource
providers answer a missing resource (a bare 404)."""

ARM_NOT_FOUND_HELP = "For more details please go to https://aka.ms/ARMResourceNotFoundFix"


class ArmError(Exception):
    def __init__(self, status, code, message, details=None, headers=None, bare=False):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []
        self.headers = headers or {}
        self.bare = bare  # answer with the status only, no error body

    def body(self):
        if self.bare:
            return None
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


def error_detail(code, message, target=None):
    detail = {"code": code, "message": message}
    if target:
        detail["target"] = target
    return detail


def resource_not_found(resource_type, name, resource_group):
    """ARM's own answer for a resource it does not find in a resource group (e.g. a cluster), whether the
    request was for the resource itself or for anything nested under it."""
    return ArmError(404, "ResourceNotFound", "The Resource '{}/{}' under resource group '{}' was not found. {}"
                    .format(resource_type, name, resource_group, ARM_NOT_FOUND_HELP))


def resource_group_not_found(name):
    return ArmError(404, "ResourceGroupNotFound", "Resource group '{}' could not be found.".format(name))
