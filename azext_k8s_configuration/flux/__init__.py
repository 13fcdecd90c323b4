"""Flux v2 configurations, their kustomizations and deployed objects."""
