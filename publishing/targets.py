"""Deploy targets: where a checked build goes, each configured from environment variables."""

import hashlib
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from . import PublishingError
from .caching import ENCODINGS, cache_control, content_type
from .deployplan import deploy_plan, is_naming_file

TARGET_VARIABLE = "CLINIC_DEPLOY_TARGET"
# Every target: without it publishconf.py falls back to a placeholder address, and every
# absolute link of the deployed site would point there.
COMMON_REQUIRED = {"SITEURL": "public address, no trailing slash, e.g. https://clinic.example"}
HOST_ONLY_FILES = {"_headers"}  # read by Netlify and Cloudflare Pages, meaningless elsewhere


def missing(env, names):
    """Return the names of the environment variables that are unset or empty."""
    return [name for name in names if not env.get(name, "").strip()]


@dataclass(frozen=True)
class GitHubPages:
    """Built here; uploaded and published by .github/workflows/publish.yml."""

    REQUIRED: ClassVar[dict[str, str]] = {}
    OPTIONAL: ClassVar[dict[str, str]] = {}

    @classmethod
    def from_env(cls, env):
        return cls()

    def deploy(self, output):
        print(
            f"{output} is ready for GitHub Pages: the workflow's upload-pages-artifact and "
            "deploy-pages steps publish it (on a push to main)."
        )


# What an operator checks for the statuses a misconfiguration gives (rsync(1), EXIT VALUES;
# 255 is ssh's own). 12, a broken data stream, is what rsync reports when ssh fails early.
RSYNC_STATUS_HINTS = {
    255: "(ssh failed: check CLINIC_RSYNC_HOST, CLINIC_RSYNC_PORT, and `ssh HOST` by hand) ",
    12: "(the connection failed: check CLINIC_RSYNC_HOST, CLINIC_RSYNC_PORT, `ssh HOST`) ",
    3: "(check that CLINIC_RSYNC_PATH is a folder the login can write) ",
    11: "(check that CLINIC_RSYNC_PATH is a folder the login can write, with space) ",
    23: "(some files failed: see rsync's messages above) ",
}


@dataclass(frozen=True)
class Rsync:
    """rsync over SSH to a folder a web server serves (see deploy/nginx/).

    Four passes, in publishing/deployplan.py's order: new files, changed files, the files that
    name others, deletions. rsync cannot order the files of one pass, so the order is theirs.
    """

    host: str  # empty: `path` is a folder of this machine (the tests deploy so)
    path: str
    port: str = ""

    REQUIRED: ClassVar[dict[str, str]] = {
        "CLINIC_RSYNC_HOST": "SSH login, e.g. deploy@example.org",
        "CLINIC_RSYNC_PATH": "folder the server serves, e.g. /srv/clinic",
    }
    OPTIONAL: ClassVar[dict[str, str]] = {"CLINIC_RSYNC_PORT": "SSH port, if not 22"}
    PASSES: ClassVar[tuple[str, ...]] = ("new files", "changed files", "naming files", "deletions")

    @classmethod
    def from_env(cls, env):
        if shutil.which("rsync") is None:
            raise PublishingError("rsync is not installed (apt-get install rsync openssh-client)")
        return cls(
            env["CLINIC_RSYNC_HOST"], env["CLINIC_RSYNC_PATH"], env.get("CLINIC_RSYNC_PORT", "")
        )

    def destination(self):
        folder = f"{self.path.rstrip('/')}/"
        return f"{self.host}:{folder}" if self.host else folder

    def command(self, output, *selection):
        """Return the rsync command of one pass: `selection` says which files it sends."""
        ssh = ["ssh", "-o", "BatchMode=yes", *(["-p", self.port] if self.port else [])]
        return [
            "rsync",
            "--recursive",
            "--links",
            "--perms",
            "--chmod=D755,F644",  # readable by the web server, whatever the local umask
            # Compare contents, not times: Pelican rewrites every file, and unchanged files
            # keep their mtime on the server, so their ETag and readers' caches stay valid.
            "--checksum",
            "--compress",
            "--exclude=/_headers",
            "--itemize-changes",
            *selection,
            "-e",
            shlex.join(ssh),
            f"{Path(output)}/",
            self.destination(),
        ]

    def commands(self, output, naming_list):
        """Return the four passes' commands; `naming_list` is a file of the naming files."""
        anchored = f"--exclude-from={naming_list}.anchored"
        # --delay-updates: the files of a pass land in its folders' .~tmp~ and are renamed
        # into place together once the pass has sent them all, so the naming files appear
        # together. --existing with --ignore-existing sends nothing: a pass that only deletes.
        return [
            self.command(output, "--ignore-existing", anchored),
            self.command(output, "--existing", anchored, "--delay-updates"),
            self.command(output, f"--files-from={naming_list}", "--delay-updates"),
            self.command(output, "--existing", "--ignore-existing", "--delete"),
        ]

    def deploy(self, output, run=subprocess.run):
        """Run the passes; stop at the first that fails, saying what the server holds."""
        names = sorted(name for name in local_names(output) if is_naming_file(name))
        with tempfile.TemporaryDirectory(prefix="clinic-rsync-") as scratch:
            naming_list = Path(scratch) / "naming-files"
            naming_list.write_text("".join(f"{name}\n" for name in names))
            Path(f"{naming_list}.anchored").write_text("".join(f"/{n}\n" for n in names))
            for number, command in enumerate(self.commands(output, naming_list)):
                result = run(command, check=False)
                if result.returncode != 0:
                    raise PublishingError(
                        f"rsync to {self.destination()} exited with status {result.returncode} "
                        f"{RSYNC_STATUS_HINTS.get(result.returncode, '')}"
                        f"in pass {number + 1} of 4 ({self.PASSES[number]}); readers still see "
                        "the previous site, complete: deploy again to finish"
                    )


