"""Generate SSH keys, host keys and certificates with `cryptography` for tests (nothing on disk)."""
import base64
import datetime
import functools
import hashlib
import hmac
import os
import warnings

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.oid import NameOID

NO_ENC = ser.NoEncryption()
warnings.filterwarnings("ignore", category=CryptographyDeprecationWarning)  # DSA keys are made on purpose


@functools.lru_cache(maxsize=None)
def _private_keys():
    return {
        "rsa": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "ecdsa": ec.generate_private_key(ec.SECP256R1()),
        "ecdsa384": ec.generate_private_key(ec.SECP384R1()),
        "ed25519": ed25519.Ed25519PrivateKey.generate(),
        "dsa": dsa.generate_private_key(key_size=1024),
    }


def private_key_variants():
    """{label: pem_bytes} for every supported type x format, plus 'encrypted' and 'unsupported' ones."""
    k = _private_keys()
    good = {
        "rsa-pkcs1": k["rsa"].private_bytes(ser.Encoding.PEM, ser.PrivateFormat.TraditionalOpenSSL, NO_ENC),
        "rsa-pkcs8": k["rsa"].private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, NO_ENC),
        "rsa-openssh": k["rsa"].private_bytes(ser.Encoding.PEM, ser.PrivateFormat.OpenSSH, NO_ENC),
        "ecdsa-sec1": k["ecdsa"].private_bytes(ser.Encoding.PEM, ser.PrivateFormat.TraditionalOpenSSL, NO_ENC),
        "ecdsa-pkcs8": k["ecdsa"].private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, NO_ENC),
        "ecdsa-openssh": k["ecdsa"].private_bytes(ser.Encoding.PEM, ser.PrivateFormat.OpenSSH, NO_ENC),
        "ecdsa384-openssh": k["ecdsa384"].private_bytes(ser.Encoding.PEM, ser.PrivateFormat.OpenSSH, NO_ENC),
        "ed25519-pkcs8": k["ed25519"].private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, NO_ENC),
        "ed25519-openssh": k["ed25519"].private_bytes(ser.Encoding.PEM, ser.PrivateFormat.OpenSSH, NO_ENC),
        "dsa-pkcs1": k["dsa"].private_bytes(ser.Encoding.PEM, ser.PrivateFormat.TraditionalOpenSSL, NO_ENC),
        "dsa-pkcs8": k["dsa"].private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, NO_ENC),
        "dsa-openssh": k["dsa"].private_bytes(ser.Encoding.PEM, ser.PrivateFormat.OpenSSH, NO_ENC),
    }
    pw = ser.BestAvailableEncryption(b"passphrase")
    encrypted = {
        "rsa-pkcs1-encrypted": k["rsa"].private_bytes(ser.Encoding.PEM, ser.PrivateFormat.TraditionalOpenSSL, pw),
        "rsa-pkcs8-encrypted": k["rsa"].private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, pw),
        "ecdsa-sec1-encrypted": k["ecdsa"].private_bytes(
            ser.Encoding.PEM, ser.PrivateFormat.TraditionalOpenSSL, pw),
        "ed25519-openssh-encrypted": k["ed25519"].private_bytes(ser.Encoding.PEM, ser.PrivateFormat.OpenSSH, pw),
        "ed25519-pkcs8-encrypted": k["ed25519"].private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, pw),
    }
    unsupported = {
        "ed448-pkcs8": ed448.Ed448PrivateKey.generate().private_bytes(
            ser.Encoding.PEM, ser.PrivateFormat.PKCS8, NO_ENC),
    }
    return {"good": good, "encrypted": encrypted, "unsupported": unsupported}


def public_openssh(kind):
    """'TYPE BASE64' of the public half of one of the generated keys ('rsa', 'ecdsa', 'ed25519', 'dsa')."""
    key = _private_keys()[kind].public_key()
    return key.public_bytes(ser.Encoding.OpenSSH, ser.PublicFormat.OpenSSH).decode()


def hashed_host(host, salt=None):
    """OpenSSH's `ssh-keygen -H` form: |1|base64(salt)|base64(HMAC-SHA1(salt, host))."""
    salt = salt or os.urandom(20)
    digest = hmac.new(salt, host.encode(), hashlib.sha1).digest()
    return f"|1|{base64.b64encode(salt).decode()}|{base64.b64encode(digest).decode()}"


def _cert(subject, issuer, public_key, signing_key, is_ca):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
               .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
               .public_key(public_key)
               .serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(days=1))
               .not_valid_after(now + datetime.timedelta(days=30))
               .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True))
    return builder.sign(signing_key, hashes.SHA256())


@functools.lru_cache(maxsize=None)
def certificate_chain():
    """(root_pem, intermediate_pem): a self-signed root and an intermediate signed by it."""
    root_key = ec.generate_private_key(ec.SECP256R1())
    inter_key = ec.generate_private_key(ec.SECP256R1())
    root = _cert("Test Root CA", "Test Root CA", root_key.public_key(), root_key, True)
    inter = _cert("Test Intermediate", "Test Root CA", inter_key.public_key(), root_key, True)
    return root.public_bytes(ser.Encoding.PEM), inter.public_bytes(ser.Encoding.PEM)


def certificate_der():
    root_pem, _ = certificate_chain()
    return x509.load_pem_x509_certificate(root_pem).public_bytes(ser.Encoding.DER)


def b64(data):
    """Base64 of bytes or str, as str."""
    if isinstance(data, str):
        data = data.encode()
    return base64.b64encode(data).decode()
