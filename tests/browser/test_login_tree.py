"""A real browser (Playwright driving Debian's chromium) logs in and opens the court tree."""

from tests.browser.conftest import BROWSER_MARKS

pytestmark = BROWSER_MARKS


def test_login_and_court_tree(live_server, page, tree, make_staff):
    make_staff(tree.bj3, "bj3_officer", name="赵一")
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "bj3_officer")
    page.fill("#id_password", "wrong-password")
    page.click("button.primary")
    assert "用户名或密码不正确" in page.inner_text("main")

    page.fill("#id_username", "bj3_officer")
    page.fill("#id_password", "test-password-1")
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/")
    assert "赵一" in page.inner_text("header")

    page.click("nav >> text=法院与机构")
    page.wait_for_url(f"{live_server.url}/courts/")
    tree_text = page.inner_text("#court-tree")
    assert "北京市第三中级人民法院" in tree_text and "北京市朝阳区人民法院" in tree_text
    assert "北京市海淀区人民法院" not in tree_text  # another branch of the tree

    page.click("#court-tree >> text=北京市朝阳区人民法院")
    page.wait_for_url("**/courts/*/")
    assert "执行实施机构" in page.inner_text("main")
    assert "京0105" in page.inner_text("h1")