@dataclass(frozen=True)
class Upload:
    name: str  # site-relative
    path: Path
    key: str
    content_type: str
    cache_control: str


def local_names(output):
    """Return the site-relative names of the files of a built site."""
    output = Path(output)
    return [f.relative_to(output).as_posix() for f in output.rglob("*") if f.is_file()]


def md5_of(path):
    return hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()


def comparable_etag(etag):
    """Return an object's MD5 digest from its ETag, or None where the ETag is not one.

    A single PUT's ETag is the MD5 of the object (unless encrypted with SSE-KMS or SSE-C);
    a multipart upload's is the MD5 of its parts' digests with `-<parts>` appended.
    """
    etag = etag.strip('"')
    return etag if len(etag) == 32 and "-" not in etag else None


@dataclass(frozen=True)
class S3:
    """Any S3-compatible object storage (AWS S3, Cloudflare R2, Backblaze B2, MinIO ...).

    Sends only new and changed files (their MD5 against the bucket's ETags), in
    publishing/deployplan.py's order, and deletes stale objects last.
    """

    bucket: str
    prefix: str = ""
    endpoint_url: str = ""
    region: str = ""

    REQUIRED: ClassVar[dict[str, str]] = {"CLINIC_S3_BUCKET": "bucket name"}
    OPTIONAL: ClassVar[dict[str, str]] = {
        "CLINIC_S3_ENDPOINT_URL": "endpoint of an S3-compatible host; empty for AWS",
        "CLINIC_S3_REGION": "region of the bucket",
        "CLINIC_S3_PREFIX": "folder in the bucket, e.g. site/",
        "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY": "or any other credentials boto3 reads",
    }

    @classmethod
    def from_env(cls, env):
        return cls(
            env["CLINIC_S3_BUCKET"],
            env.get("CLINIC_S3_PREFIX", "").strip("/"),
            env.get("CLINIC_S3_ENDPOINT_URL", ""),
            env.get("CLINIC_S3_REGION", ""),
        )

    def key(self, name):
        return f"{self.prefix}/{name}" if self.prefix else name

    def files(self, output):
        """Return the files to upload with their headers, by name.

        The .gz and .br copies stay behind: object storage cannot choose an encoding per
        request.
        """
        output = Path(output)
        names = set(local_names(output))
        files = {}
        for name in sorted(names):
            suffix = Path(name).suffix
            precompressed = suffix in ENCODINGS and name[: -len(suffix)] in names
            if precompressed or name in HOST_ONLY_FILES:
                continue
            headers = content_type(name), cache_control(name)
            files[name] = Upload(name, output / name, self.key(name), *headers)
        return files

    def client(self):
        """Return a boto3 S3 client for the bucket's host."""
        import boto3
        from botocore.config import Config

        # Few retries: a wrong endpoint should fail in seconds, not minutes.
        config = Config(connect_timeout=10, retries={"max_attempts": 3, "mode": "standard"})
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url or None,
            region_name=self.region or None,
            config=config,
        )

    def deploy(self, output, client=None):
        """Upload the new and changed files in order, then delete the stale objects."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            client = client or self.client()
            files = self.files(output)
            local = {name: md5_of(upload.path) for name, upload in files.items()}
            plan = deploy_plan(local, self.remote_digests(client))
            for name in plan.uploads:
                upload = files[name]
                client.put_object(
                    Bucket=self.bucket,
                    Key=upload.key,
                    Body=upload.path.read_bytes(),
                    ContentType=upload.content_type,
                    CacheControl=upload.cache_control,
                )
            stale = [self.key(name) for name in plan.stale]
            for start in range(0, len(stale), 1000):  # delete_objects takes 1000 at most
                batch = [{"Key": key} for key in stale[start : start + 1000]]
                client.delete_objects(Bucket=self.bucket, Delete={"Objects": batch})
        except (BotoCoreError, ClientError, ValueError) as error:
            raise PublishingError(
                f"S3 deploy to bucket {self.bucket} failed: {one_line(error)}{hint(error)}; "
                "readers still see the previous site, complete: deploy again to finish"
            ) from None
        return plan

    def remote_digests(self, client):
        """Return, by site-relative name, the digest of each object under the prefix."""
        prefix = f"{self.prefix}/" if self.prefix else ""
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        return {
            item["Key"][len(prefix) :]: comparable_etag(item.get("ETag", ""))
            for page in pages
            for item in page.get("Contents", [])
        }


def one_line(error):
    return " ".join(str(error).split())


def hint(error):
    """Say what to check for the errors an operator's settings cause."""
    code = getattr(error, "response", {}).get("Error", {}).get("Code", "")
    name = type(error).__name__
    if name in ("NoCredentialsError", "PartialCredentialsError") or code in (
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "AccessDenied",
    ):
        return " (check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"
    if code == "NoSuchBucket":
        return " (check CLINIC_S3_BUCKET, and CLINIC_S3_ENDPOINT_URL for a host other than AWS)"
    if name in ("EndpointConnectionError", "ConnectTimeoutError") or "endpoint" in str(error):
        return " (check CLINIC_S3_ENDPOINT_URL)"
    if name == "InvalidRegionError" or code in ("AuthorizationHeaderMalformed", "IllegalLocation"):
        return " (check CLINIC_S3_REGION)"
    return ""


