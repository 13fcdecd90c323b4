"""PEM X.509 certificates, base64-encoded: CA certificates for git over HTTPS, certificates of OCI TLS."""
from azure.cli.core.azclierror import InvalidArgumentValueError

from .encoding import decode_base64, encode_base64, refuse_pem_text
from .files import read_file_bytes

INLINE_OPTION = "--https-ca-cert"
FILE_OPTION = "--https-ca-cert-file"
_BEGIN = b"-----BEGIN CERTIFICATE-----"


def validate_ca_cert(value, option=INLINE_OPTION, file_option=FILE_OPTION):
    """--https-ca-cert: the CA certificate(s) of a git server, base64-encoded PEM; return compact base64."""
    return validate_certificates(value, option, file_option)


def validate_certificates(value, option, file_option=None):
    """Validate base64-encoded PEM certificate(s) of any use (CA or client); return compact base64.

    ``file_option`` is the option's file twin to recommend, or None when it has none (OCI TLS options)."""
    refuse_pem_text(value, option, "the certificate", file_option)
    pem = decode_base64(value, option, "PEM certificate(s)", file_option)
    check_certificates_pem(pem, option)
    return encode_base64(pem)


def read_ca_cert_file(path, option=FILE_OPTION):
    """Read a PEM file of one or more certificates, validate it; return base64."""
    pem = read_file_bytes(path, option)
    check_certificates_pem(pem, option)
    return encode_base64(pem)


def check_certificates_pem(pem, option):
    """Return the number of certificates in ``pem``; raise a typed error if any does not parse."""
    from cryptography import x509

    if _BEGIN not in pem:
        hint = ("It looks like DER (binary); convert it: `openssl x509 -inform der -in CERT -out CERT.pem`."
                if pem[:1] == b"\x30" else "Pass certificate(s) in PEM format ('-----BEGIN CERTIFICATE-----').")
        raise InvalidArgumentValueError(f"{option} holds no PEM certificate.", hint)
    try:
        certificates = x509.load_pem_x509_certificates(pem)
    except Exception:  # any failure to parse is the same mistake for the user
        raise InvalidArgumentValueError(
            f"{option} holds a certificate block that is not a valid X.509 certificate.",
            "Check that every BEGIN/END CERTIFICATE block was copied whole.") from None
    if len(certificates) != pem.count(_BEGIN):
        raise InvalidArgumentValueError(
            f"{option}: only {len(certificates)} of {pem.count(_BEGIN)} certificate blocks could be read.",
            "Check that every BEGIN/END CERTIFICATE block was copied whole.")
    return len(certificates)
