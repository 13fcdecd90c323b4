"""ARM error responses: ``{"error": {"code", "message", "details"}}``."""


class ArmError(Exception):
    def __init__(self, status, code, message, details=None, headers=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []
        self.headers = headers or {}

    def body(self):
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


def error_detail(code, message, target=None):
    detail = {"code": code, "message": message}
    if target:
        detail["target"] = target
    return detail


def not_found(resource_type, name):
    return ArmError(404, "ResourceNotFound",
                    "The Resource '{}/{}' was not found.".format(resource_type, name))


def bad_request(code, message, details=None):
    return ArmError(400, code, message, details)