TARGETS = {"github-pages": GitHubPages, "rsync": Rsync, "s3": S3}


def settings_needed():
    """Return, one target a line, the environment variables each target needs."""
    lines = [f"  every target: needs {', '.join(f'{v} ({w})' for v, w in COMMON_REQUIRED.items())}"]
    for name, target in TARGETS.items():
        needs = ", ".join(f"{var} ({why})" for var, why in target.REQUIRED.items())
        needs = needs or "nothing more: .github/workflows/publish.yml uploads and deploys the build"
        lines.append(f"  {name}: needs {needs}")
        lines += [f"      optional {var} ({why})" for var, why in target.OPTIONAL.items()]
    return "\n".join(lines)


def configured_target(name, env):
    """Return the deploy target `name`, configured from `env`; raise saying what is missing."""
    if not name:
        raise PublishingError(
            f"no deploy target: pass --target or set {TARGET_VARIABLE} to one of\n"
            + settings_needed()
        )
    if name not in TARGETS:
        raise PublishingError(
            f"unknown deploy target {name!r}; the targets are\n{settings_needed()}"
        )
    target = TARGETS[name]
    required = {**COMMON_REQUIRED, **target.REQUIRED}
    unset = missing(env, required)
    if unset:
        raise PublishingError(
            f"deploy target {name} needs " + ", ".join(f"{var} ({required[var]})" for var in unset)
        )
    return target.from_env(env)
