import base64

import keygen
import pytest
from azure.cli.core.azclierror import FileOperationError, InvalidArgumentValueError

from azext_k8s_configuration.validation.certificates import check_certificates_pem, read_ca_cert_file, validate_ca_cert


def test_one_certificate(ca_chain):
    root, _ = ca_chain
    assert base64.b64decode(validate_ca_cert(keygen.b64(root))) == root
    assert check_certificates_pem(root, "--https-ca-cert") == 1


def test_chain(ca_chain):
    pem = ca_chain[1] + ca_chain[0]
    assert check_certificates_pem(pem, "--https-ca-cert") == 2
    assert base64.b64decode(validate_ca_cert(keygen.b64(pem))) == pem


def test_chain_from_file(ca_chain, write_file):
    pem = b"# bundle\n" + ca_chain[0] + b"\n" + ca_chain[1]
    assert base64.b64decode(read_ca_cert_file(write_file("ca.pem", pem))) == pem


def _broken(pem):
    lines = pem.decode().splitlines()
    lines[3] = "A" * len(lines[3])
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("make_value, fragment", [
    (lambda chain: "", "must not be empty"),
    (lambda chain: "%%%", "not valid base64"),
    (lambda chain: keygen.b64("hello"), "no PEM certificate"),
    (lambda chain: keygen.b64(keygen.certificate_der()), "DER"),
    (lambda chain: keygen.b64(_broken(chain[0])), "not a valid X.509"),
    (lambda chain: keygen.b64(chain[0] + b"-----BEGIN CERTIFICATE-----\nZm9v\n-----END CERTIFICATE-----\n"),
     "not a valid X.509"),
    (lambda chain: keygen.b64(chain[0] + b"-----BEGIN CERTIFICATE-----\nZm9v\n"), "only 1 of 2"),
    (lambda chain: keygen.b64(keygen.private_key_variants()["good"]["rsa-pkcs8"]), "no PEM certificate"),
    (lambda chain: chain[0].decode(), "PEM text itself"),
], ids=["empty", "not-b64", "text", "der", "corrupt", "bad-second-block", "unterminated-block", "private-key",
        "raw-pem"])
def test_bad_certificates(ca_chain, make_value, fragment):
    with pytest.raises(InvalidArgumentValueError) as err:
        validate_ca_cert(make_value(ca_chain))
    assert "--https-ca-cert" in err.value.error_msg and fragment in " ".join(
        [err.value.error_msg] + err.value.recommendations)


def test_file_errors(tmp_path, write_file):
    with pytest.raises(FileOperationError, match="--https-ca-cert-file: file '.*missing' does not exist"):
        read_ca_cert_file(str(tmp_path / "missing"))
    with pytest.raises(InvalidArgumentValueError, match="--https-ca-cert-file holds no PEM"):
        read_ca_cert_file(write_file("x", "not a cert"))


@pytest.mark.parametrize("option", ["--tls-ca-certificate", "--tls-client-certificate"])
def test_oci_tls_options_never_recommend_the_git_only_file_option(option):
    # the OCI TLS options check certificates of any use, CA or client, with the check that has no file twin
    from azure.cli.core.azclierror import InvalidArgumentValueError

    from azext_k8s_configuration.flux.sources import oci
    from azext_k8s_configuration.validation.certificates import validate_certificates
    check = next(row.check for row in oci.OPTIONS if row.name == option)
    assert check is validate_certificates
    for value in ("-----BEGIN CERTIFICATE-----", "not base64!!"):
        with pytest.raises(InvalidArgumentValueError) as caught:
            check(value, option)
        text = caught.value.error_msg + " ".join(caught.value.recommendations)
        assert "--https-ca-cert-file" not in text and option in text


def test_a_client_certificate_is_checked_like_a_ca_certificate(ca_chain):
    from azext_k8s_configuration.validation.certificates import validate_certificates
    assert base64.b64decode(validate_certificates(keygen.b64(ca_chain[1]), "--tls-client-certificate")) == ca_chain[1]
