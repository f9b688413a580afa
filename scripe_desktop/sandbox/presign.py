"""S3 SigV4 query-string presigning and verification, done by botocore's own signer.

Generating and checking with the same library that the AWS SDKs use means a URL the sandbox
accepts is one S3 would accept, and a header mismatch fails here exactly as it fails there.
"""

from __future__ import annotations

import calendar
import hmac
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, unquote

from botocore.auth import S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.utils import percent_encode_sequence

ACCESS_KEY = "SANDBOXACCESSKEY0001"
SECRET_KEY = "scripe-sandbox-secret-not-a-real-credential"
REGION = "us-east-1"
SERVICE = "s3"
ALGORITHM = "AWS4-HMAC-SHA256"
SIGV4_TIMESTAMP = "%Y%m%dT%H%M%SZ"
MAX_EXPIRES = 7 * 24 * 3600


def _auth(expires: int) -> S3SigV4QueryAuth:
    return S3SigV4QueryAuth(Credentials(ACCESS_KEY, SECRET_KEY), SERVICE, REGION, expires=expires)


def _sign(auth: S3SigV4QueryAuth, request: AWSRequest) -> str:
    canonical = auth.canonical_request(request)
    return str(auth.signature(auth.string_to_sign(request, canonical), request))


def presign_put(
    host: str, bucket: str, key: str, content_type: str, now: float, expires: int
) -> str:
    """A path-style presigned PUT URL signing ``host`` and ``content-type``, dated ``now``."""
    url = f"http://{host}/{bucket}/{quote(key, safe='/~')}"
    request = AWSRequest(
        method="PUT", url=url, headers={"Content-Type": content_type, "Host": host}
    )
    request.context["timestamp"] = time.strftime(SIGV4_TIMESTAMP, time.gmtime(now))
    auth = _auth(expires)
    params = {
        "X-Amz-Algorithm": ALGORITHM,
        "X-Amz-Credential": auth.scope(request),
        "X-Amz-Date": request.context["timestamp"],
        "X-Amz-Expires": expires,
        "X-Amz-SignedHeaders": auth.signed_headers(auth.headers_to_sign(request)),
    }
    request.url = f"{url}?{percent_encode_sequence(params)}"
    return f"{request.url}&X-Amz-Signature={_sign(auth, request)}"


@dataclass
class Verdict:
    """Outcome of checking a presigned request: ``code`` is an S3 error code or None."""

    code: str | None
    message: str = ""
    status: int = 403
    signed_at: float = 0.0
    expires: int = 0


def verify(method: str, raw_target: str, headers: Mapping[str, str]) -> Verdict:
    """Recompute the signature of an incoming request from its raw target and headers.

    ``headers`` maps lower-case names to values. The query string is used exactly as received
    (minus ``X-Amz-Signature``), so a tampered or re-encoded URL no longer matches.
    """
    path, _, query = raw_target.partition("?")
    pairs = [p for p in query.split("&") if p] if query else []
    sigs = [p.partition("=")[2] for p in pairs if p.partition("=")[0] == "X-Amz-Signature"]
    rest = [p for p in pairs if p.partition("=")[0] != "X-Amz-Signature"]
    params = {unquote(k): unquote(v) for k, _, v in (p.partition("=") for p in rest)}
    if len(sigs) != 1 or params.get("X-Amz-Algorithm") is None:
        return Verdict("AccessDenied", "Query-string authentication is required.")
    if params["X-Amz-Algorithm"] != ALGORITHM:
        return Verdict(
            "AuthorizationQueryParametersError",
            "X-Amz-Algorithm only supports AWS4-HMAC-SHA256",
            400,
        )
    try:
        amz_date = params["X-Amz-Date"]
        signed_at = float(calendar.timegm(time.strptime(amz_date, SIGV4_TIMESTAMP)))
        expires = int(params["X-Amz-Expires"])
        access_key, date, region, service, terminal = params["X-Amz-Credential"].split("/")
        signed_names = params["X-Amz-SignedHeaders"].split(";")
    except (KeyError, ValueError):
        return Verdict(
            "AuthorizationQueryParametersError",
            "Query-string authentication requires X-Amz-Credential, X-Amz-Date, X-Amz-Expires "
            "and X-Amz-SignedHeaders.",
            400,
        )
    if not 1 <= expires <= MAX_EXPIRES:
        return Verdict(
            "AuthorizationQueryParametersError", "X-Amz-Expires must be 1..604800 seconds.", 400
        )
    if access_key != ACCESS_KEY:
        return Verdict("InvalidAccessKeyId", "The access key Id you provided does not exist.")
    if "host" not in signed_names:
        return Verdict("AccessDenied", "The host header must be signed.")
    host = headers.get("host", "")
    subset = {name: headers.get(name, "") for name in signed_names}
    request = AWSRequest(method=method, url=f"http://{host}{path}?{'&'.join(rest)}", headers=subset)
    request.context["timestamp"] = amz_date
    bad_scope = (date, region, service, terminal) != (amz_date[:8], REGION, SERVICE, "aws4_request")
    expected = _sign(_auth(expires), request)
    if bad_scope or not hmac.compare_digest(expected, sigs[0]):
        return Verdict(
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. "
            "Check your key and signing method.",
        )
    unsigned_amz = sorted(h for h in headers if h.startswith("x-amz-") and h not in signed_names)
    if unsigned_amz:
        return Verdict(
            "AccessDenied", "There were headers present in the request which were not signed"
        )
    return Verdict(None, signed_at=signed_at, expires=expires)
