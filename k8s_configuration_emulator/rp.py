"""Dispatch for Microsoft.KubernetesConfiguration resources (filled in by rp_* modules)."""


def handler_for(collection, n):
    return None
