"""Deploy targets: where a checked build goes, each configured from environment variables."""

import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from . import PublishingError
from .caching import ENCODINGS, IMMUTABLE_FOLDER, cache_control, content_type

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


@dataclass(frozen=True)
class Rsync:
    """rsync over SSH to a folder a web server serves (see deploy/nginx/)."""

    host: str
    path: str
    port: str = ""

    REQUIRED: ClassVar[dict[str, str]] = {
        "CLINIC_RSYNC_HOST": "SSH login, e.g. deploy@example.org",
        "CLINIC_RSYNC_PATH": "folder the server serves, e.g. /srv/clinic",
    }
    OPTIONAL: ClassVar[dict[str, str]] = {"CLINIC_RSYNC_PORT": "SSH port, if not 22"}

    @classmethod
    def from_env(cls, env):
        if shutil.which("rsync") is None:
            raise PublishingError("rsync is not installed (apt-get install rsync openssh-client)")
        return cls(
            env["CLINIC_RSYNC_HOST"], env["CLINIC_RSYNC_PATH"], env.get("CLINIC_RSYNC_PORT", "")
        )

    def command(self, output):
        """Return the rsync command that mirrors `output` to the server."""
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
            # Changed files are moved into place together at the end, old ones deleted after:
            # the served site is never half old, half new.
            "--delay-updates",
            "--delete-after",
            "--compress",
            "--exclude=/_headers",
            "--itemize-changes",
            "-e",
            shlex.join(ssh),
            f"{Path(output)}/",
            f"{self.host}:{self.path.rstrip('/')}/",
        ]

    def deploy(self, output):
        result = subprocess.run(self.command(output), check=False)
        if result.returncode != 0:
            raise PublishingError(f"rsync exited with status {result.returncode}")


@dataclass(frozen=True)
class Upload:
    path: Path
    key: str
    content_type: str
    cache_control: str


@dataclass(frozen=True)
class S3:
    """Any S3-compatible object storage (AWS S3, Cloudflare R2, Backblaze B2, MinIO ...)."""

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

    def uploads(self, output):
        """Return the files to upload with their headers: assets first, pages last.

        That order means no page is ever live before the files it uses. The .gz and .br
        copies stay behind: object storage cannot choose an encoding per request.
        """
        output = Path(output)
        files = sorted(file for file in output.rglob("*") if file.is_file())
        names = {file.relative_to(output).as_posix() for file in files}
        uploads = []
        for file in files:
            name = file.relative_to(output).as_posix()
            precompressed = file.suffix in ENCODINGS and name[: -len(file.suffix)] in names
            if precompressed or name in HOST_ONLY_FILES:
                continue
            uploads.append(Upload(file, self.key(name), content_type(name), cache_control(name)))

        def order(upload):
            name = upload.path.relative_to(output).as_posix()
            return (not name.startswith(IMMUTABLE_FOLDER + "/"), name.endswith(".html"), name)

        return sorted(uploads, key=order)

    def client(self):
        """Return a boto3 S3 client for the bucket's host."""
        import boto3

        return boto3.client(
            "s3", endpoint_url=self.endpoint_url or None, region_name=self.region or None
        )

    def deploy(self, output, client=None):
        """Upload the build, then delete the objects under the prefix that it no longer has."""
        from botocore.exceptions import BotoCoreError, ClientError

        client = client or self.client()
        try:
            uploaded = set()
            for upload in self.uploads(output):
                client.put_object(
                    Bucket=self.bucket,
                    Key=upload.key,
                    Body=upload.path.read_bytes(),
                    ContentType=upload.content_type,
                    CacheControl=upload.cache_control,
                )
                uploaded.add(upload.key)
            stale = [key for key in self.existing_keys(client) if key not in uploaded]
            for start in range(0, len(stale), 1000):  # delete_objects takes 1000 at most
                batch = [{"Key": key} for key in stale[start : start + 1000]]
                client.delete_objects(Bucket=self.bucket, Delete={"Objects": batch})
        except (BotoCoreError, ClientError) as error:
            raise PublishingError(f"S3 upload to {self.bucket} failed: {error}") from error

    def existing_keys(self, client):
        """Return the keys in the bucket under the prefix."""
        prefix = f"{self.prefix}/" if self.prefix else ""
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        return [item["Key"] for page in pages for item in page.get("Contents", [])]


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
