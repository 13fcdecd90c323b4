"""Input validation: one small module per rule (REFERENCE.md §3-4).

    durations     Go durations (as time.ParseDuration reads them) <-> whole seconds (parse_duration,
                  format_duration); wait's seconds-or-duration (parse_seconds_or_duration)
    names         configuration / kustomization / namespace / secret names; the 63-character in-cluster name
    urls          git URL schemes, no credentials in URLs (validate_git_url, is_ssh_url, is_https_url, display_url)
    ssh_keys      SSH private keys, inline base64 or file (RSA/ECDSA/Ed25519/DSA; PEM or OpenSSH; unencrypted)
    known_hosts   known_hosts content, line by line
    certificates  PEM X.509 certificate(s): CA certificates of git servers, OCI TLS certificates
    files         reading the file behind a --...-file option
    encoding      strict base64
    dependencies  depends_on between kustomizations: known names, no self, no cycle
    post_build    kustomization post-build substitution values
    at_files      a value az left as '@PATH' because it could not read PATH (REFERENCE.md §11)

Every validator raises a typed azure-cli error (a subclass of ``AzCLIError``) whose message names the
option and that carries a recommendation; secrets are never echoed. Nothing here imports heavy modules at
import time: the ``cryptography``-based checks import it inside the function that needs it.
"""
