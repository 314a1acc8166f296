"""`clerk_backend.testing`: the in-process `Emulator`, its pytest plugin, and the quickstart
example that runs on it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from clerk_backend import Clerk, models
from clerk_backend.models import ClerkErrors, SDKError
from clerk_backend.testing import Emulator
from conftest import REPO

KEY = "sk_test_emulator_api"


def _env():
    # The subprocesses import the installed package, never the source tree.
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    return env


def test_urls_and_lifetime():
    with Emulator() as emu:
        assert emu.url == f"{emu.root_url}/v1"
        assert emu.root_url == f"http://127.0.0.1:{emu.port}"
        assert not emu.closed
        assert repr(emu) == f"<clerk_backend.testing.Emulator url='{emu.url}' running>"
        with Clerk(bearer_auth="sk_test_x", server_url=emu.url) as clerk:  # as in the issue
            assert clerk.users.list() == []
    assert emu.closed and repr(emu).endswith("closed>")
    with pytest.raises(RuntimeError, match="closed"):
        emu.reset()
    with pytest.raises(RuntimeError, match="closed"):
        emu.load_users([{"first_name": "Ada"}])
    emu.close()


def test_two_emulators_are_independent():
    with Emulator() as one, Emulator() as two:
        assert one.port != two.port
        one.load_users([{"first_name": "Ada"}])
        assert one.client().users.count().total_count == 1
        assert two.client().users.count().total_count == 0


def test_secret_key_is_enforced():
    with Emulator(secret_key="sk_test_only_this") as emu:
        assert emu.client().users.count().total_count == 0  # client() uses the emulator's key
        with Clerk(bearer_auth="sk_test_another", server_url=emu.url, retry_config=None) as other:
            with pytest.raises(ClerkErrors) as info:  # 401 is in list's docs table
                other.users.list()
        assert (info.value.status_code, info.value.data.errors[0].code) == (401, "clerk_key_invalid")
        assert "sk_test_only_this" not in repr(emu)


def test_load_users_and_reset(clerk_emulator):
    ada, bob = clerk_emulator.load_users(
        [
            {"id": "user_ada", "first_name": "Ada", "email_addresses": [{"email_address": "ada@example.com"}], "password": "pw-for-ada-123"},
            {"first_name": "Bob", "public_metadata": {"plan": "pro"}, "created_at": 1_700_000_000_000},
        ]
    )
    assert isinstance(ada, models.User) and ada.id == "user_ada"
    assert ada.primary_email_address_id == ada.email_addresses[0].id and ada.password_enabled
    assert bob.id.startswith("user_") and bob.created_at == 1_700_000_000_000
    [cy] = clerk_emulator.load_users({"first_name": "Cy"})  # one dict is one user
    clerk = clerk_emulator.client(retry_config=None)
    assert clerk.users.get(user_id="user_ada").first_name == "Ada"
    assert clerk.users.verify_password(user_id="user_ada", password="pw-for-ada-123").verified
    assert clerk.users.count().total_count == 3

    clerk_emulator.fault(503, count=5)
    clerk_emulator.reset()
    assert clerk_emulator.pending_faults() == []
    assert clerk.users.count().total_count == 0


def test_export_and_import_round_trip(clerk_emulator):
    clerk = clerk_emulator.client(retry_config=None)
    ada = clerk.users.create(first_name="Ada", email_address=["ada@example.com"], password="correct-horse-battery")
    clerk.users.adjust_billing_credit_balance(user_id=ada.id, amount=500, action="increase", idempotency_key="k")
    data = clerk_emulator.export_data()
    assert [u["id"] for u in data["users"]] == [ada.id]
    assert data["users"][0]["password_hasher"] == "bcrypt" and "password" not in data["users"][0]
    assert data["billing_credits"][0]["idempotency_key"] == "k"

    clerk_emulator.reset()
    assert clerk.users.count().total_count == 0
    users = clerk_emulator.import_data(data)
    assert [u.id for u in users] == [ada.id]
    assert clerk.users.get(user_id=ada.id).first_name == "Ada"
    assert clerk.users.verify_password(user_id=ada.id, password="correct-horse-battery").verified
    assert clerk.users.get_billing_credit_balance(user_id=ada.id).balance.amount == 500

    # The same document seeds a new emulator.
    with Emulator(data=data) as other:
        assert other.client().users.get(user_id=ada.id).first_name == "Ada"


def test_bad_data_and_faults_are_reported(clerk_emulator):
    with pytest.raises(TypeError, match="userz"):
        clerk_emulator.import_data({"userz": []})  # type: ignore[typeddict-unknown-key]
    with pytest.raises(ValueError, match="totp_secret"):
        clerk_emulator.load_users([{"first_name": "Ada", "totp_secret": "not base32!"}])
    with pytest.raises(TypeError):
        clerk_emulator.import_data([])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="status"):
        clerk_emulator.fault(99)
    with pytest.raises(ValueError, match="status"):
        clerk_emulator.fault()
    with pytest.raises(ValueError, match="count"):
        clerk_emulator.fault(503, count=0)
    with pytest.raises(ValueError, match="requests"):
        clerk_emulator.set_rate_limit(0)
    with pytest.raises(TypeError, match="statuz"):
        clerk_emulator._native.add_fault({"statuz": 503})
    with pytest.raises(TypeError, match="count"):
        clerk_emulator._native.add_fault({"status": 503, "count": -1})
    with pytest.raises(ValueError):
        Emulator(data={"users": [{"totp_secret": "not base32!"}]})
    assert clerk_emulator.pending_faults() == []


def test_faults_are_listed_and_cleared(clerk_emulator):
    clerk_emulator.fault(503, count=2, retry_after=1, method="GET")
    clerk_emulator.fault(delay_ms=10)
    assert clerk_emulator.pending_faults() == [
        {"status": 503, "retry_after": 1, "count": 2, "method": "GET", "malformed_json": False},
        {"delay_ms": 10, "count": 1, "malformed_json": False},
    ]
    clerk_emulator.clear_faults()
    assert clerk_emulator.pending_faults() == []


def test_rate_limit(clerk_emulator):
    assert clerk_emulator.rate_limit is None
    clerk_emulator.set_rate_limit(2, per_seconds=60)
    assert clerk_emulator.rate_limit == {"requests": 2, "per_seconds": 60}
    clerk = clerk_emulator.client(retry_config=None)
    other_key = clerk_emulator.client("sk_test_another_key", retry_config=None)
    assert clerk.users.count().total_count == 0
    assert clerk.users.list() == []
    with pytest.raises(SDKError) as info:  # 429 is never in a docs table
        clerk.users.count()
    assert info.value.status_code == 429 and 0 < info.value.retry_after <= 60
    assert "too_many_requests" in info.value.body
    assert other_key.users.count().total_count == 0  # per secret key
    clerk_emulator.reset()  # fresh windows, same limit
    assert clerk_emulator.rate_limit == {"requests": 2, "per_seconds": 60}
    assert clerk.users.count().total_count == 0
    clerk_emulator.set_rate_limit(None)
    assert clerk_emulator.rate_limit is None


def test_a_tight_rate_limit_and_its_stats(clerk_emulator):
    clerk_emulator.set_rate_limit("20/1s")
    assert clerk_emulator.rate_limit == {"requests": 20, "per_seconds": 1}
    clerk_emulator.set_rate_limit("3/60s")
    clerk = clerk_emulator.client(retry_config=None)
    assert clerk_emulator.stats() == {"requests": 0, "rate_limited": 0, "faulted": 0}
    for _ in range(3):
        clerk.users.count()
    for _ in range(2):
        with pytest.raises(SDKError):
            clerk.users.count()
    assert clerk_emulator.stats() == {"requests": 5, "rate_limited": 2, "faulted": 0}
    clerk_emulator.set_rate_limit(None)
    clerk_emulator.fault(503)
    with pytest.raises(SDKError):
        clerk.users.count()
    assert clerk_emulator.stats() == {"requests": 6, "rate_limited": 2, "faulted": 1}
    clerk_emulator.reset()
    assert clerk_emulator.stats()["requests"] == 0
    with pytest.raises(ValueError, match="rate limit"):
        clerk_emulator.set_rate_limit("lots")
    with Emulator(rate_limit="1/60s") as emu:
        assert emu.rate_limit == {"requests": 1, "per_seconds": 60}


def test_instance_settings(clerk_emulator):
    settings = clerk_emulator.instance
    assert settings["identifiers"] == {
        "email_address": "optional",
        "phone_number": "optional",
        "username": "optional",
        "web3_wallet": "optional",
    }
    assert settings["password"] == {"required": False, "min_length": 8, "reject_breached": True}
    clerk = clerk_emulator.client(retry_config=None)

    # Clerk's codes, in the classes of each operation's table.
    with pytest.raises(ClerkErrors) as info:
        clerk.users.create(email_address=["ada@example.com"], password="password123")
    error = info.value.data.errors[0]
    assert (info.value.status_code, error.code, error.meta) == (422, "form_password_pwned", {"param_name": "password"})
    with pytest.raises(ClerkErrors) as info:
        clerk.users.create(username="ada")
    assert info.value.data.errors[0].code == "form_username_invalid_length"

    new_app = clerk_emulator.set_instance("new_application")
    assert new_app["identifiers"]["phone_number"] == "off" and new_app["password"]["required"] is True
    assert clerk_emulator.instance == new_app
    with pytest.raises(ClerkErrors) as info:
        clerk.users.create(first_name="Nobody")
    error = info.value.data.errors[0]
    assert (error.code, error.meta) == ("form_data_missing", {"param_names": ["email_address", "password"]})
    with pytest.raises(ClerkErrors) as info:
        clerk.users.create(email_address=["p@example.com"], password="Secure*Pass4", phone_number=["+15555550100"])
    assert (info.value.data.errors[0].code, info.value.data.errors[0].meta) == (
        "form_param_unknown",
        {"param_name": "phone_number"},
    )
    assert clerk.users.create(email_address=["p@example.com"], password="Secure*Pass4").password_enabled

    # Keys left out keep the preset's values; reset keeps the settings.
    clerk_emulator.set_instance(preset="permissive", password={"reject_breached": False})
    clerk_emulator.reset()
    assert clerk_emulator.instance["password"]["reject_breached"] is False
    assert clerk.users.create(password="password123").password_enabled
    with pytest.raises(ValueError, match="identifiers.phone"):
        clerk_emulator.set_instance({"identifiers": {"phone": "off"}})  # type: ignore[typeddict-unknown-key]
    with pytest.raises(ValueError, match="preset"):
        clerk_emulator.set_instance("locked_down")

    # In data documents, both ways.
    exported = clerk_emulator.export_data()
    assert exported["instance"]["password"]["reject_breached"] is False
    with Emulator(instance={"identifiers": {"username": "required"}}) as emu:
        assert emu.instance["identifiers"]["username"] == "required"
        emu.import_data({"instance": {"preset": "new_application"}})
        assert emu.instance["identifiers"]["email_address"] == "required"


def test_the_fixture_undoes_instance_settings_first(clerk_emulator):
    clerk_emulator.set_instance("new_application")


def test_the_fixture_undoes_instance_settings_second(clerk_emulator):
    assert clerk_emulator.instance["identifiers"]["email_address"] == "optional"


def test_many_threads_on_one_emulator(clerk_emulator):
    clerk = clerk_emulator.client(retry_config=None)
    errors = []

    def work(n: int) -> None:
        try:
            for i in range(10):
                clerk.users.create(first_name=f"T{n}-{i}")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert clerk.users.count().total_count == 80


def test_importing_the_testing_module_does_not_import_pytest():
    code = "import sys, clerk_backend.testing; assert 'pytest' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, env=_env())


PLUGIN_TESTS = '''
from clerk_backend import Clerk


def test_first(clerk_emulator, clerk_emulator_session):
    assert clerk_emulator is clerk_emulator_session
    with Clerk(bearer_auth="sk_test_x", server_url=clerk_emulator.url) as clerk:
        clerk.users.create(first_name="Ada")
        assert clerk.users.count().total_count == 1
    clerk_emulator.fault(503, count=3)
    clerk_emulator.set_rate_limit(1)
    open("port.txt", "w").write(str(clerk_emulator.port))


def test_second_starts_from_a_reset_emulator(clerk_emulator):
    assert str(clerk_emulator.port) == open("port.txt").read()  # one emulator per session
    assert clerk_emulator.pending_faults() == []
    assert clerk_emulator.rate_limit is None
    with Clerk(bearer_auth="sk_test_x", server_url=clerk_emulator.url, retry_config=None) as clerk:
        assert clerk.users.count().total_count == 0
'''


@pytest.mark.parametrize("enable", ["conftest", "command line"])
def test_pytest_plugin_in_a_user_project(tmp_path, enable):
    (tmp_path / "test_users.py").write_text(PLUGIN_TESTS)
    args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    if enable == "conftest":
        (tmp_path / "conftest.py").write_text('pytest_plugins = ["clerk_backend.testing"]\n')
    else:
        args += ["-p", "clerk_backend.testing"]
    result = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, env=_env(), timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def test_pytest_plugin_is_opt_in(tmp_path):
    (tmp_path / "test_users.py").write_text(PLUGIN_TESTS)
    args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    result = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, env=_env(), timeout=120)
    assert result.returncode != 0
    assert "fixture 'clerk_emulator' not found" in result.stdout


def test_quickstart_example_runs():
    script = REPO / "examples" / "python" / "quickstart.py"
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=_env(), timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert out.startswith("emulator listening on http://127.0.0.1:")
    for expected in (
        "created  user_",
        "list     newest first: Alan, Grace, Ada",
        "count    3 users",
        "update   ",
        "ban      ",
        " banned=True",
        "unban    ",
        "verify   password verified=True",
        "retry    two 503s, then count=3",
        "async    fetched 3 users",
        "delete   ",
        "get      deleted user -> HTTP 404 resource_not_found",
        "count    2 users left",
    ):
        assert expected in out, (expected, out)
    assert result.stderr == ""
