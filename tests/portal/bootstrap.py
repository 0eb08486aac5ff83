"""Creates the test portal's users, organisation and API tokens in a fresh CKAN
database (run once per template database by tests/portal/ckan.sh, with the venv's
python and $CKAN_INI set). Prints shell assignments for the env file.

  sysadmin   kaifang-admin   (CKAN_SYSADMIN_TOKEN)
  publisher  kaifang-editor  editor of the organisation (CKAN_TOKEN)
  org        county-test     (CKAN_ORG)
"""
import os
import sys

from ckan.cli import load_config
from ckan.config.middleware import make_app
import ckan.logic as logic
import ckan.model as model

ORG = os.environ.get("CKAN_ORG", "county-test")
ROLE = "editor"
PASSWORD = "kaifang-test-pass"

app = make_app(load_config(os.environ["CKAN_INI"]))


def act(action, user, /, **data):
    ctx = {"model": model, "session": model.Session, "user": user, "ignore_auth": True}
    return logic.get_action(action)(ctx, data)


with app._wsgi_app.test_request_context():
    site = logic.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    for name in ("kaifang-admin", "kaifang-editor"):
        act("user_create", site, name=name, email=name + "@example.org", password=PASSWORD,
            fullname=name)
    admin = model.User.get("kaifang-admin")
    admin.sysadmin = True
    model.Session.commit()
    act("organization_create", "kaifang-admin", name=ORG, title="County (test)")
    act("organization_member_create", "kaifang-admin", id=ORG, username="kaifang-editor",
        role=ROLE)
    admin_token = act("api_token_create", "kaifang-admin", user="kaifang-admin",
                      name="tests")["token"]
    editor_token = act("api_token_create", "kaifang-editor", user="kaifang-editor",
                       name="tests")["token"]

sys.stdout.write(
    "CKAN_TOKEN=%s\nCKAN_ORG=%s\nCKAN_SYSADMIN_TOKEN=%s\nCKAN_USER=kaifang-editor\n"
    "CKAN_SYSADMIN=kaifang-admin\nCKAN_PASSWORD=%s\n"
    % (editor_token, ORG, admin_token, PASSWORD))
