"""A deploy is old or new, never half: deploys cut short at every stage leave a site whose
links all resolve and whose search index is whole, and the next deploy finishes the job.

rsync runs for real into a local folder served over HTTP; S3 runs against moto's server on
127.0.0.1, over HTTP."""

import itertools
import os
import re
import shutil
import subprocess
import sys

import boto3
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from moto.server import ThreadedMotoServer

from publishing import PublishingError
from publishing.caching import IMMUTABLE, REVALIDATE, content_type
from publishing.deployplan import deploy_plan, is_naming_file
from publishing.targets import S3, Rsync, local_names, md5_of
from tests.deployedsite import NEW, OLD, broken_links, built, http_fetcher, missing_search_files
from tests.localserver import served_folder
from tests.sitebuild import ROOT


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The site as deployed before (old) and the build to deploy now (new)."""
    scratch = tmp_path_factory.mktemp("sites")
    return built(scratch / "old", OLD), built(scratch / "new", NEW)


def files_of(folder):
    return {name: (folder / name).read_bytes() for name in local_names(folder)}


@pytest.mark.parametrize(
    ("name", "naming"),
    [
        ("index.html", True),
        ("index2.html", True),
        ("category/articles/index.html", True),
        ("feeds/all.atom.xml", True),
        ("sitemap.xml", True),
        ("pagefind/pagefind-entry.json", True),
        ("pagefind/shard-2/pagefind-entry.json", True),
        ("pagefind/shards.json", True),
        ("good/index.html", False),
        ("index-of-terms/index.html", False),
        ("pagefind/pagefind.en_2b98dfb4c1.pf_meta", False),
        ("assets/css/site.9f93552ef2.css", False),
    ],
)
def test_the_files_that_name_others_are_known(name, naming):
    assert is_naming_file(name) is naming


def test_the_plan_sends_new_then_changed_then_naming_files_and_deletes_last():
    local = {"a/index.html": "2", "b/index.html": "1", "index.html": "2", "x.css": "1"}
    local["pagefind/shards.json"] = local["pagefind/pagefind-entry.json"] = "2"
    remote = {"a/index.html": "1", "index.html": "1", "old/index.html": "1", "x.css": "1"}
    remote["pagefind/shards.json"] = "1"
    plan = deploy_plan(local, remote)
    assert plan.uploads == [
        "b/index.html",
        "a/index.html",
        "index.html",
        "pagefind/pagefind-entry.json",
        "pagefind/shards.json",
    ]
    assert plan.stale == ["old/index.html"]


# rsync


def cut_short_in(pass_number, scratch):
    """Return a runner that sends half the files of pass `pass_number`, then fails as rsync
    does when files fail midway (status 23), renaming the ones it sent into place."""
    calls = []

    def run(command, check):
        calls.append(command)
        if len(calls) != pass_number:
            return subprocess.run(command, check=check)
        source = command[-2].rstrip("/")
        skipped = scratch / "skipped"
        skipped.write_text("".join(f"/{name}\n" for name in sorted(local_names(source))[::2]))
        subprocess.run([*command[:-4], f"--exclude-from={skipped}", *command[-4:]], check=True)
        return subprocess.CompletedProcess(command, 23)

    return run


@pytest.mark.parametrize("failing_pass", [1, 2, 3, 4])
def test_an_rsync_deploy_cut_short_in_any_pass_leaves_a_whole_site(sites, tmp_path, failing_pass):
    old, new = sites
    server = Rsync("", str(tmp_path / "srv"))
    server.deploy(old)
    with pytest.raises(PublishingError, match=f"status 23 .* in pass {failing_pass} of 4"):
        server.deploy(new, run=cut_short_in(failing_pass, tmp_path))
    deployed = files_of(tmp_path / "srv")
    assert deployed != files_of(new)  # cut short indeed
    with served_folder(tmp_path / "srv") as url:
        assert broken_links(http_fetcher(url)) == {}
        assert missing_search_files(http_fetcher(url)) == []
    server.deploy(new)
    expected = files_of(new)
    del expected["_headers"]
    assert files_of(tmp_path / "srv") == expected


def test_rsync_leaves_unchanged_files_alone(sites, tmp_path):
    old, new = sites
    server = Rsync("", str(tmp_path / "srv"))
    server.deploy(old)
    unchanged = tmp_path / "srv" / "images" / "dot.svg"
    os.utime(unchanged, (1_000_000_000, 1_000_000_000))
    server.deploy(new)
    assert unchanged.stat().st_mtime == 1_000_000_000


def test_an_unwritable_rsync_folder_is_one_clear_error(sites, tmp_path):
    (tmp_path / "a-file").write_text("")
    with pytest.raises(PublishingError) as error:
        Rsync("", str(tmp_path / "a-file" / "srv")).deploy(sites[1])
    assert str(error.value).startswith(f"rsync to {tmp_path}/a-file/srv/ exited with status")
    assert "check that CLINIC_RSYNC_PATH is a folder the login can write" in str(error.value)
    assert "\n" not in str(error.value)


def test_an_unreachable_rsync_host_is_one_clear_error(sites):
    with pytest.raises(PublishingError) as error:
        Rsync("deploy@127.0.0.1", "/srv/clinic", port="9").deploy(sites[1])  # nothing listens
    assert re.match(
        r"rsync to deploy@127\.0\.0\.1:/srv/clinic/ exited with status (12|255) "
        r"\(.*check CLINIC_RSYNC_HOST, CLINIC_RSYNC_PORT.*\) in pass 1 of 4",
        str(error.value),
    )
    assert "\n" not in str(error.value)


# S3, against moto's server


@pytest.fixture(scope="module")
def endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


BUCKETS = itertools.count()
CREDENTIALS = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}


@pytest.fixture
def bucket(endpoint):
    """A new bucket, its client, and the keys of every PUT that client sends."""
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **CREDENTIALS)
    name = f"site-{next(BUCKETS)}"
    client.create_bucket(Bucket=name)
    puts = []
    client.meta.events.register(
        "before-parameter-build.s3.PutObject", lambda params, **_: puts.append(params["Key"])
    )
    return name, client, puts


def bucket_fetcher(client, name, prefix):
    def fetch(path):
        try:
            return client.get_object(Bucket=name, Key=prefix + path)["Body"].read()
        except ClientError as error:
            if error.response["Error"]["Code"] in ("NoSuchKey", "404"):
                return None
            raise

    return fetch


def fail_at(client, operation, number):
    """Make the `number`th call of `operation` fail as a dropped connection does."""
    calls = []

    def fail(**_):
        calls.append(1)
        if len(calls) == number:
            raise EndpointConnectionError(endpoint_url="http://127.0.0.1")

    client.meta.events.register(f"before-call.s3.{operation}", fail)
    return lambda: client.meta.events.unregister(f"before-call.s3.{operation}", fail)


def test_an_s3_deploy_cut_short_at_any_upload_or_deletion_leaves_a_whole_site(sites, bucket):
    old, new = sites
    name, client, _puts = bucket
    target = S3(name, prefix="www")
    target.deploy(old, client=client)
    local = {n: md5_of(upload.path) for n, upload in target.files(new).items()}
    plan = deploy_plan(local, target.remote_digests(client))
    assert plan.new
    assert plan.changed
    assert plan.naming
    assert plan.stale
    cuts = [("PutObject", n) for n in range(1, len(plan.uploads) + 1)] + [("DeleteObjects", 1)]
    for operation, number in cuts:
        restore = fail_at(client, operation, number)
        with pytest.raises(PublishingError, match=f"S3 deploy to bucket {name} failed"):
            target.deploy(new, client=client)
        restore()
        fetch = bucket_fetcher(client, name, "www/")
        assert broken_links(fetch) == {}, (operation, number)
        assert missing_search_files(fetch) == [], (operation, number)
        target.deploy(old, client=client)  # back to the old site for the next cut
    target.deploy(new, client=client)
    deployed = {n: bucket_fetcher(client, name, "www/")(n) for n in target.files(new)}
    assert deployed == {n: u.path.read_bytes() for n, u in target.files(new).items()}
    assert set(target.remote_digests(client)) == set(target.files(new))


def test_a_second_s3_deploy_sends_only_the_changed_files(sites, bucket, tmp_path):
    _old, new = sites
    name, client, puts = bucket
    target = S3(name)
    target.deploy(new, client=client)
    assert sorted(puts) == sorted(target.files(new))
    puts.clear()
    target.deploy(new, client=client)
    assert puts == []
    edited = shutil.copytree(new, tmp_path / "edited")
    (edited / "good" / "index.html").write_text("<!doctype html><title>Edited</title>")
    target.deploy(edited, client=client)
    assert puts == ["good/index.html"]


def test_s3_objects_carry_their_type_and_cache_headers(sites, bucket):
    name, client, _puts = bucket
    S3(name).deploy(sites[1], client=client)
    page = client.head_object(Bucket=name, Key="good/index.html")
    assert (page["ContentType"], page["CacheControl"]) == (content_type("x.html"), REVALIDATE)
    css = next(key for key in S3(name).files(sites[1]) if key.startswith("assets/css/site."))
    asset = client.head_object(Bucket=name, Key=css)
    assert (asset["ContentType"], asset["CacheControl"]) == (content_type("x.css"), IMMUTABLE)


def test_a_multipart_etag_counts_as_changed():
    local = {"video.mp4": "0" * 32}
    remote = {"video.mp4": None}  # what comparable_etag makes of "…-3"
    assert deploy_plan(local, remote).changed == ["video.mp4"]


# Misconfiguration: one line, no traceback


def deploy_command(output, env):
    """Run `python -m publishing.deploy` with only `env` and no AWS files of this machine."""
    isolated = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(ROOT),
        "AWS_CONFIG_FILE": "/nonexistent",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
        "AWS_EC2_METADATA_DISABLED": "true",
        "SITEURL": "https://clinic.test",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "publishing.deploy", str(output), "--target", "s3"],
        env=isolated,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


KEYS = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"CLINIC_S3_ENDPOINT_URL": "http://127.0.0.1:9", **KEYS}, "CLINIC_S3_ENDPOINT_URL"),
        ({"CLINIC_S3_ENDPOINT_URL": "not an address", **KEYS}, "CLINIC_S3_ENDPOINT_URL"),
        ({"CLINIC_S3_REGION": "us east 1", **KEYS}, "CLINIC_S3_REGION"),
        ({"MOTO": "1"}, "AWS_ACCESS_KEY_ID"),
        ({"MOTO": "1", "CLINIC_S3_BUCKET": "no-such-bucket", **KEYS}, "CLINIC_S3_BUCKET"),
    ],
)
def test_each_s3_misconfiguration_is_one_clear_line(sites, endpoint, settings, named):
    env = {"CLINIC_S3_BUCKET": "clinic", "CLINIC_S3_REGION": "us-east-1", **settings}
    if env.pop("MOTO", None):
        env["CLINIC_S3_ENDPOINT_URL"] = endpoint
    result = deploy_command(sites[1], env)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: S3 deploy to bucket ")
    assert named in lines[0]


def test_deploying_a_folder_without_a_site_is_one_clear_line(tmp_path):
    result = deploy_command(tmp_path / "output", {"CLINIC_S3_BUCKET": "clinic"})
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: {tmp_path / 'output'} holds no built site: build it first (invoke preview)"
    ]
