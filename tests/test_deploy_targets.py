"""Deploy targets: configured from the environment, refusing clearly, never touching the network."""

import gzip
import re

import pytest

from publishing import PublishingError
from publishing.caching import IMMUTABLE, REVALIDATE, cache_control, content_type
from publishing.targets import S3, GitHubPages, Rsync, comparable_etag, configured_target

SITE = {"SITEURL": "https://clinic.test"}


@pytest.mark.parametrize(
    ("target", "env", "named"),
    [
        ("rsync", {}, ["SITEURL", "CLINIC_RSYNC_HOST", "CLINIC_RSYNC_PATH"]),
        ("rsync", {**SITE, "CLINIC_RSYNC_HOST": "deploy@clinic.test"}, ["CLINIC_RSYNC_PATH"]),
        (
            "rsync",
            {**SITE, "CLINIC_RSYNC_HOST": " ", "CLINIC_RSYNC_PATH": "/srv"},
            ["CLINIC_RSYNC_HOST"],
        ),
        ("s3", SITE, ["CLINIC_S3_BUCKET"]),
        ("github-pages", {}, ["SITEURL"]),
    ],
)
def test_a_target_missing_settings_names_each_one_and_only_those(target, env, named):
    with pytest.raises(PublishingError) as error:
        configured_target(target, env)
    mentioned = re.findall(r"\b(SITEURL|CLINIC_\w+)\b", str(error.value))
    assert mentioned == named


def test_no_target_lists_every_target_and_what_it_needs():
    with pytest.raises(PublishingError) as error:
        configured_target("", {})
    message = str(error.value)
    for needed in ["github-pages", "rsync", "s3", "CLINIC_DEPLOY_TARGET", "CLINIC_RSYNC_HOST"]:
        assert needed in message
    assert "CLINIC_S3_BUCKET" in message


def test_an_unknown_target_is_refused():
    with pytest.raises(PublishingError, match="unknown deploy target 'ftp'"):
        configured_target("ftp", {})


def test_github_pages_needs_only_the_site_address():
    assert configured_target("github-pages", SITE) == GitHubPages()


def test_rsync_mirrors_the_output_folder_into_the_server_folder_in_four_passes(tmp_path):
    passes = Rsync("deploy@clinic.test", "/srv/clinic/", port="2222").commands(tmp_path, "list")
    assert len(passes) == 4
    for command in passes:
        assert command[0] == "rsync"
        assert command[-2:] == [f"{tmp_path}/", "deploy@clinic.test:/srv/clinic/"]
        assert command[command.index("-e") + 1] == "ssh -o BatchMode=yes -p 2222"
        assert {"--checksum", "--recursive"} <= set(command)
    new, changed, naming, deletions = passes
    assert {"--ignore-existing", "--exclude-from=list.anchored"} <= set(new)
    assert {"--existing", "--exclude-from=list.anchored", "--delay-updates"} <= set(changed)
    assert {"--files-from=list", "--delay-updates"} <= set(naming)
    assert {"--existing", "--ignore-existing", "--delete"} <= set(deletions)
    assert not any("--delete" in option for command in passes[:3] for option in command)


def test_rsync_uses_the_default_ssh_port_unless_told(tmp_path):
    command = Rsync("deploy@clinic.test", "/srv/clinic").command(tmp_path)
    assert command[command.index("-e") + 1] == "ssh -o BatchMode=yes"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("index.html", REVALIDATE),
        ("clinic/index.html", REVALIDATE),
        ("images/therapy-room.svg", REVALIDATE),
        ("feeds/all.atom.xml", REVALIDATE),
        ("assets/css/site.a17b404fa0.css", IMMUTABLE),
    ],
)
def test_only_fingerprinted_assets_are_cached_for_ever(path, expected):
    assert cache_control(path) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("index.html", "text/html; charset=utf-8"),
        ("assets/css/site.a17b404fa0.css", "text/css; charset=utf-8"),
        ("images/therapy-room.svg", "image/svg+xml; charset=utf-8"),
        ("feeds/all.atom.xml", "application/atom+xml; charset=utf-8"),
        ("assets/js/search.0123456789.js", "text/javascript; charset=utf-8"),
        ("images/photo.jpg", "image/jpeg"),
        ("fonts/body.woff2", "font/woff2"),
    ],
)
def test_content_types_by_file(path, expected):
    assert content_type(path) == expected


@pytest.fixture
def built(tmp_path):
    """A small built site with precompressed copies and the host headers file."""
    files = {
        "index.html": "<!doctype html><title>Home</title>",
        "index.html.gz": "",
        "index.html.br": "",
        "clinic/index.html": "<!doctype html><title>Clinic</title>",
        "assets/css/site.a17b404fa0.css": "body{}",
        "images/room.svg": "<svg/>",
        "_headers": "/*\n  X-Content-Type-Options: nosniff\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / "index.html.gz").write_bytes(gzip.compress(b"<!doctype html><title>Home</title>"))
    return tmp_path


def test_s3_uploads_every_file_with_its_headers_but_the_compressed_copies(built):
    files = S3("clinic-site", prefix="www").files(built)
    assert sorted(upload.key for upload in files.values()) == [
        "www/assets/css/site.a17b404fa0.css",
        "www/clinic/index.html",
        "www/images/room.svg",
        "www/index.html",
    ]
    headers = {u.key: (u.content_type, u.cache_control) for u in files.values()}
    assert headers["www/assets/css/site.a17b404fa0.css"] == ("text/css; charset=utf-8", IMMUTABLE)
    assert headers["www/index.html"] == ("text/html; charset=utf-8", REVALIDATE)


@pytest.mark.parametrize(
    ("etag", "digest"),
    [
        ('"9e107d9d372bb6826bd81d3542a419d6"', "9e107d9d372bb6826bd81d3542a419d6"),
        ('"d41d8cd98f00b204e9800998ecf8427e-3"', None),  # multipart: not the file's MD5
        ("", None),
    ],
)
def test_only_a_single_part_etag_is_compared_with_the_file(etag, digest):
    assert comparable_etag(etag) == digest
